"""The demo's newspapers and magazines (demo/serials.py), on the small demo."""

from __future__ import annotations

import pytest
from django.urls import reverse

from libnet.catalog.models import ClaimState, IssueState, SerialClaim, SerialSubscription
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def test_the_demo_has_serials_at_the_provincial_and_a_district_library(small_demo):
    by_library: dict[str, set[str]] = {}
    for code, title in SerialSubscription.objects.values_list("library__code", "title__bib__title"):
        by_library.setdefault(code, set()).add(title)
    assert by_library == {
        "SL-TVT": {"Nhân Dân", "Văn nghệ", "Nhi Đồng", "Báo Sông Lam"},
        "SL-HUNGLAM": {"Nhân Dân"},
    }
    daily = SerialSubscription.objects.get(library__code="SL-TVT", title__issn="0866-7020")
    assert daily.issues.filter(state=IssueState.RECEIVED).count() > 0
    assert daily.issues.filter(state=IssueState.EXPECTED).exists()  # the latest days
    [claim] = SerialClaim.objects.all()
    assert claim.state == ClaimState.OPEN
    assert claim.issue.subscription.title.bib.title == "Văn nghệ"


def test_lan_sees_the_demo_serials_and_the_claim(small_demo, client, django_user_model):
    client.force_login(django_user_model.objects.get(username="lan"))
    assert "Nhi Đồng" in visible_text(client.get(reverse("serials:list")).content)
    claims = visible_text(client.get(reverse("serials:claims")).content)
    assert "Văn nghệ" in claims
    assert "Bưu điện tỉnh Sông Lam" in claims
