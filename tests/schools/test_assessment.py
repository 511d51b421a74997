"""A school's assessment against TT 16/2022, through the API and the pages: counted criteria
from its holdings and enrolment, entered ones with their evidence, the levels, and who may
see it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from libnet.core import tokens
from libnet.network.models import LibraryKind, Membership, Role
from libnet.planning.periods import parse
from libnet.schools import selectors, services
from libnet.schools.errors import CriteriaRefused
from libnet.schools.models import ClassEnrolment, CriteriaVersion, Evidence
from tests.factories import ItemFactory, LibraryFactory, UserFactory
from tests.schools.conftest import SCHOOL, YEAR, enrol

API = f"/api/v1/schools/{SCHOOL}/assessment?period={YEAR}"


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.create_api_token(user=user)}"}


def criterion(body: dict, code: str) -> dict:
    for group in body["groups"]:
        for row in group["criteria"]:
            if row["code"] == code:
                return {**row, "group_level": group["level"]}
    raise AssertionError(code)


def test_lower_secondary_school_at_3_9_copies_per_pupil_is_below_level_1(client, an, school):
    """39 copies for 10 pupils: 3.9 against a threshold of 4, not met; Level 1 not reached."""
    ItemFactory.create_batch(39, home_library=school)
    enrol(school, pupils=10)
    body = client.get(API, **bearer(an.user)).json()
    found = criterion(body, "R1.copies_per_pupil")
    assert found["value"] == 3.9
    assert found["threshold"] == 4.0
    assert found["met"] is False
    assert found["group_level"] == 0
    assert body["level"] == 0


def test_lower_secondary_school_at_4_copies_per_pupil_meets_the_criterion(
    client, an, school, forty_copies
):
    """40 copies for 10 pupils: met; the group still waits for the teachers' sets (no evidence
    yet), so the level is not assessable (null), not a failure."""
    enrol(school, pupils=10)
    body = client.get(API, **bearer(an.user)).json()
    found = criterion(body, "R1.copies_per_pupil")
    assert (found["value"], found["met"]) == (4.0, True)
    assert found["group_level"] is None
    assert body["level"] is None


def test_withdrawn_copies_are_not_held_and_textbooks_are(client, an, school):
    ItemFactory.create_batch(38, home_library=school, item_type="textbook")
    ItemFactory.create_batch(2, home_library=school, item_type="book")
    ItemFactory.create_batch(5, home_library=school, status="withdrawn")
    enrol(school, pupils=10)
    assert (
        criterion(client.get(API, **bearer(an.user)).json(), "R1.copies_per_pupil")["value"] == 4.0
    )


def test_criteria_without_a_confirmed_threshold_are_not_assessable(
    client, an, school, forty_copies
):
    """The area of a lower-secondary library is not confirmed in the shipped text: met null
    even with a figure and its evidence, and the page says it is for the province to fill."""
    enrol(school, pupils=10)
    client.force_login(an.user)
    client.post(
        f"/staff/schools/{SCHOOL}/{YEAR}/evidence/",
        {"criterion": "F1.area", "value": "60", "evidence": "Biên bản đo diện tích 5/2026"},
    )
    found = criterion(client.get(API).json(), "F1.area")
    assert (found["value"], found["threshold"], found["met"]) == (60.0, None, None)
    page = client.get(f"/staff/schools/{SCHOOL}/?period={YEAR}").content.decode()
    assert "Chưa xác nhận: tỉnh điền" in page


def test_criteria_are_loaded_from_the_shipped_file(client, an, school):
    version = selectors.current_version()
    assert version.number == 1
    assert version.is_published
    lower = version.criteria.get(school_level="lower_secondary", code="R1.copies_per_pupil")
    upper = version.criteria.get(school_level="upper_secondary", code="R1.copies_per_pupil")
    primary = version.criteria.get(school_level="primary", code="R1.copies_per_pupil")
    assert (lower.threshold, upper.threshold, primary.threshold) == (Decimal(4), Decimal(5), None)
    assert {row.group for row in version.criteria.filter(school_level="kindergarten")} == {
        "resources", "facilities", "equipment", "activities", "management"
    }  # fmt: skip
    client.force_login(an.user)
    page = client.get("/staff/schools/criteria/").content.decode()
    assert "Chưa xác nhận: tỉnh điền" in page
    assert "≥ 4 bản/học sinh" in page


def test_the_province_fills_a_threshold_in_a_new_version(client, an, school, forty_copies):
    """The province drafts version 2, sets the area threshold and publishes: the school's area
    is assessed against it; version 1 stays as it was and cannot be changed."""
    enrol(school, pupils=10)
    services.record_evidence(
        library=school, period=parse(YEAR),
        criterion_code="F1.area", value="45", evidence="Biên bản đo", by=an.user,
    )  # fmt: skip
    first = selectors.current_version()
    with pytest.raises(CriteriaRefused):
        services.set_criterion(
            version=first, school_level="lower_secondary", code="F1.area",
            threshold=Decimal(50), by=None,
        )  # fmt: skip
    draft = services.draft_from(version=first, by=None)
    services.set_criterion(
        version=draft,
        school_level="lower_secondary",
        code="F1.area",
        threshold=Decimal(50),
        by=None,
    )
    assert selectors.current_version() == first  # a draft is not in force
    services.publish(version=draft, by=None)
    found = criterion(client.get(API, **bearer(an.user)).json(), "F1.area")
    assert (found["threshold"], found["met"]) == (50.0, False)
    assert first.criteria.get(school_level="lower_secondary", code="F1.area").threshold is None
    assert CriteriaVersion.objects.count() == 2


def test_multi_level_school_is_assessed_per_level(client, province, bodies):
    """A primary + lower-secondary school: groups for each school level."""
    multi = LibraryFactory(
        code="SL-TH-THCS-A", kind=LibraryKind.SCHOOL_MULTI,
        school_levels=["primary", "lower_secondary"], parent=None,
    )  # fmt: skip
    user = UserFactory(username="hieu")
    Membership.objects.create(user=user, library=multi, role=Role.ADMIN)
    body = client.get(
        f"/api/v1/schools/{multi.code}/assessment?period={YEAR}", **bearer(user)
    ).json()
    assert {group["school_level"] for group in body["groups"]} == {"primary", "lower_secondary"}
    assert len(body["groups"]) == 10


def test_a_period_that_is_not_a_school_year_is_refused(client, an, school):
    response = client.get(f"/api/v1/schools/{SCHOOL}/assessment?period=2026-Q1", **bearer(an.user))
    assert response.status_code == 400
    assert response.json()["code"] == "not_school_year"


def test_enrolment_entered_on_the_page_and_a_word_refused(client, an, school):
    client.force_login(an.user)
    url = f"/staff/schools/{SCHOOL}/{YEAR}/enrolment/"
    response = client.post(
        url,
        {"class_name": "6A", "school_level": "lower_secondary", "pupils": "35", "teachers": "3"},
    )
    assert response.status_code == 302
    response = client.post(
        url, {"class_name": "6B", "school_level": "lower_secondary", "pupils": "ba mươi"}
    )
    assert response.status_code == 400
    assert "phải là số nguyên" in response.content.decode()
    for refused in (
        {"class_name": "6C", "pupils": "5000"},  # a typing mistake, no class is that large
        {"class_name": "6" * 41, "pupils": "30"},
        {"class_name": "10A", "pupils": "30", "school_level": "upper_secondary"},  # not taught
    ):
        response = client.post(url, {"school_level": "lower_secondary", **refused})
        assert response.status_code == 400
    assert list(ClassEnrolment.objects.values_list("class_name", "pupils", "teachers")) == [
        ("6A", 35, 3)
    ]


def test_evidence_without_its_source_is_refused(client, an, school):
    client.force_login(an.user)
    response = client.post(
        f"/staff/schools/{SCHOOL}/{YEAR}/evidence/",
        {"criterion": "A1.lookup", "answer": "yes", "evidence": "  "},
    )
    assert response.status_code == 400
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("who", ["minh", "thu", "other_school"])
def test_other_staff_get_404_for_the_school_everywhere(client, request, school, who, minh, thu):
    """A commune clerk, the Sở GD&ĐT officer (the school reports to its commune office) and
    another school's librarian: 404 for the page, the API, every write and the PDF."""
    if who == "other_school":
        other = LibraryFactory(code="SL-THCS-KHAC", kind=LibraryKind.SCHOOL_LOWER_SECONDARY)
        user = UserFactory(username="khac")
        Membership.objects.create(user=user, library=other, role=Role.ADMIN)
    else:
        user = {"minh": minh, "thu": thu}[who].user
    client.force_login(user)
    assert client.get(f"/staff/schools/{SCHOOL}/?period={YEAR}").status_code == 404
    assert client.get(f"/staff/schools/{SCHOOL}/{YEAR}/report.pdf").status_code == 404
    for action in ("enrolment", "evidence", "submit", "decide"):
        assert client.post(f"/staff/schools/{SCHOOL}/{YEAR}/{action}/", {}).status_code == 404
    client.logout()
    assert client.get(API, **bearer(user)).status_code == 404
    assert not ClassEnrolment.objects.exists()


def test_the_report_pdf_opens(client, an, school, forty_copies):
    enrol(school, pupils=10)
    client.force_login(an.user)
    response = client.get(f"/staff/schools/{SCHOOL}/{YEAR}/report.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_standards_page_tells_a_public_library_clerk_it_is_not_her_work(client, minh, school):
    client.force_login(minh.user)
    response = client.get("/staff/schools/")
    assert response.status_code == 403
    assert "cán bộ thư viện trường học" in response.content.decode()


def test_evidence_for_a_school_year_out_of_the_operational_years_is_refused(client, an, school):
    """As enrolment is: evidence for 2999-SY is a typing slip, not a school year."""
    client.force_login(an.user)
    response = client.post(
        f"/staff/schools/{SCHOOL}/2999-SY/evidence/",
        {"criterion": "A1.lookup", "answer": "yes", "evidence": "Sổ tra cứu"},
    )
    assert response.status_code == 400
    assert not Evidence.objects.exists()
