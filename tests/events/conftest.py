"""Events of Sông Lam's libraries, planned on NOW (2 March 2026)."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.core import clock
from libnet.events import services
from tests.factories import NOW


def moment(day: dt.date, hour: int = 8) -> dt.datetime:
    """`hour` o'clock on `day` in Vietnam."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=clock.VIETNAM)


def plan(library, *, kind="storytelling", day=dt.date(2026, 3, 10), by=None, **extra):
    return services.plan_event(
        library=library,
        kind_code=kind,
        title=extra.pop("title", "Giờ kể chuyện"),
        starts_at=moment(day),
        ends_at=moment(day, 10),
        by=by,
        at=NOW,
        **extra,
    )


@pytest.fixture
def commune(province):
    return province["commune"]


@pytest.fixture
def school(province):
    return province["school"]
