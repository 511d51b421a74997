"""Who a library's papers come from: the letterhead of its official documents."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.network.documents import letterhead, place_name
from libnet.network.models import AdminUnit, Library, LibraryKind, Sector
from tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db

AFTER_REFORM = dt.date(2026, 3, 5)
BEFORE_REFORM = dt.date(2024, 10, 1)


def _head(code: str, on: dt.date | None = AFTER_REFORM):
    return letterhead(Library.objects.get(code=code), on=on)


def test_the_provincial_library_writes_under_the_department_of_culture(small_demo):
    head = _head("SL-TVT")
    assert head.governing == ("Sở Văn hóa, Thể thao và Du lịch Tỉnh Sông Lam",)
    assert head.issuer == "Thư viện tỉnh Sông Lam"
    assert head.place == "Sông Lam"


def test_a_commune_library_writes_under_the_communes_peoples_committee(small_demo):
    head = _head("SL-TANLAP")
    assert head.governing == ("Ủy ban nhân dân Xã Tân Lập",)
    assert head.issuer == "Thư viện xã Tân Lập"
    assert head.place == "Tân Lập"


def test_a_bookcase_writes_under_the_commune_it_is_in(small_demo):
    assert _head("SL-TANLAP-TS1").governing == ("Ủy ban nhân dân Xã Tân Lập",)


def test_the_mobile_library_and_a_branch_write_under_the_provincial_library(small_demo):
    for code in ("SL-TVT-LD", "SL-HUNGLAM"):
        head = _head(code)
        assert head.governing == ("Thư viện tỉnh Sông Lam",), code
        assert head.place == "Sông Lam"


def test_a_school_library_is_the_school_under_its_managing_body(small_demo):
    head = _head("SL-THCS-TANLAP")
    assert head.governing == ("Ủy ban nhân dân Xã Tân Lập", "Trường THCS Tân Lập")
    assert head.issuer == "Thư viện"
    assert head.place == "Tân Lập"


def test_before_the_reform_a_school_answered_to_the_district_education_office(small_demo):
    head = _head("SL-THCS-TANLAP", BEFORE_REFORM)
    assert head.governing == ("Phòng Giáo dục và Đào tạo Huyện Hưng Lam", "Trường THCS Tân Lập")


def test_an_upper_secondary_school_answers_to_the_department_of_education(small_demo):
    school = LibraryFactory(
        code="SL-THPT-TEST",
        name="Thư viện Trường THPT Hưng Lam",
        kind=LibraryKind.SCHOOL_UPPER_SECONDARY,
        sector=Sector.EDUCATION,
        admin_unit=AdminUnit.objects.get(code="SL-X-TANLAP", valid_to__isnull=True),
    )
    head = letterhead(school, on=AFTER_REFORM)
    assert head.governing == ("Sở Giáo dục và Đào tạo Tỉnh Sông Lam", "Trường THPT Hưng Lam")


def test_without_an_administrative_unit_the_name_tells_the_level(province):
    """TT 13/2016 names a public library "Thư viện + level + place"."""
    commune = letterhead(province["commune"])
    assert commune.governing == ("Ủy ban nhân dân Xã Tân Lập",)
    assert commune.place == "Tân Lập"
    provincial = letterhead(province["provincial"])
    assert provincial.governing == ("Sở Văn hóa, Thể thao và Du lịch Tỉnh Sông Lam",)
    assert letterhead(province["bookcase"]).governing == ("Ủy ban nhân dân Xã Tân Lập",)


def test_settings_override_a_letterhead(province, settings):
    settings.LIBNET_LETTERHEADS = {
        "SL-TVT": {"governing": ["Sở Văn hóa và Thể thao tỉnh Sông Lam"], "place": "Lam Giang"}
    }
    head = letterhead(province["provincial"])
    assert head.governing == ("Sở Văn hóa và Thể thao tỉnh Sông Lam",)
    assert head.place == "Lam Giang"
    assert head.issuer == "Thư viện tỉnh Sông Lam"


@pytest.mark.parametrize(
    ("unit", "place"),
    [
        ("Xã Tân Lập", "Tân Lập"),
        ("Phường Cửa Lam", "Cửa Lam"),
        ("Thành phố Lam Giang", "Lam Giang"),
        ("Thị trấn Kỳ Lạc", "Kỳ Lạc"),
        ("tỉnh Sông Lam", "Sông Lam"),
        ("Sông Lam", "Sông Lam"),
    ],
)
def test_the_place_of_a_date_line_drops_the_level(unit, place):
    assert place_name(unit) == place
