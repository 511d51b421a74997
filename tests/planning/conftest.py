"""A second commune under the province, for the sibling and roll-up tests."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.network.models import LibraryKind
from tests.factories import LibraryFactory


@pytest.fixture
def sibling(province):
    """Thư viện xã Hòa Bình: another commune library under the province, Minh's sibling."""
    return LibraryFactory(
        code="SL-HOABINH",
        name="Thư viện xã Hòa Bình",
        kind=LibraryKind.COMMUNE,
        parent=province["provincial"],
    )


@pytest.fixture
def after_march():
    """5 April 2026, 10:00 in Vietnam: March and Q1 are over."""
    return dt.datetime(2026, 4, 5, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def hoa(province):
    """Ngô Thị Hoa, reporting officer of Tân Lập commune library: prepares its reports."""
    from libnet.network.models import Membership, Role
    from tests.factories import UserFactory

    user = UserFactory(username="hoa", first_name="Hoa", last_name="Ngô Thị")
    Membership.objects.create(user=user, library=province["commune"], role=Role.REPORTING)
    return type("Persona", (), {"user": user, "library": province["commune"]})()


@pytest.fixture
def in_april(monkeypatch, after_march):
    """The pages act at 5 April 2026 (services take `at=` from the clock)."""
    from libnet.core import clock

    monkeypatch.setattr(clock, "now", lambda: after_march)
    return after_march
