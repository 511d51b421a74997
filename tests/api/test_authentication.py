"""Who may call a staff endpoint: a token, or a session with its CSRF token for a change.

The clients here check CSRF as a browser's requests are checked (Django's test client skips
it unless told); a page's form sends the token in its field, a script in X-CSRFToken.
"""

from __future__ import annotations

import pytest
from django.test import Client

from libnet.circulation.models import VisitCount
from libnet.core import clock, tokens

pytestmark = pytest.mark.django_db

VISITS = "/api/v1/visits"


def _visits(persona) -> dict[str, object]:
    return {"library": persona.library.code, "date": clock.local_date().isoformat(), "count": 7}


@pytest.fixture
def browser() -> Client:
    return Client(enforce_csrf_checks=True)


def _signed_in(client: Client, persona) -> str:
    """Sign `persona` in on `client` and return the CSRF token a page of theirs would hold."""
    client.force_login(persona.user)
    client.get("/staff/")  # any page sets the CSRF cookie
    return client.cookies["csrftoken"].value


def test_a_change_without_token_or_session_is_401_not_a_csrf_refusal(browser, minh):
    response = browser.post(VISITS, _visits(minh), content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert "Bearer" in response.json()["message"]
    assert not VisitCount.objects.exists()


def test_a_change_on_a_session_without_the_csrf_token_is_refused_and_writes_nothing(browser, minh):
    _signed_in(browser, minh)
    response = browser.post(VISITS, _visits(minh), content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert "CSRF" in response.json()["message"]
    assert not VisitCount.objects.exists()


def test_a_change_on_a_session_with_the_csrf_token_is_made(browser, minh):
    csrf = _signed_in(browser, minh)
    response = browser.post(
        VISITS, _visits(minh), content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert response.status_code == 200, response.content
    assert VisitCount.objects.get().count == 7


def test_a_read_on_a_session_needs_no_csrf_token(browser, minh):
    _signed_in(browser, minh)
    response = browser.get("/api/v1/items/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "item_not_found"


def test_a_bearer_token_needs_no_csrf_token(browser, minh):
    token = tokens.create_api_token(user=minh.user)
    response = browser.post(
        VISITS,
        _visits(minh),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.content
    assert VisitCount.objects.get().count == 7


def test_a_wrong_token_is_401_even_with_a_session_cookie_of_nobody(browser, minh):
    browser.cookies["sessionid"] = "not-a-session"
    response = browser.post(
        VISITS,
        _visits(minh),
        content_type="application/json",
        headers={"Authorization": "Bearer lnt_not-a-token"},
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_the_token_of_a_user_no_longer_active_is_401(client, minh):
    token = tokens.create_api_token(user=minh.user)
    minh.user.is_active = False
    minh.user.save(update_fields=["is_active"])
    response = client.get("/api/v1/items/1", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
