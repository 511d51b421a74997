"""Training courses of Sông Lam: the provincial library trains commune and school librarians."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.training import services
from tests.factories import NOW


def plan(library=None, *, body=None, by=None, days=(dt.date(2026, 3, 16), dt.date(2026, 3, 17))):
    """A two-day course with one session a day."""
    return services.plan_course(
        title="Tập huấn nghiệp vụ thư viện cơ sở",
        library=library,
        body=body,
        starts_on=days[0],
        ends_on=days[-1],
        place="Thư viện tỉnh Sông Lam",
        trainers="ThS. Trần Thị Lan",
        programme="Biên mục MARC 21; phân loại DDC; lưu thông.",
        sessions=[services.SessionPlan(day, f"Buổi {index + 1}") for index, day in enumerate(days)],
        by=by,
        at=NOW,
    )


@pytest.fixture
def course(province, lan):
    return plan(province["provincial"], by=lan.user)
