"""A second commune under the province, for the sibling and roll-up tests."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.network.models import AdminUnit, AdminUnitLevel, Library, LibraryKind
from libnet.stats import services as stats
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


START = dt.date(2004, 1, 1)
REFORM = dt.date(2025, 7, 1)


def _unit(code, name, level, parent=None, valid_from=START, valid_to=None, successor=None):
    return AdminUnit.objects.create(
        code=code,
        name=name,
        level=level,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        successor=successor,
    )


@pytest.fixture
def units(province, sibling):
    """The units before and after the reform; the libraries placed in today's units, except
    the bookcase, recorded in its old commune Hưng Phúc."""
    c = AdminUnitLevel
    sl = _unit("SL", "Tỉnh Sông Lam", c.PROVINCE)
    tan_lap = _unit("SL-X-TANLAP", "Xã Tân Lập", c.COMMUNE, sl, REFORM)
    thanh_son = _unit("SL-X-THANHSON", "Xã Thanh Sơn", c.COMMUNE, sl, REFORM)
    hung_lam = _unit("SL-D-HUNGLAM", "Huyện Hưng Lam", c.DISTRICT, sl, valid_to=REFORM)
    district_ts = _unit("SL-D-THANHSON", "Huyện Thanh Sơn", c.DISTRICT, sl, valid_to=REFORM)
    old = {
        code: _unit(code, name, c.COMMUNE, parent, valid_to=REFORM, successor=successor)
        for code, name, parent, successor in [
            ("SL-X-TANLAP", "Xã Tân Lập", hung_lam, tan_lap),
            ("SL-X-HUNGPHUC", "Xã Hưng Phúc", hung_lam, tan_lap),
            ("SL-TT-THANHSON", "Thị trấn Thanh Sơn", district_ts, thanh_son),
            ("SL-X-THANHHA", "Xã Thanh Hà", district_ts, thanh_son),
        ]
    }
    Library.objects.filter(pk=province["provincial"].pk).update(admin_unit=sl)
    Library.objects.filter(pk=province["commune"].pk).update(admin_unit=tan_lap)
    Library.objects.filter(pk=province["bookcase"].pk).update(admin_unit=old["SL-X-HUNGPHUC"])
    # The sibling: the old Thanh Sơn district library, now the merged commune's.
    Library.objects.filter(pk=sibling.pk).update(admin_unit=thanh_son, name="Thư viện xã Thanh Sơn")
    for key in ("provincial", "commune", "bookcase"):
        province[key].refresh_from_db()
    sibling.refresh_from_db()
    return {
        "province": sl,
        "tan_lap": tan_lap,
        "thanh_son": thanh_son,
        "hung_lam": hung_lam,
        "district_ts": district_ts,
        **old,
    }


@pytest.fixture
def loans(province, sibling, units):
    """Loans in 2024-Q3 and 2025-Q4 at the province, Tân Lập, its bookcase and Thanh Sơn."""
    for day in (dt.date(2024, 8, 5), dt.date(2025, 11, 5)):
        for library, count in [
            (province["provincial"], 300),
            (province["commune"], 40),
            (province["bookcase"], 7),
            (sibling, 25),
        ]:
            stats.bump(library_id=library.pk, indicator="loans", day=day, by=count)
