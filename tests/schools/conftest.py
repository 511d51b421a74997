from __future__ import annotations

import pytest

from libnet.schools import services
from tests.factories import ItemFactory

SCHOOL = "SL-THCS-TANLAP"
OFFICE = "SL-PVHXH-TANLAP"
YEAR = "2026-SY"


@pytest.fixture
def school(province, bodies):
    """Tân Lập lower-secondary school, reporting to Tân Lập's commune office."""
    return province["school"]


def enrol(school, *, pupils: int, teachers: int = 2, class_name: str = "6A", by=None):
    return services.set_enrolment(
        library=school,
        school_year=2026,
        class_name=class_name,
        school_level="lower_secondary",
        pupils=pupils,
        teachers=teachers,
        by=by,
    )


@pytest.fixture
def forty_copies(school):
    """Forty copies held by the school."""
    return ItemFactory.create_batch(40, home_library=school)
