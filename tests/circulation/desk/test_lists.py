"""Overdue loans and reminder letters, the hold shelf, and the daily visits entry."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.urls import reverse

from libnet.circulation.models import Hold, HoldStatus, VisitCount, VisitSource
from libnet.network.models import Membership, Role
from tests.circulation.desk.conftest import days_ago
from tests.factories import (
    NOW,
    BibRecordFactory,
    ItemFactory,
    LoanFactory,
    PatronFactory,
    category,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_at_commune(commune, tu):
    """Tú has Tắt đèn 10 days late and Số đỏ 2 days late; Lan Anh has nothing late."""
    late = LoanFactory(
        patron=tu,
        item=ItemFactory(home_library=commune, bib=BibRecordFactory(title="Tắt đèn")),
        due_on=days_ago(10),
    )
    slightly_late = LoanFactory(
        patron=tu,
        item=ItemFactory(home_library=commune, bib=BibRecordFactory(title="Số đỏ")),
        due_on=days_ago(2),
    )
    LoanFactory(
        patron=PatronFactory(home_library=commune, full_name="Trần Lan Anh"),
        item=ItemFactory(home_library=commune, bib=BibRecordFactory(title="Chí Phèo")),
        due_on=days_ago(-5),
    )
    return late, slightly_late


@pytest.fixture
def overdue_at_school(province, binh):
    """Bình (7A) and Châu (7B) are late with school books."""
    school = province["school"]
    chau = PatronFactory(
        home_library=school,
        full_name="Ngô Minh Châu",
        category=category("pupil"),
        school=school,
        school_class="7B",
        birth_date=dt.date(2013, 9, 1),
    )
    for patron, title in ((binh, "Dế Mèn phiêu lưu ký"), (chau, "Đất rừng phương Nam")):
        LoanFactory(
            patron=patron,
            item=ItemFactory(home_library=school, bib=BibRecordFactory(title=title)),
            due_on=days_ago(7),
        )
    return chau


def _pdf_text(content: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed (make test installs it)")
    path = tmp_path / "letters.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


# ---------------------------------------------------------------- overdue


def test_the_overdue_list_shows_the_late_loans_of_my_library(
    client, minh, overdue_at_commune, overdue_at_school
):
    client.force_login(minh.user)
    page = client.get(reverse("circulation:overdue")).content.decode()
    assert "Tắt đèn" in page
    assert "Số đỏ" in page
    assert "Chí Phèo" not in page  # not due yet
    assert "Dế Mèn" not in page
    assert "Phạm Văn Bình" not in page


def test_the_overdue_list_filters_by_days_late(client, minh, overdue_at_commune):
    client.force_login(minh.user)
    page = client.get(reverse("circulation:overdue"), {"min_days": "5"}).content.decode()
    assert "Tắt đèn" in page
    assert "Số đỏ" not in page


def test_a_school_librarian_filters_the_overdue_list_by_class(client, an, overdue_at_school):
    client.force_login(an.user)
    page = client.get(reverse("circulation:overdue")).content.decode()
    assert '<option value="7A"' in page
    assert '<option value="7B"' in page
    page = client.get(reverse("circulation:overdue"), {"school_class": "7B"}).content.decode()
    assert "Ngô Minh Châu" in page
    assert "Phạm Văn Bình" not in page


def test_the_commune_clerk_gets_404_for_the_schools_overdue_list(client, minh, overdue_at_school):
    client.force_login(minh.user)
    response = client.get(reverse("circulation:overdue"), {"library": "SL-THCS-TANLAP"})
    assert response.status_code == 404
    response = client.get(reverse("circulation:overdue_letters"), {"library": "SL-THCS-TANLAP"})
    assert response.status_code == 404


def test_the_department_officer_sees_no_overdue_list(client, chi, overdue_at_commune):
    client.force_login(chi.user)
    assert client.get(reverse("circulation:overdue")).status_code == 403


def test_the_overdue_list_is_a_handful_of_queries(
    client, minh, overdue_at_commune, django_assert_max_num_queries
):
    """Session, user, roles, desk, loans, classes, the page's header; the desk remembered;
    the menu's four (a school desk, deposit points, a mobile crew, Form 01 readers)."""
    client.force_login(minh.user)
    with django_assert_max_num_queries(15):
        client.get(reverse("circulation:overdue"))


def test_reminder_letters_give_one_page_per_reader_to_the_parent_of_a_pupil(
    client, an, overdue_at_school, tmp_path
):
    client.force_login(an.user)
    response = client.get(reverse("circulation:overdue_letters"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"] == "application/pdf"
    pages = _pdf_text(response.content, tmp_path).split("\f")
    assert len([page for page in pages if page.strip()]) == 2
    first = next(page for page in pages if "Phạm Văn Bình" in page)
    assert "Dế Mèn phiêu lưu ký" in first
    assert "Đất rừng phương Nam" not in first


def test_reminder_letters_follow_the_class_filter(client, an, overdue_at_school, tmp_path):
    client.force_login(an.user)
    response = client.get(reverse("circulation:overdue_letters"), {"school_class": "7A"})
    text = _pdf_text(response.content, tmp_path)
    assert "Phạm Văn Bình" in text
    assert "Ngô Minh Châu" not in text


# ---------------------------------------------------------------- hold shelf


@pytest.fixture
def ready_hold(commune, tu):
    copy = ItemFactory(home_library=commune, bib=BibRecordFactory(title="Nhật ký trong tù"))
    return Hold.objects.create(
        bib=copy.bib,
        patron=tu,
        pickup_library=commune,
        item=copy,
        status=HoldStatus.READY,
        placed_at=NOW,
        ready_at=NOW,
        pickup_until=dt.date(2026, 3, 9),
    )


@pytest.fixture
def school_hold(province, binh):
    copy = ItemFactory(home_library=province["school"])
    return Hold.objects.create(
        bib=copy.bib,
        patron=binh,
        pickup_library=province["school"],
        item=copy,
        status=HoldStatus.READY,
        placed_at=NOW,
        ready_at=NOW,
        pickup_until=dt.date(2026, 3, 9),
    )


def test_the_hold_shelf_lists_the_copies_waiting_at_my_library(
    client, minh, ready_hold, school_hold
):
    client.force_login(minh.user)
    page = client.get(reverse("circulation:hold_shelf")).content.decode()
    assert "Nhật ký trong tù" in page
    assert "Hoàng Văn Tú" in page
    assert "09/03/2026" in page
    assert "Phạm Văn Bình" not in page


def test_a_hold_is_cancelled_from_the_shelf(client, minh, ready_hold):
    client.force_login(minh.user)
    response = client.post(
        reverse("circulation:hold_cancel", args=[ready_hold.pk]), {"reason": "không đến lấy"}
    )
    assert response.status_code == 302
    ready_hold.refresh_from_db()
    assert ready_hold.status == HoldStatus.CANCELLED
    assert ready_hold.cancel_reason == "không đến lấy"


def test_the_commune_clerk_gets_404_cancelling_a_school_hold(client, minh, school_hold):
    client.force_login(minh.user)
    response = client.post(reverse("circulation:hold_cancel", args=[school_hold.pk]))
    assert response.status_code == 404
    school_hold.refresh_from_db()
    assert school_hold.closed_at is None


def test_anonymous_visitor_cannot_see_the_hold_shelf(client, ready_hold):
    response = client.get(reverse("circulation:hold_shelf"))
    assert response.status_code == 302


# ---------------------------------------------------------------- visits


def test_a_days_visits_are_entered_by_hand_and_replace_the_earlier_entry(client, minh, commune):
    client.force_login(minh.user)
    for count in ("35", "42"):
        response = client.post(
            reverse("circulation:visits"),
            {"library": "SL-TANLAP", "day": "2026-03-01", "count": count},
        )
        assert response.status_code == 302
    row = VisitCount.objects.get(library=commune, source=VisitSource.MANUAL)
    assert (row.day, row.count) == (dt.date(2026, 3, 1), 42)
    page = client.get(response["Location"]).content.decode()
    assert "01/03/2026" in page
    assert "42" in page


def test_visits_cannot_be_entered_for_tomorrow(client, minh):
    client.force_login(minh.user)
    response = client.post(
        reverse("circulation:visits"),
        {"library": "SL-TANLAP", "day": "2026-03-03", "count": "10"},
    )
    assert response.status_code == 400
    assert not VisitCount.objects.exists()


def test_the_commune_clerk_cannot_enter_or_see_the_schools_visits(client, minh):
    client.force_login(minh.user)
    response = client.post(
        reverse("circulation:visits"),
        {"library": "SL-THCS-TANLAP", "day": "2026-03-01", "count": "10"},
    )
    assert response.status_code == 404
    assert not VisitCount.objects.exists()
    response = client.get(reverse("circulation:visits"), {"library": "SL-THCS-TANLAP"})
    assert response.status_code == 404


def test_a_librarian_of_two_libraries_switches_the_table(client, minh, province):
    Membership.objects.create(user=minh.user, library=province["school"], role=Role.CIRCULATION)
    VisitCount.objects.create(
        library=province["school"],
        day=dt.date(2026, 3, 2),
        source="manual",
        count=77,
        updated_at=NOW,
    )
    client.force_login(minh.user)
    page = client.get(reverse("circulation:visits"), {"library": "SL-THCS-TANLAP"})
    assert "77" in page.content.decode()
