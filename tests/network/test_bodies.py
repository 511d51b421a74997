"""Managing bodies (the Sở GD&ĐT, the Sở VHTTDL, commune offices), their staff, the school
levels, and which body each school reports to: the province's rule as data, a choice by hand
kept, and what a body's officers may see through the access layer."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from libnet.core import clock
from libnet.core.models import AuditEntry
from libnet.network import access, policies, selectors, services
from libnet.network.errors import NetworkRefused
from libnet.network.models import (
    BodyKind,
    Library,
    LibraryKind,
    ReportingAssignment,
    ReportingRule,
    SchoolLevel,
)
from tests.factories import LibraryFactory

RULES = {
    "kindergarten": "commune_office",
    "primary": "commune_office",
    "lower_secondary": "commune_office",
    "upper_secondary": "education_department",
}


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        (["upper_secondary"], "education_department"),
        (["kindergarten"], "commune_office"),
        (["primary", "lower_secondary"], "commune_office"),  # TH&THCS: the commune's
        (["lower_secondary", "upper_secondary"], "education_department"),  # THCS&THPT: the Sở's
        ([], None),  # not a school
    ],
)
def test_a_school_reports_by_the_rule_of_its_highest_level(levels, expected):
    assert policies.reporting_body_kind(levels, RULES) == expected


@pytest.mark.parametrize(
    ("kind", "given", "expected"),
    [
        (LibraryKind.SCHOOL_KINDERGARTEN, [], ["kindergarten"]),
        (LibraryKind.SCHOOL_UPPER_SECONDARY, [], ["upper_secondary"]),
        (LibraryKind.SCHOOL_MULTI, ["lower_secondary", "primary"], ["primary", "lower_secondary"]),
        (LibraryKind.SCHOOL_MULTI, ["primary"], None),  # a multi-level school has two or more
        (LibraryKind.SCHOOL_MULTI, [], None),
        (LibraryKind.SCHOOL_PRIMARY, ["college"], None),
        (LibraryKind.COMMUNE, [], []),
        (LibraryKind.COMMUNE, ["primary"], None),
    ],
)
def test_the_levels_a_school_records(kind, given, expected):
    assert policies.school_levels(kind, given) == expected


def test_the_province_default_rule_is_seeded_as_data(db):
    assert dict(ReportingRule.objects.values_list("level", "body_kind")) == RULES


def _school(code, kind, unit, **extra):
    return services.create_library(
        code=code, name=f"Thư viện {code}", kind=kind, by=None, admin_unit=unit, **extra
    )


def test_a_new_school_reports_to_the_body_the_rule_gives_it(province, bodies):
    unit = province["school"].admin_unit
    kindergarten = _school("SL-MN-TANLAP", LibraryKind.SCHOOL_KINDERGARTEN, unit)
    upper = _school("SL-THPT-TANLAP", LibraryKind.SCHOOL_UPPER_SECONDARY, unit)
    two_levels = _school(
        "SL-THTHCS-TANLAP",
        LibraryKind.SCHOOL_MULTI,
        unit,
        school_levels=[SchoolLevel.PRIMARY, SchoolLevel.LOWER_SECONDARY],
    )
    lines = selectors.bodies_on(clock.today())
    assert kindergarten.school_levels == ["kindergarten"]
    assert lines[kindergarten.pk] == bodies["office"].pk
    assert lines[upper.pk] == bodies["education"].pk
    assert lines[two_levels.pk] == bodies["office"].pk
    # The school keeps no parent it did not have: reporting is not the tree.
    assert Library.objects.get(pk=upper.pk).parent_id is None


def test_a_multi_level_school_without_its_levels_is_refused_and_nothing_is_written(province):
    with pytest.raises(NetworkRefused) as refused:
        _school("SL-DTNT-X", LibraryKind.SCHOOL_MULTI, None, school_levels=["upper_secondary"])
    assert refused.value.code == "invalid_levels"
    assert "ít nhất hai" in refused.value.message
    assert not Library.objects.filter(code="SL-DTNT-X").exists()


def test_a_body_chosen_by_hand_is_kept_when_the_rule_is_applied_again(province, bodies):
    school = province["school"]
    services.assign_reporting_body(
        library=school, body=bodies["education"], on=dt.date(2026, 1, 1), by=None
    )
    out = io.StringIO()
    call_command("assign_reporting_bodies", "--on", "2026-02-01", stdout=out)
    open_line = ReportingAssignment.objects.get(library=school, valid_to__isnull=True)
    assert open_line.body == bodies["education"]
    assert open_line.is_override
    # The line before the change stays, dated: reports of 2025 still went to the office.
    old = ReportingAssignment.objects.get(library=school, valid_to=dt.date(2026, 1, 1))
    assert old.body == bodies["office"]
    assert AuditEntry.objects.filter(action="library.reporting_body").count() >= 2


def test_the_rule_is_data_a_province_changes_and_the_command_applies(province, bodies):
    """A province that keeps lower-secondary schools with the Sở changes one row."""
    ReportingRule.objects.filter(level="lower_secondary").update(body_kind="education_department")
    out = io.StringIO()
    call_command("assign_reporting_bodies", "--on", "2026-03-01", stdout=out)
    assert "SL-SGDDT" in out.getvalue()
    line = ReportingAssignment.objects.get(library=province["school"], valid_to__isnull=True)
    assert line.body == bodies["education"]
    assert not line.is_override


def test_only_a_school_reports_to_a_body(province, bodies):
    with pytest.raises(NetworkRefused) as refused:
        services.assign_reporting_body(
            library=province["commune"], body=bodies["office"], on=dt.date(2026, 1, 1), by=None
        )
    assert refused.value.code == "not_a_school"
    assert not ReportingAssignment.objects.filter(library=province["commune"]).exists()


def test_a_body_that_did_not_exist_yet_is_refused(province, bodies):
    with pytest.raises(NetworkRefused) as refused:
        services.assign_reporting_body(
            library=province["school"], body=bodies["education"], on=dt.date(2024, 9, 1), by=None
        )
    assert refused.value.code == "body_closed"


def test_the_commune_office_officer_sees_the_reports_of_her_schools_only(province, nga, thu):
    assert access.reporting_library_ids(nga.user) == {province["school"].pk}
    assert access.reporting_library_ids(thu.user) == frozenset()


def test_a_body_officer_holds_no_role_at_any_library(province, nga, thu):
    """Reports only: the holdings, the desk and the readers stay with library memberships."""
    for persona in (nga, thu):
        assert access.visible_library_ids(persona.user, "view") == frozenset()
        assert access.visible_library_ids(persona.user, "circulation") == frozenset()


def test_the_culture_department_sees_the_public_network_and_no_school(province, bodies):
    from tests.factories import UserFactory

    officer = UserFactory(username="vhttdl")
    services.add_body_staff(username="vhttdl", body=bodies["culture"], role="officer", by=None)
    seen = access.reporting_library_ids(officer)
    assert province["provincial"].pk in seen
    assert province["commune"].pk in seen
    assert province["school"].pk not in seen


def test_a_school_below_a_public_library_is_not_in_the_public_network(province, bodies):
    LibraryFactory(
        code="SL-TH-DUOI",
        kind=LibraryKind.SCHOOL_PRIMARY,
        parent=province["commune"],
    )
    below = Library.objects.get(code="SL-TH-DUOI")
    assert below.pk not in selectors.public_network_ids()


def test_another_bodys_page_does_not_exist_for_an_officer(bodies, nga):
    from libnet.network.errors import BodyNotFound

    assert access.get_body_for_staff(nga.user, "SL-PVHXH-TANLAP") == bodies["office"]
    with pytest.raises(BodyNotFound):
        access.get_body_for_staff(nga.user, "SL-SGDDT")


def test_a_new_body_with_an_unknown_kind_is_refused(db):
    with pytest.raises(NetworkRefused) as refused:
        services.create_managing_body(code="SL-X", name="X", kind="ministry", by=None)
    assert refused.value.code == "unknown_body_kind"
    assert BodyKind.COMMUNE_OFFICE in refused.value.message


def test_the_add_body_command_creates_a_body_and_its_officer(db):
    out = io.StringIO()
    call_command(
        "add_body",
        "sl-pvhxh-phuclam",
        "--name",
        "Phòng Văn hóa – Xã hội xã Phúc Lâm",
        "--kind",
        "commune_office",
        "--staff",
        "tam",
        stdout=out,
    )
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="tam")
    assert [body.code for body in access.bodies_by_ids(access.body_ids(user))] == [
        "SL-PVHXH-PHUCLAM"
    ]


def test_add_library_records_a_multi_level_schools_levels(province, bodies):
    call_command(
        "add_library",
        "SL-THTHCS-TANLAP",
        "--name",
        "Thư viện Trường TH&THCS Tân Lập",
        "--kind",
        "school_multi",
        "--levels",
        "lower_secondary, primary",
        stdout=io.StringIO(),
    )
    school = Library.objects.get(code="SL-THTHCS-TANLAP")
    assert school.school_levels == ["primary", "lower_secondary"]
