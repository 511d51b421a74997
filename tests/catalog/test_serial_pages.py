"""Serials pages: what the cataloguer sees and does, and what other libraries' staff cannot."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.urls import reverse

from libnet.catalog.models import ClaimState, IssueState, SerialClaim, SerialSubscription
from libnet.catalog.services import serials
from tests.html import visible_text

D = dt.date


def _subscription_urls(subscription):
    pk = subscription.pk
    return [
        reverse("serials:subscription", args=[pk]),
        reverse("serials:subscription_edit", args=[pk]),
    ]


@pytest.mark.django_db
def test_every_page_opens_for_the_libraries_cataloguer(client, lan, daily_at_provincial):
    client.force_login(lan.user)
    urls = [
        reverse("serials:list"),
        reverse("serials:title_new"),
        reverse("serials:subscription_new"),
        reverse("serials:checkin"),
        reverse("serials:claims"),
        *_subscription_urls(daily_at_provincial),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    listing = visible_text(client.get(reverse("serials:list")).content)
    assert "Nhân Dân" in listing
    assert "0866-7020" in listing


@pytest.mark.django_db
def test_staff_of_another_library_get_404_on_every_page_and_change(client, an, daily_at_provincial):
    """An, at the school, cannot open, change, receive, bind or claim the provincial
    library's issues, nor get its claim letter."""
    client.force_login(an.user)
    issue = daily_at_provincial.issues.get(expected_on=D(2026, 3, 1))
    for url in _subscription_urls(daily_at_provincial):
        assert client.get(url).status_code == 404, url
    posts = [
        (reverse("serials:issue_add", args=[daily_at_provincial.pk]), {"number": 9}),
        (reverse("serials:issues_dispose", args=[daily_at_provincial.pk]), {"issue": issue.pk}),
        (reverse("serials:checkin"), {"issue": issue.pk}),
        (reverse("serials:claims"), {"action": "claim", "issue": issue.pk}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    letter = reverse("serials:claim_letter") + "?library=SL-TVT&supplier=x"
    assert client.get(letter).status_code == 404
    # His own list does not show the provincial library's subscription.
    assert "Nhân Dân" not in visible_text(client.get(reverse("serials:list")).content)
    issue.refresh_from_db()
    assert issue.state == IssueState.EXPECTED
    assert not SerialClaim.objects.exists()


@pytest.mark.django_db
def test_a_cataloguer_adds_a_title_and_subscribes_from_the_pages(client, lan, reading_room):
    client.force_login(lan.user)
    response = client.post(
        reverse("serials:title_new"),
        {"title": "Báo Sông Lam", "issn": "1859-1531", "frequency": "weekly", "is_popular": "on"},
    )
    assert response.status_code == 302
    title_id = int(response["Location"].rsplit("=", 1)[1])
    response = client.post(
        reverse("serials:subscription_new"),
        {
            "library": "SL-TVT",
            "title": title_id,
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "copies": 1,
            "shelf_location": reading_room.pk,
            "weekday": "3",
            "first_number": 1,
            "grace_days": 7,
            "supplier": "Bưu điện tỉnh",
        },
    )
    assert response.status_code == 302
    subscription = SerialSubscription.objects.get()
    assert subscription.issues.count() == 53  # Thursdays of 2026
    page = visible_text(client.get(response["Location"]).content)
    assert "Báo Sông Lam" in page


@pytest.mark.django_db
def test_a_refused_title_or_subscription_says_why_and_writes_nothing(client, lan, nhan_dan):
    client.force_login(lan.user)
    response = client.post(
        reverse("serials:title_new"),
        {"title": "Lao Động", "issn": "0866-7021", "frequency": "daily"},
    )
    assert response.status_code == 400
    assert "không phải là ISSN hợp lệ" in visible_text(response.content)
    response = client.post(
        reverse("serials:subscription_new"),
        {
            "library": "SL-TVT",
            "title": nhan_dan.pk,
            "starts_on": "2026-12-31",
            "ends_on": "2026-01-01",
            "copies": 1,
            "first_number": 1,
            "grace_days": 7,
        },
    )
    assert response.status_code == 400
    assert "trước ngày bắt đầu" in visible_text(response.content)
    assert not SerialSubscription.objects.exists()


@pytest.mark.django_db
def test_issues_are_checked_in_by_scan_or_by_tick(client, lan, daily_at_provincial):
    client.force_login(lan.user)
    page = visible_text(client.get(reverse("serials:checkin")).content)
    assert "Nhân Dân" in page
    response = client.post(
        reverse("serials:checkin"),
        {"library": "SL-TVT", "code": "9770866702004", "issue": "09/03/2026"},
    )
    assert response.status_code == 302
    scanned = daily_at_provincial.issues.get(expected_on=D(2026, 3, 9))
    assert (scanned.state, scanned.copies_received) == (IssueState.RECEIVED, 2)
    ticked = list(daily_at_provincial.issues.filter(expected_on__lte=D(2026, 1, 2)))
    response = client.post(reverse("serials:checkin"), {"issue": [i.pk for i in ticked]})
    assert response.status_code == 302
    assert set(
        daily_at_provincial.issues.filter(pk__in=[i.pk for i in ticked]).values_list(
            "state", flat=True
        )
    ) == {IssueState.RECEIVED}
    # The same issue scanned twice is refused on the page, in Vietnamese.
    response = client.post(
        reverse("serials:checkin"),
        {"library": "SL-TVT", "code": "0866-7020", "issue": "68"},
    )
    assert response.status_code == 400
    assert "đã ở trạng thái «Đã nhận»" in visible_text(response.content)


@pytest.mark.django_db
def test_late_issues_are_claimed_and_the_letter_names_them(client, lan, daily_at_provincial):
    client.force_login(lan.user)
    daily_at_provincial.issues.filter(expected_on__lt=D(2026, 3, 1)).update(
        state=IssueState.RECEIVED
    )
    late = list(
        daily_at_provincial.issues.filter(expected_on__lte=D(2026, 3, 2)).filter(
            state=IssueState.EXPECTED
        )
    )
    response = client.post(
        reverse("serials:claims"), {"action": "claim", "issue": [i.pk for i in late]}
    )
    assert response.status_code == 302
    page = visible_text(client.get(reverse("serials:claims")).content)
    assert "Bưu điện tỉnh Sông Lam" in page
    letter = client.get(
        reverse("serials:claim_letter") + "?library=SL-TVT&supplier=Bưu điện tỉnh Sông Lam"
    )
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"
    words = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=letter.content, capture_output=True, check=True
    ).stdout.decode()
    assert "KHIẾU NẠI" in words
    assert "Nhân Dân" in words
    assert "số 60 (01/03/2026)" in words
    assert "0866-7020" in words
    assert "Kính gửi: Bưu điện tỉnh Sông Lam" in words
    claims = list(SerialClaim.objects.values_list("pk", flat=True))
    response = client.post(reverse("serials:claims"), {"action": "sent", "claim": claims})
    assert response.status_code == 302
    assert set(SerialClaim.objects.values_list("state", flat=True)) == {ClaimState.SENT}


@pytest.mark.django_db
def test_received_issues_are_bound_from_the_subscription_page(client, lan, daily_at_provincial):
    from tests.factories import RegisterFactory

    RegisterFactory(library=lan.library, prefix="DB", name="Báo đóng tập")
    january = list(daily_at_provincial.issues.filter(expected_on__month=1))
    serials.receive_issues(issues=january, by=lan.user)
    client.force_login(lan.user)
    url = reverse("serials:issues_dispose", args=[daily_at_provincial.pk]) + "?year=2026"
    response = client.post(url, {"issue": [i.pk for i in january], "action": "bind"})
    assert response.status_code == 302
    assert set(
        daily_at_provincial.issues.filter(expected_on__month=1).values_list("state", flat=True)
    ) == {IssueState.BOUND}
    # Discarding without a reason is refused on the page.
    february = list(daily_at_provincial.issues.filter(expected_on__month=2))
    serials.receive_issues(issues=february, by=lan.user)
    response = client.post(url, {"issue": [i.pk for i in february], "action": "discard"})
    assert response.status_code == 400
    assert "Hãy ghi lý do" in visible_text(response.content)
    # A daily's page shows a month; every received issue of it is bound at once.
    page = visible_text(client.get(url.replace("dispose/", "") + "&month=2").content)
    assert "Các số tháng 2/2026" in page
    assert "28/02/2026" in page
    assert "31/01/2026" not in page
    response = client.post(url + "&month=2", {"all_shown": "on", "action": "bind"})
    assert response.status_code == 302
    assert set(
        daily_at_provincial.issues.filter(expected_on__month=2).values_list("state", flat=True)
    ) == {IssueState.BOUND}


@pytest.mark.django_db
def test_the_library_page_counts_the_serial_titles_it_takes(client, lan, daily_at_provincial):
    client.force_login(lan.user)
    page = visible_text(client.get(reverse("staff:library", args=["SL-TVT"])).content)
    assert "Báo, tạp chí đặt mua 1" in " ".join(page.split())


@pytest.mark.django_db
def test_a_claim_is_cancelled_from_the_page_and_nothing_ticked_is_refused(
    client, lan, daily_at_provincial
):
    late = daily_at_provincial.issues.get(expected_on=D(2026, 3, 1))
    [claim] = serials.raise_claims(issues=[late], by=lan.user)
    client.force_login(lan.user)
    response = client.post(reverse("serials:claims"), {"action": "sent"})
    assert response.status_code == 400
    assert "Hãy chọn ít nhất một khiếu nại" in visible_text(response.content)
    response = client.post(
        reverse("serials:claims"),
        {"action": "cancel", "claim": [claim.pk], "note": "Tòa soạn không phát hành số này"},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.state, claim.note) == (ClaimState.CANCELLED, "Tòa soạn không phát hành số này")


@pytest.mark.django_db
def test_a_subscription_changed_from_the_page_regenerates_its_issues(
    client, lan, daily_at_provincial, reading_room
):
    client.force_login(lan.user)
    response = client.post(
        reverse("serials:subscription_edit", args=[daily_at_provincial.pk]),
        {
            "starts_on": "2026-01-01",
            "ends_on": "2026-06-30",
            "copies": 3,
            "shelf_location": reading_room.pk,
            "first_number": 1,
            "grace_days": 3,
            "supplier": "Bưu điện tỉnh Sông Lam",
        },
    )
    assert response.status_code == 302
    daily_at_provincial.refresh_from_db()
    assert daily_at_provincial.copies == 3
    assert daily_at_provincial.issues.count() == 181


@pytest.mark.django_db
def test_a_year_month_or_title_typed_as_superscript_digits_opens_the_page_not_a_server_error(
    client, lan, daily_at_provincial
):
    client.force_login(lan.user)
    page = reverse("serials:subscription", args=[daily_at_provincial.pk])
    assert client.get(page, {"year": "²⁰²⁶", "month": "³"}).status_code == 200
    assert client.get(reverse("serials:subscription_new"), {"title": "²"}).status_code == 200
