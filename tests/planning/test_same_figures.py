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
from pathlib import Path

from libnet.network.models import Library
from libnet.planning import selectors
from libnet.planning.periods import parse

EXPECTED = Path(__file__).with_name("expected_sheets.json")

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


def test_every_sheet_gives_the_figures_it_gave_before(rich_network):
    found = json.loads(json.dumps(_figures_now(rich_network), ensure_ascii=False, sort_keys=True))
    actual = EXPECTED.with_name("expected_sheets.actual.json")
    expected = json.loads(EXPECTED.read_text(encoding="utf-8")) if EXPECTED.exists() else None
    if found != expected:
        actual.write_text(
            json.dumps(found, ensure_ascii=False, sort_keys=True, indent=1) + "\n",
            encoding="utf-8",
        )
    assert found == expected
