"""The school library's own papers: its plan for the school year (sent to the commune office
by 15/10), the register of pupil helpers and the classroom bookcases."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog.models import Item, ItemStatus
from libnet.core import clock
from libnet.rotation.models import ClaimKind, ItemClaim
from libnet.schools import services
from libnet.schools.models import BookcaseCopy, ClassroomBookcase, LibraryPlan, PupilHelper
from tests.factories import ItemFactory
from tests.schools.conftest import OFFICE, SCHOOL, YEAR

PLAN = f"/staff/schools/{SCHOOL}/{YEAR}/plan/"
HELPERS = f"/staff/schools/{SCHOOL}/{YEAR}/helpers/"
BOOKCASES = f"/staff/schools/{SCHOOL}/bookcases/"
DASHBOARD = f"/staff/schools/bodies/{OFFICE}/?period={YEAR}"
PLAN_TEXT = {
    "goals": "Phát triển văn hóa đọc trong học sinh",
    "activities": "Giới thiệu sách hằng tuần; Ngày Sách 21/4",
    "book_introductions_per_month": "4",
    "needs": "Bổ sung 200 bản sách tham khảo",
}


# --- the library plan ------------------------------------------------------------------------


def test_the_school_writes_and_sends_its_plan_and_the_commune_office_accepts_it(
    client, an, nga, school
):
    client.force_login(an.user)
    assert client.post(PLAN, PLAN_TEXT).status_code == 302
    plan = LibraryPlan.objects.get()
    assert plan.due_on == dt.date(2025, 10, 15)
    assert plan.book_introductions_per_month == 4
    assert client.post(f"{PLAN}submit/").status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.body.code) == ("submitted", OFFICE)
    # Sent: locked until returned.
    response = client.post(PLAN, {**PLAN_TEXT, "goals": "Khác"})
    assert response.status_code == 400
    assert "đã được gửi" in response.content.decode()
    client.force_login(nga.user)
    page = client.get(PLAN).content.decode()
    assert "Phát triển văn hóa đọc" in page
    assert 'id="accept"' in page
    refused = client.post(f"{PLAN}decide/", {"decision": "return", "reason": ""})
    assert refused.status_code == 409
    client.post(f"{PLAN}decide/", {"decision": "accept"})
    plan.refresh_from_db()
    assert (plan.state, plan.decided_by) == ("accepted", nga.user)


def test_a_plan_missing_a_field_is_refused_in_vietnamese_and_nothing_is_written(client, an, school):
    client.force_login(an.user)
    response = client.post(PLAN, {**PLAN_TEXT, "goals": "  ", "book_introductions_per_month": "x"})
    assert response.status_code == 400
    assert "Mục tiêu: mục này không được để trống." in response.content.decode()
    assert not LibraryPlan.objects.exists()
    response = client.post(PLAN, {**PLAN_TEXT, "book_introductions_per_month": "99"})
    assert "từ 0 đến 31" in response.content.decode()
    assert client.post(f"{PLAN}submit/").status_code == 409


def test_the_dashboard_lists_a_plan_not_sent_by_15_october(client, an, nga, school, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2025, 10, 20))
    client.force_login(nga.user)
    page = client.get(DASHBOARD).content.decode()
    assert 'id="plans-late"' in page
    assert "hạn nộp kế hoạch 15/10/2025" in page
    services.save_plan(library=school, school_year=2026, by=an.user, **PLAN_TEXT)
    services.submit_plan(
        library=school, school_year=2026, by=an.user,
        at=dt.datetime(2025, 10, 14, 3, tzinfo=dt.UTC),
    )  # fmt: skip
    page = client.get(DASHBOARD).content.decode()
    assert 'id="plans-late"' not in page
    row = page.split('data-school="SL-THCS-TANLAP"')[1].split("</tr>")[0]
    assert "Đã gửi" in row


@pytest.mark.parametrize("who", ["minh", "thu"])
def test_other_staff_and_another_body_get_404_for_the_plan(client, request, an, school, who):
    services.save_plan(library=school, school_year=2026, by=an.user, **PLAN_TEXT)
    services.submit_plan(library=school, school_year=2026, by=an.user)
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(PLAN).status_code == 404
    assert client.post(PLAN, PLAN_TEXT).status_code == 404
    assert client.post(f"{PLAN}submit/").status_code == 404
    assert client.post(f"{PLAN}decide/", {"decision": "accept"}).status_code == 404
    assert LibraryPlan.objects.get().state == "submitted"


# --- pupil helpers ---------------------------------------------------------------------------


def test_the_librarian_keeps_the_register_of_pupil_helpers(client, an, school):
    client.force_login(an.user)
    response = client.post(
        HELPERS,
        {
            "full_name": "Phạm Thu Hà",
            "class_name": "7A",
            "duties": "Xếp sách, giới thiệu sách",
            "joined_on": "2025-09-15",
        },
    )
    assert response.status_code == 302
    helper = PupilHelper.objects.get()
    assert (helper.full_name, helper.school_year) == ("Phạm Thu Hà", 2026)
    assert "Phạm Thu Hà" in client.get(HELPERS).content.decode()
    before = client.post(f"{HELPERS}{helper.pk}/end/", {"left_on": "2025-09-01"}).content.decode()
    assert "trước ngày bắt đầu" in before
    client.post(f"{HELPERS}{helper.pk}/end/", {"left_on": "2026-05-20"})
    helper.refresh_from_db()
    assert helper.left_on == dt.date(2026, 5, 20)


def test_a_helper_without_a_name_or_a_day_is_refused(client, an, school):
    client.force_login(an.user)
    response = client.post(HELPERS, {"full_name": "", "class_name": "7A", "duties": "x"})
    assert response.status_code == 400
    assert "họ và tên" in response.content.decode()
    response = client.post(HELPERS, {"full_name": "Hà", "class_name": "7A", "duties": "x"})
    assert "ngày học sinh bắt đầu" in response.content.decode()
    assert not PupilHelper.objects.exists()


@pytest.mark.parametrize("who", ["minh", "nga", "thu"])
def test_pupils_names_are_not_shown_outside_the_school_not_even_to_its_body(
    client, request, an, school, who
):
    helper = services.add_helper(
        library=school, school_year=2026, full_name="Phạm Thu Hà", class_name="7A",
        duties="Xếp sách", joined_on=dt.date(2025, 9, 15), by=an.user,
    )  # fmt: skip
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(HELPERS).status_code == 404
    assert client.post(HELPERS, {"full_name": "X"}).status_code == 404
    assert client.post(f"{HELPERS}{helper.pk}/end/", {"left_on": "2026-01-01"}).status_code == 404
    assert PupilHelper.objects.get().left_on is None


# --- classroom bookcases ---------------------------------------------------------------------


@pytest.fixture
def bookcase(an, school):
    return services.open_bookcase(
        library=school, class_name="6A", teacher="Cô Trần Thị Mai", opened_on=None, by=an.user
    )


def test_copies_lent_to_a_classroom_bookcase_are_on_rotation_and_come_back(
    client, an, school, bookcase
):
    copies = ItemFactory.create_batch(3, home_library=school, current_library=school)
    client.force_login(an.user)
    url = f"{BOOKCASES}{bookcase.pk}/"
    response = client.post(
        url, {"action": "lend", "barcodes": "\n".join(c.barcode for c in copies[:2])}
    )
    assert response.status_code == 200
    assert "Đã cho tủ sách lớp mượn 2 bản." in response.content.decode()
    lent = Item.objects.get(pk=copies[0].pk)
    assert (lent.status, lent.current_library_id) == (ItemStatus.ON_ROTATION, school.pk)
    assert ItemClaim.objects.get(item=lent).kind == ClaimKind.CLASSROOM
    listing = client.get(BOOKCASES).content.decode()
    assert 'data-bookcase="6A"' in listing
    # Closing with copies out is refused; taking them back puts them on the shelf.
    assert client.post(url, {"action": "close"}).status_code == 400
    client.post(url, {"action": "return", "barcodes": f"{copies[0].barcode}\n{copies[1].barcode}"})
    assert Item.objects.get(pk=copies[0].pk).status == ItemStatus.AVAILABLE
    assert not ItemClaim.objects.exists()
    assert BookcaseCopy.objects.filter(returned_at__isnull=False).count() == 2
    assert client.post(url, {"action": "close"}).status_code == 302
    assert ClassroomBookcase.objects.get().closed_on == clock.today()


def test_a_copy_on_loan_in_a_batch_or_of_another_library_is_refused_each_with_its_reason(
    client, an, school, province, bookcase
):
    on_loan = ItemFactory(home_library=school, current_library=school, status=ItemStatus.ON_LOAN)
    other = ItemFactory(home_library=province["commune"], current_library=province["commune"])
    fine = ItemFactory(home_library=school, current_library=school)
    claimed = ItemFactory(home_library=school, current_library=school)
    ItemClaim.objects.create(
        item=claimed, kind=ClaimKind.BATCH, holder_id=1, claimed_at=clock.now()
    )
    client.force_login(an.user)
    response = client.post(
        f"{BOOKCASES}{bookcase.pk}/",
        {
            "action": "lend",
            "barcodes": f"{on_loan.barcode}\n{other.barcode}\n{fine.barcode}\n{claimed.barcode}",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert f"{on_loan.barcode}</strong>: Bản sách {on_loan.barcode} không có trên giá" in page
    assert f"Trường không có bản sách {other.barcode}" in page
    assert "đã nằm trong một đợt luân chuyển" in page
    assert list(BookcaseCopy.objects.values_list("item_id", flat=True)) == [fine.pk]
    assert Item.objects.get(pk=on_loan.pk).status == ItemStatus.ON_LOAN


def test_a_copy_lost_in_the_bookcase_leaves_it_and_the_bookcase_closes(
    client, an, school, bookcase
):
    lost, kept = ItemFactory.create_batch(2, home_library=school, current_library=school)
    services.lend_to_bookcase(bookcase=bookcase, barcodes=[lost.barcode, kept.barcode], by=an.user)
    # The class lost a copy; the stocktake (or the copy's page) recorded it.
    Item.objects.filter(pk=lost.pk).update(status=ItemStatus.LOST)
    client.force_login(an.user)
    url = f"{BOOKCASES}{bookcase.pk}/"
    response = client.post(url, {"action": "return", "barcodes": f"{lost.barcode}\n{kept.barcode}"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Đã thu 1 bản về giá của trường." in page
    assert "1 bản rời tủ sách mà không về giá" in page
    assert Item.objects.get(pk=lost.pk).status == ItemStatus.LOST
    assert Item.objects.get(pk=kept.pk).status == ItemStatus.AVAILABLE
    assert not ItemClaim.objects.exists()  # found again, it may go to another class
    assert client.post(url, {"action": "close"}).status_code == 302


def test_barcodes_of_blanks_only_are_refused_with_a_message(client, an, school, bookcase):
    client.force_login(an.user)
    for action in ("lend", "return"):
        response = client.post(
            f"{BOOKCASES}{bookcase.pk}/", {"action": action, "barcodes": "  \n\t\n"}
        )
        assert response.status_code == 400
        assert "Hãy quét hoặc gõ ít nhất một mã vạch, mỗi dòng một mã." in response.content.decode()
    assert not BookcaseCopy.objects.exists()


def test_one_open_bookcase_per_class(client, an, school, bookcase):
    client.force_login(an.user)
    response = client.post(BOOKCASES, {"class_name": "6a", "teacher": "Thầy Hùng"})
    assert response.status_code == 400
    assert "đã có tủ sách đang mở" in response.content.decode()
    assert ClassroomBookcase.objects.count() == 1


@pytest.mark.parametrize("who", ["minh", "nga"])
def test_other_staff_get_404_for_the_bookcases(client, request, school, bookcase, who):
    copy = ItemFactory(home_library=school, current_library=school)
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(BOOKCASES).status_code == 404
    assert client.post(BOOKCASES, {"class_name": "7B", "teacher": "X"}).status_code == 404
    assert client.get(f"{BOOKCASES}{bookcase.pk}/").status_code == 404
    response = client.post(
        f"{BOOKCASES}{bookcase.pk}/", {"action": "lend", "barcodes": copy.barcode}
    )
    assert response.status_code == 404
    assert not BookcaseCopy.objects.exists()
    # Nor take back, or close, what the school lent.
    services.lend_to_bookcase(bookcase=bookcase, barcodes=[copy.barcode], by=None)
    for action in ({"action": "return", "barcodes": copy.barcode}, {"action": "close"}):
        assert client.post(f"{BOOKCASES}{bookcase.pk}/", action).status_code == 404
    assert BookcaseCopy.objects.get().returned_at is None
    assert ClassroomBookcase.objects.get().closed_on is None


def test_a_bookcase_opened_on_a_day_that_does_not_exist_is_refused_not_opened_today(
    client, an, school
):
    """A day typed wrong is refused with what to type, never replaced by today."""
    client.force_login(an.user)
    for typed in ("31/02/2026", "hôm qua"):
        response = client.post(
            BOOKCASES, {"class_name": "7B", "teacher": "Cô Mai", "opened_on": typed}
        )
        assert response.status_code == 400, typed
        assert "phải là ngày" in response.content.decode()
    assert not ClassroomBookcase.objects.exists()
