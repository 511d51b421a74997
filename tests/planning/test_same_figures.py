"""The report sheets, the live roll-ups and the dashboard give the figures they always gave.

`expected_sheets.json` was written by the code before the statistics sources moved to the
apps that own the facts and the tree walks to network/selectors: a rich network (a library
moved under another parent in 2025, deposit points, a school root, reports in every state,
hand-entered figures, adjustments, late entries after a report was sent) must still give
exactly those numbers, on every column, for every sheet. A missing or different expectation
fails the test and writes `expected_sheets.actual.json` next to it for review.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from libnet.network.models import Library, LibraryKind, LibraryParentPeriod
from libnet.planning import selectors, services
from libnet.planning.periods import parse
from libnet.stats import services as stats
from tests.factories import LibraryFactory

EXPECTED = Path(__file__).with_name("expected_sheets.json")
APRIL = dt.datetime(2026, 4, 5, 3, 0, tzinfo=dt.UTC)  # 5 April 2026, 10:00 in Vietnam
LATE = dt.datetime(2026, 4, 20, 3, 0, tzinfo=dt.UTC)
REFORM = dt.date(2025, 7, 1)
INDICATORS = ["loans", "visits", "in_library_uses", "lookups", "titles_added", "items_added"]

# (library code, period) of the reports compared, and the live roll-ups.
SHEETS = [
    ("SL-TVT", "2026-01"),
    ("SL-TVT", "2026-02"),
    ("SL-TVT", "2026-03"),
    ("SL-TVT", "2026-Q1"),
    ("SL-TVT", "2026"),
    ("SL-TVT", "2025-Q3"),
    ("SL-TVT", "2025-EY"),
    ("SL-TANLAP", "2026-03"),
    ("SL-TANLAP", "2026-Q1"),
    ("SL-HOABINH", "2026-02"),
    ("SL-HOABINH", "2026-03"),
    ("SL-HOABINH", "2025-Q3"),
    ("SL-HOABINH", "2025"),
    ("SL-DONGXUAN", "2025-06"),
    ("SL-DONGXUAN", "2025-Q3"),
    ("SL-TVT-DX", "2026-01"),
    ("SL-TVT-DX", "2025-Q2"),
    ("SL-THCS-TANLAP", "2026-Q1"),
]
LIVE = [
    ("SL-TVT", "2026", True),
    ("SL-TVT", "2026-03", False),
    ("SL-TVT", "2025-Q3", True),
    ("SL-DONGXUAN", "2025-06", True),
    ("SL-TANLAP", "2026-Q1", True),
]


@pytest.fixture
def network(province, sibling, units, chi, hoa):
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
    day = dt.date(2025, 5, 1)
    while day <= dt.date(2026, 4, 4):
        for library in libraries:
            if rng.random() < 0.35:
                continue
            for indicator in INDICATORS:
                if rng.random() < 0.5:
                    stats.bump(
                        library_id=library.pk, indicator=indicator, day=day, by=rng.randint(1, 40)
                    )
            if day.day in (3, 17):
                for reader in rng.sample(range(1, 60), 6):
                    stats.note_active_patron(library_id=library.pk, patron_id=reader, day=day)
        day += dt.timedelta(days=1)
    for month in (1, 2, 3):
        services.enter_manual_figure(
            library=provincial,
            indicator_code="talks",
            month=dt.date(2026, month, 1),
            value=4 + month,
            note="Sổ theo dõi hoạt động",
            by=chi.user,
            at=APRIL,
        )
    commune = province["commune"]
    services.adjust_report(
        library=commune,
        period=parse("2026-03"),
        indicator_code="loans",
        delta=5,
        reason="Sổ mượn giấy ngày 31/3",
        by=hoa.user,
        at=APRIL,
    )
    for code in ("2026-01", "2026-02", "2026-03", "2026-Q1"):
        report = services.submit_report(library=commune, period=parse(code), by=hoa.user, at=APRIL)
        services.accept_report(report=report, by=chi.user, at=APRIL)
    february = services.submit_report(library=sibling, period=parse("2026-02"), by=None, at=APRIL)
    services.return_report(report=february, reason="Số liệu thiếu", by=chi.user, at=APRIL)
    services.adjust_report(
        library=sibling,
        period=parse("2026-03"),
        indicator_code="visits",
        delta=-12,
        reason="Đếm trùng đoàn tham quan",
        by=None,
        at=APRIL,
    )
    for code in ("2025-Q3", "2025-06"):
        report = services.submit_report(library=dong_xuan, period=parse(code), by=None, at=APRIL)
        services.accept_report(report=report, by=chi.user, at=APRIL)
    services.submit_report(library=branch, period=parse("2026-01"), by=None, at=APRIL)
    services.adjust_report(
        library=provincial,
        period=parse("2026-03"),
        indicator_code="visits",
        delta=-10,
        reason="Cổng đếm tính trùng",
        by=chi.user,
        at=APRIL,
    )
    services.set_targets(
        library=provincial,
        year=2026,
        targets={"loans": 50_000, "visits": 120_000, "talks": 60, "titles_added": 9_000},
        by=chi.user,
        approve=True,
        at=APRIL,
    )
    services.set_targets(
        library=commune,
        year=2026,
        targets={"loans": 6_000, "visits": 10_000},
        by=chi.user,
        approve=False,
        at=APRIL,
    )
    # Recorded after the reports were sent: shown as "since sent", not in the reports.
    for library in (commune, provincial):
        stats.bump(library_id=library.pk, indicator="loans", day=dt.date(2026, 3, 30), by=3)
    stats.note_active_patron(library_id=commune.pk, patron_id=999, day=dt.date(2026, 3, 30))
    return {library.code: library for library in libraries}


def _figures_now(network) -> dict[str, object]:
    found: dict[str, object] = {}
    for code, period in SHEETS:
        found[f"report {code} {period}"] = selectors.report_object(
            Library.objects.get(code=code), parse(period)
        )
    for code, period, rollup in LIVE:
        found[f"live {code} {period} rollup={rollup}"] = selectors.figures_object(
            Library.objects.get(code=code), parse(period), rollup=rollup, by="admin_unit"
        )
    provincial = network["SL-TVT"]
    for indicator in ("loans", "talks"):
        rows, share = selectors.network_progress(
            [provincial.pk, network["SL-THCS-TANLAP"].pk],
            2026,
            indicator,
            dt.date(2026, 4, 5),
            visible={network[code].pk for code in network if code != "SL-HOABINH-BD"},
        )
        found[f"progress {indicator}"] = {
            "share": share,
            "rows": [
                [
                    row.library.code,
                    row.depth,
                    row.actual,
                    row.target,
                    row.percent,
                    row.css_class,
                    row.projected,
                ]
                for row in rows
            ],
        }
    return found


def test_every_sheet_gives_the_figures_it_gave_before(network):
    found = json.loads(json.dumps(_figures_now(network), ensure_ascii=False, sort_keys=True))
    actual = EXPECTED.with_name("expected_sheets.actual.json")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8")) if EXPECTED.exists() else None
    if found != expected:
        actual.write_text(
            json.dumps(found, ensure_ascii=False, sort_keys=True, indent=1) + "\n",
            encoding="utf-8",
        )
    assert found == expected
