"""Each daily figure is defined once, by the app that owns the fact, and registered here.

The services bump the counters through their app's `stats_sources.py`; `libnet rebuild_stats`
counts the same facts again through the sources those modules register (stats/sources.py).
"""

from __future__ import annotations

import ast
import datetime as dt
import io
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.management import call_command

import libnet
from libnet.planning.models import Derivation, Indicator
from libnet.planning.periods import parse
from libnet.planning.selectors import live_figures
from libnet.stats import rebuild, sources
from libnet.stats import services as stats

SRC = Path(libnet.__file__).parent

# Which facts feed which indicator: one source per fact, in the app that owns the fact. An
# indicator fed by several is one whose fact happens in several places (a loan at a desk, a
# month of a deposit point typed in by hand, a loan written on paper at a mobile stop).
WHO_COUNTS = {
    "active_patrons": ["circulation.active_readers"],
    "donated_items_passed_on": ["donations.passed_on"],
    "donated_items_received": ["donations.received"],
    "holds": ["circulation.holds"],
    "in_library_uses": ["circulation.in_library_uses", "mobile.stop_figures"],
    "items_added": ["catalog.copies"],
    **{
        f"items_added_{source}": ["catalog.copies_by_source"]
        for source in ("purchase", "donation", "deposit", "exchange", "replacement")
    },
    **{
        f"titles_added_{source}": ["catalog.titles_by_source"]
        for source in ("purchase", "donation", "deposit", "exchange", "replacement")
    },
    "lookups": ["search.lookups"],
    "loans": ["circulation.loans", "mobile.stop_figures", "rotation.deposit_loans"],
    "mobile_readers_served": ["mobile.stop_figures"],
    "mobile_trips": ["mobile.trips"],
    "new_patrons": ["patrons.new_readers"],
    "records_created": ["catalog.records"],
    "renewals": ["circulation.renewals"],
    "rotation_batches_sent": ["rotation.batches_sent"],
    "rotation_items_sent": ["rotation.items_sent"],
    "serial_issues_received": ["catalog.serial_issues"],
    "serial_titles_subscribed": ["catalog.serial_subscriptions"],
    "titles_added": ["catalog.titles"],
    "visits": ["circulation.visits", "mobile.stop_figures", "rotation.deposit_readers"],
    "events": ["events.events"],
    "talks": ["events.talks"],
    "event_attendance": ["events.attendance"],
    "contests": ["events.contests"],
    "exhibitions": ["events.exhibitions"],
    "bibliographies_published": ["bibliographies.published"],
    "training_courses": ["training.courses"],
    "people_trained": ["training.people_trained"],
    "pages_digitised": ["digital.pages_digitised"],
    "digital_downloads": ["digital.downloads"],
}


def test_every_indicator_is_counted_by_the_sources_of_the_apps_that_own_its_facts():
    counted_by: dict[str, list[str]] = defaultdict(list)
    for source in sources.registered():
        for code in source.indicators:
            counted_by[code].append(source.name)
    assert dict(counted_by) == WHO_COUNTS
    # Figures entered by hand and carried over carry their own codes.
    assert {"planning.manual_figures", "planning.legacy_figures"} <= {
        source.name for source in sources.registered()
    }


@pytest.mark.django_db
def test_every_computed_indicator_has_a_source_and_every_source_an_indicator():
    computed = set(
        Indicator.objects.filter(derivation=Derivation.COMPUTED).values_list("code", flat=True)
    )
    # Event figures are entered by hand until a library records its events, computed after.
    from libnet.events.selectors import EVENT_INDICATORS

    from_events = set(EVENT_INDICATORS)
    # Pages digitised likewise, until a library has a digitisation project.
    assert computed | from_events | {"pages_digitised"} == sources.indicators_counted()


def _bump_calls(path: Path) -> list[str]:
    """The calls of stats.services' writers in `path`: `stats.bump(…)`, `bump_many(…)`…"""
    writers = {"bump", "bump_many", "note_active_patron"}
    source = path.read_text(encoding="utf-8")
    if "bump" not in source and "note_active_patron" not in source:
        return []  # parsing every module costs seconds; only these can call a writer
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in writers:
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_only_the_stats_sources_modules_write_the_daily_figures():
    """A service that bumped a counter itself would define its indicator a second time, away
    from the source that counts it again."""
    outside = [
        call
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "stats_sources.py" and path.parent.name != "stats"
        for call in _bump_calls(path)
    ]
    assert outside == []


@pytest.mark.django_db
def test_rebuild_stats_adds_up_every_registered_source(province, monkeypatch):
    """A source registered by an app is read by `libnet rebuild_stats`: its rows replace the
    counters, and the command names it."""
    commune = province["commune"]
    day = dt.date(2026, 2, 3)
    trips = sources.Source(
        name="tests.trips",
        indicators=("mobile_trips",),
        daily_rows=lambda: [(commune.pk, "mobile_trips", day, 1)],
    )
    monkeypatch.setattr(sources, "_sources", {**sources._sources, trips.name: trips})
    stats.bump(library_id=commune.pk, indicator="visits", day=day, by=999)  # drifted
    out = io.StringIO()
    call_command("rebuild_stats", stdout=out)
    assert "tests.trips: đã đọc 1 dòng." in out.getvalue()
    assert live_figures(commune, parse("2026-02"), rollup=False) == {"mobile_trips": 1}


@pytest.mark.django_db
def test_a_rebuild_from_chosen_sources_writes_only_theirs(province):
    commune = province["commune"]
    day = dt.date(2026, 2, 3)
    visits = sources.Source(
        name="tests.visits",
        indicators=("visits",),
        daily_rows=lambda: [(commune.pk, "visits", day, 20), (commune.pk, "visits", day, 5)],
        active_patron_months=lambda: [(commune.pk, 7, dt.date(2026, 2, 1))],
    )
    result = rebuild.rebuild_daily_stats([visits])
    assert (result.rows, result.active_patron_rows) == (1, 1)
    figures = live_figures(commune, parse("2026-02"), rollup=False)
    assert figures == {"visits": 25, "active_patrons": 1}
