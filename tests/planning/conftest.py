"""A second commune under the province, for the sibling and roll-up tests."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from libnet.network.models import (
    AdminUnit,
    AdminUnitLevel,
    Library,
    LibraryKind,
    LibraryParentPeriod,
)
from libnet.planning import services
from libnet.planning.periods import parse
from libnet.stats import services as stats
from libnet.stats.models import ActivePatronMonth
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


RICH_APRIL = dt.datetime(2026, 4, 5, 3, 0, tzinfo=dt.UTC)  # 5 April 2026, 10:00 in Vietnam
RICH_INDICATORS = ["loans", "visits", "in_library_uses", "lookups", "titles_added", "items_added"]


@pytest.fixture
def rich_network(province, sibling, units, chi, hoa):
    """The test province, with more below it: Đông Xuân, a district library until the 2025
    reform and a commune library under Hòa Bình after it; its branch, under Đông Xuân until
    1/7/2025 and under the provincial library since; a post-office point under Hòa Bình that
    does not run libnet; a year and a half of daily figures everywhere."""
    provincial = province["provincial"]
    dong_xuan = LibraryFactory(
        code="SL-DONGXUAN", name="Thư viện Đông Xuân", kind=LibraryKind.DISTRICT, parent=sibling
    )
    LibraryParentPeriod.objects.create(
        library=dong_xuan, parent=provincial, valid_from=dt.date(2020, 1, 1), valid_to=REFORM
    )
    LibraryParentPeriod.objects.create(library=dong_xuan, parent=sibling, valid_from=REFORM)
    branch = LibraryFactory(
        code="SL-TVT-DX", name="Phân viện Đông Xuân", kind=LibraryKind.BRANCH, parent=provincial
    )
    LibraryParentPeriod.objects.create(
        library=branch, parent=dong_xuan, valid_from=dt.date(2020, 1, 1), valid_to=REFORM
    )
    LibraryParentPeriod.objects.create(library=branch, parent=provincial, valid_from=REFORM)
    post_office = LibraryFactory(
        code="SL-HOABINH-BD",
        name="Điểm bưu điện văn hóa xã Hòa Bình",
        kind=LibraryKind.POST_OFFICE_POINT,
        parent=sibling,
        runs_libnet=False,
    )
    libraries = [
        provincial,
        province["commune"],
        province["bookcase"],
        province["school"],
        sibling,
        dong_xuan,
        branch,
        post_office,
    ]
    rng = random.Random(16)
    daily: list[tuple[int, str, dt.date, int]] = []
    active: set[tuple[int, int, dt.date]] = set()
    day = dt.date(2025, 5, 1)
    while day <= dt.date(2026, 4, 4):
        for library in libraries:
            if rng.random() < 0.35:
                continue
            for indicator in RICH_INDICATORS:
                if rng.random() < 0.5:
                    daily.append((library.pk, indicator, day, rng.randint(1, 40)))
            if day.day in (3, 17):
                for reader in rng.sample(range(1, 60), 6):
                    active.add((library.pk, reader, day.replace(day=1)))
        day += dt.timedelta(days=1)
    # As the desks' bumps would leave them, written at once.
    stats.bump_many(daily)
    ActivePatronMonth.objects.bulk_create(
        ActivePatronMonth(library_id=library_id, patron_id=patron_id, month=month)
        for library_id, patron_id, month in sorted(active)
    )
    for month in (1, 2, 3):
        services.enter_manual_figure(
            library=provincial,
            indicator_code="talks",
            month=dt.date(2026, month, 1),
            value=4 + month,
            note="Sổ theo dõi hoạt động",
            by=chi.user,
            at=RICH_APRIL,
        )
    commune = province["commune"]
    services.adjust_report(
        library=commune,
        period=parse("2026-03"),
        indicator_code="loans",
        delta=5,
        reason="Sổ mượn giấy ngày 31/3",
        by=hoa.user,
        at=RICH_APRIL,
    )
    for code in ("2026-01", "2026-02", "2026-03", "2026-Q1"):
        report = services.submit_report(
            library=commune, period=parse(code), by=hoa.user, at=RICH_APRIL
        )
        services.accept_report(report=report, by=chi.user, at=RICH_APRIL)
    february = services.submit_report(
        library=sibling, period=parse("2026-02"), by=None, at=RICH_APRIL
    )
    services.return_report(report=february, reason="Số liệu thiếu", by=chi.user, at=RICH_APRIL)
    services.adjust_report(
        library=sibling,
        period=parse("2026-03"),
        indicator_code="visits",
        delta=-12,
        reason="Đếm trùng đoàn tham quan",
        by=None,
        at=RICH_APRIL,
    )
    for code in ("2025-Q3", "2025-06"):
        report = services.submit_report(
            library=dong_xuan, period=parse(code), by=None, at=RICH_APRIL
        )
        services.accept_report(report=report, by=chi.user, at=RICH_APRIL)
    services.submit_report(library=branch, period=parse("2026-01"), by=None, at=RICH_APRIL)
    services.adjust_report(
        library=provincial,
        period=parse("2026-03"),
        indicator_code="visits",
        delta=-10,
        reason="Cổng đếm tính trùng",
        by=chi.user,
        at=RICH_APRIL,
    )
    services.set_targets(
        library=provincial,
        year=2026,
        targets={"loans": 50_000, "visits": 120_000, "talks": 60, "titles_added": 9_000},
        by=chi.user,
        approve=True,
        at=RICH_APRIL,
    )
    services.set_targets(
        library=commune,
        year=2026,
        targets={"loans": 6_000, "visits": 10_000},
        by=chi.user,
        approve=False,
        at=RICH_APRIL,
    )
    # Recorded after the reports were sent: shown as "since sent", not in the reports.
    for library in (commune, provincial):
        stats.bump(library_id=library.pk, indicator="loans", day=dt.date(2026, 3, 30), by=3)
    stats.note_active_patron(library_id=commune.pk, patron_id=999, day=dt.date(2026, 3, 30))
    return {library.code: library for library in libraries}
