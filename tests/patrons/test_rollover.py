"""The school-year rollover: classes move up a grade, the final grade leaves."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.core import audit
from libnet.network.models import LibraryKind
from libnet.patrons import selectors, services
from libnet.patrons.errors import PatronRefused
from libnet.patrons.models import Patron
from tests.factories import LibraryFactory, PatronFactory, category

SUMMER = dt.datetime(2026, 7, 20, 2, 0, tzinfo=dt.UTC)


def _pupil(school, school_class, name, **extra):
    return PatronFactory(
        home_library=school,
        school=school,
        school_class=school_class,
        full_name=name,
        category=category("pupil"),
        card_valid_until=dt.date(2026, 5, 31),
        **extra,
    )


@pytest.fixture
def pupils(province, binh):
    school = province["school"]
    return {
        "6A": _pupil(school, "6A", "Nguyễn Văn An"),
        "7A": binh,
        "9B": _pupil(school, "9B", "Trần Thị Thu"),
        "Chồi": _pupil(school, "Chồi", "Lê Văn Tí"),
        "teacher": PatronFactory(
            home_library=school, school=school, school_class="7A", category=category("teacher")
        ),
    }


def test_the_preview_lists_what_each_class_becomes_and_changes_nothing(province, pupils):
    plan = selectors.rollover_plan(school=province["school"], today=SUMMER.date())
    assert plan.final_grade == 9  # a lower-secondary school
    assert [(m.from_class, m.to_class, m.pupils) for m in plan.moves] == [
        ("9B", None, 1),
        ("7A", "8A", 1),
        ("6A", "7A", 1),
    ]
    assert [m.from_class for m in plan.unknown] == ["Chồi"]
    assert (plan.leavers_valid_until, plan.next_valid_until) == (
        dt.date(2026, 5, 31),
        dt.date(2027, 5, 31),
    )
    assert Patron.objects.get(pk=pupils["6A"].pk).school_class == "6A"


def test_the_rollover_moves_classes_up_and_the_final_grade_leaves(an, province, pupils):
    services.rollover_school_year(school=province["school"], by=an.user, at=SUMMER)
    moved = {key: Patron.objects.get(pk=patron.pk) for key, patron in pupils.items()}
    # 6A became 7A and was not moved again with the old 7A.
    assert moved["6A"].school_class == "7A"
    assert moved["7A"].school_class == "8A"
    assert moved["7A"].card_valid_until == dt.date(2027, 5, 31)  # Bình's card was later already
    assert moved["6A"].card_valid_until == dt.date(2027, 5, 31)
    assert moved["9B"].left_school_on == SUMMER.date()
    assert moved["9B"].school_class == "9B"  # the last class is kept
    assert moved["9B"].card_valid_until == dt.date(2026, 5, 31)
    assert moved["Chồi"].school_class == "Chồi"
    assert moved["teacher"].school_class == "7A"
    assert [c.name for c in selectors.school_classes(school=province["school"])] == [
        "7A",
        "8A",
        "Chồi",
    ]
    entry = audit.entries_for(province["school"]).get(action="patrons.rollover")
    assert entry.after["moved"] == {"7A": "8A", "6A": "7A"}
    assert entry.after["left"] == {"9B": 1}


def test_the_rollover_runs_once_a_year(an, province, pupils):
    services.rollover_school_year(school=province["school"], by=an.user, at=SUMMER)
    with pytest.raises(PatronRefused) as refused:
        services.rollover_school_year(
            school=province["school"], by=an.user, at=SUMMER + dt.timedelta(days=10)
        )
    assert refused.value.code == "rollover_already_done"
    assert Patron.objects.get(pk=pupils["6A"].pk).school_class == "7A"


def test_a_primary_school_sends_its_fifth_grade_away(province):
    school = LibraryFactory(code="SL-TH-X", kind=LibraryKind.SCHOOL_PRIMARY)
    fifth = _pupil(school, "5A", "Cao Văn Nhỏ")
    fourth = _pupil(school, "4A", "Cao Thị Bé")
    services.rollover_school_year(school=school, by=None, at=SUMMER)
    assert Patron.objects.get(pk=fifth.pk).left_school_on == SUMMER.date()
    assert Patron.objects.get(pk=fourth.pk).school_class == "5A"


def test_the_final_grade_can_be_given_for_an_unusual_school(province, pupils):
    plan = selectors.rollover_plan(school=province["school"], today=SUMMER.date(), final_grade=7)
    assert {m.from_class for m in plan.leaving} == {"7A", "9B"}


def test_only_a_school_rolls_over(province):
    with pytest.raises(PatronRefused) as refused:
        services.rollover_school_year(school=province["commune"], by=None, at=SUMMER)
    assert refused.value.code == "not_a_school"
