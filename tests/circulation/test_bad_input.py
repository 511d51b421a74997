"""Mistyped values at the circulation pages, the API and the CLI: a 4xx and a sentence in
Vietnamese naming the field and the reason, never a 404 about something else or a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from libnet.circulation import services
from libnet.circulation.errors import VisitRefused
from libnet.circulation.models import Hold, HoldStatus, InLibraryUse, VisitCount
from libnet.core import clock, tokens
from libnet.core.validation import DateOutOfRange
from tests.factories import NOW, HoldFactory, ItemFactory, LoanFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """2 March 2026, 10:00 in Vietnam."""
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return NOW


def bearer(persona) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


def post(client, persona, url, body):
    return client.post(url, body, content_type="application/json", headers=bearer(persona))


# --- the overdue list -------------------------------------------------------------------------


@pytest.fixture
def late_loan(desk):
    return LoanFactory(item=ItemFactory(home_library=desk), due_on=dt.date(2026, 2, 20))


@pytest.mark.parametrize("value", ["-5", "0", "abc", "99999999999999999999999", "4000"])
def test_the_overdue_list_says_what_is_wrong_with_min_days(client, minh, late_loan, value):
    client.force_login(minh.user)
    response = client.get(reverse("circulation:overdue"), {"min_days": value})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Quá hạn ít nhất (ngày)" in page  # the field
    assert "Hãy nhập số ngày là số nguyên từ 1 đến 3650." in page  # the reason
    assert late_loan.item.barcode not in page  # no list for filters it could not read


def test_reminder_letters_with_min_days_it_cannot_read_answer_the_form_not_a_pdf(
    client, minh, late_loan
):
    client.force_login(minh.user)
    response = client.get(reverse("circulation:overdue_letters"), {"min_days": "-5"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Hãy nhập số ngày là số nguyên từ 1 đến 3650." in response.content.decode()


def test_a_class_name_too_long_for_the_filter_is_refused_with_the_field(client, minh, late_loan):
    client.force_login(minh.user)
    response = client.get(reverse("circulation:overdue"), {"school_class": "7" * 21})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Lớp" in page  # the field, in the list of what to correct
    assert "20" in page  # the limit


def test_the_overdue_list_with_good_filters_still_lists(client, minh, late_loan):
    client.force_login(minh.user)
    response = client.get(reverse("circulation:overdue"), {"min_days": "5"})
    assert response.status_code == 200
    assert late_loan.item.barcode in response.content.decode()


# --- visits through the API -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"date": "1990-01-01", "count": 5}, "date_out_of_range"),
        ({"date": "2026-03-03", "count": 5}, "future_day"),
        ({"date": "2099-01-01", "count": 5}, "future_day"),
    ],
)
def test_visits_that_cannot_be_right_are_refused_through_the_api(client, minh, desk, body, code):
    response = post(client, minh, "/api/v1/visits", {"library": desk.code, **body})
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    assert not VisitCount.objects.exists()


@pytest.mark.parametrize("count", [2**63, 10_001, -1])
def test_a_visit_count_out_of_range_is_a_422_naming_the_count(client, minh, desk, count):
    """The API's input rules bound the count to the service's limit (MAX_VISITS_PER_DAY)."""
    response = post(
        client, minh, "/api/v1/visits", {"library": desk.code, "date": "2026-03-01", "count": count}
    )
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"][-1] == "count"
    assert not VisitCount.objects.exists()


def test_visits_for_1990_name_the_field_and_the_window(client, minh, desk):
    response = post(
        client, minh, "/api/v1/visits", {"library": desk.code, "date": "1990-01-01", "count": 5}
    )
    message = response.json()["message"]
    assert "Ngày ghi lượt bạn đọc" in message
    assert "01/01/1990" in message
    assert "đến 02/03/2026" in message  # the days allowed end today: no visits to come


def test_the_service_refuses_absurd_counts_itself(minh, desk):
    for count in (2**63, 10_001, True, 2.5):
        with pytest.raises(VisitRefused):
            services.record_visits(
                library=desk, day=dt.date(2026, 3, 1), count=count, source="manual", by=None
            )
    with pytest.raises(DateOutOfRange):
        services.record_visits(
            library=desk, day=dt.date(1990, 1, 1), count=5, source="manual", by=None
        )


# --- visits on the page and from the gate counter ---------------------------------------------


@pytest.mark.parametrize(
    ("day", "count", "message"),
    [
        ("1990-01-01", "10", "Ngày"),
        ("2026-03-01", "99999", "Hãy nhập số lượt bạn đọc là số nguyên từ 0 đến 10000."),
        ("2026-03-01", "-3", "Hãy nhập số lượt bạn đọc là số nguyên từ 0 đến 10000."),
    ],
)
def test_the_daily_entry_refuses_a_day_or_count_that_cannot_be_right(
    client, minh, desk, day, count, message
):
    client.force_login(minh.user)
    response = client.post(
        reverse("circulation:visits"), {"library": desk.code, "day": day, "count": count}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not VisitCount.objects.exists()


def test_the_daily_entry_for_1990_says_the_window(client, minh, desk):
    client.force_login(minh.user)
    response = client.post(
        reverse("circulation:visits"), {"library": desk.code, "day": "1990-01-01", "count": "10"}
    )
    assert "01/01/1990" in response.content.decode()


def test_import_visits_reports_a_day_of_1990_and_a_count_it_cannot_read(desk, tmp_path, capsys):
    csv_file = tmp_path / "cong.csv"
    csv_file.write_text(
        "1990-01-01,51\n2026-02-27,²\n2026-02-28,99999999999999999999\n2026-03-01,40\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        call_command("import_visits", str(csv_file), "--library", desk.code.lower())
    err = capsys.readouterr().err
    for line in ("1", "2", "3"):
        assert f"dòng {line}:" in err or f"line {line}:" in err
    assert dict(VisitCount.objects.values_list("day", "count")) == {dt.date(2026, 3, 1): 40}


def test_the_desk_visit_button_counts_today(client, minh, desk):
    client.force_login(minh.user)
    client.post(reverse("circulation:desk_visit"), headers=HTMX)
    row = VisitCount.objects.get()
    assert (row.day, row.count) == (dt.date(2026, 3, 2), 1)


# --- read in place ----------------------------------------------------------------------------


def test_the_desk_refuses_an_absurd_number_of_copies_read_in_place(client, minh, desk):
    client.force_login(minh.user)
    response = client.post(reverse("circulation:desk_use"), {"count": "100000"}, headers=HTMX)
    assert "từ 1 đến 500" in response.content.decode()
    assert not InLibraryUse.objects.exists()
    with pytest.raises(VisitRefused):
        services.record_in_library_use(library=desk, count=10**9, by=None)


# --- the hold shelf ---------------------------------------------------------------------------


def test_cancelling_a_hold_never_sends_the_clerk_to_another_site(client, minh, desk):
    hold = HoldFactory(pickup_library=desk)
    client.force_login(minh.user)
    response = client.post(
        reverse("circulation:hold_cancel", args=[hold.pk]),
        {"next": "https://example.com/phishing"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("circulation:hold_shelf")
    hold.refresh_from_db()
    assert hold.status == HoldStatus.CANCELLED
    assert Hold.objects.count() == 1
