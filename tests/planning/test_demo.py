"""The demo's plans and reports, and its counters: a rebuild from the facts gives them back."""

from __future__ import annotations

import pytest
from django.db import transaction

from libnet.demo import loader
from libnet.planning import selectors
from libnet.planning.models import AnnualPlan, Report, ReportState
from libnet.planning.periods import parse
from libnet.stats import rebuild
from libnet.stats.models import ActivePatronMonth, DailyStat

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_provinces_plan_and_reports_in_every_state(small_demo):
    plan = AnnualPlan.objects.get(library__code="SL-TVT")
    targets = {
        target.indicator.code: target.value for target in plan.targets.select_related("indicator")
    }
    assert targets["visits"] == 750_000
    assert targets["lookups"] == 1_500_000
    states = set(Report.objects.values_list("state", flat=True))
    assert states == {
        ReportState.DRAFT,
        ReportState.SUBMITTED,
        ReportState.ACCEPTED,
        ReportState.RETURNED,
    }
    year = parse(str(plan.year))
    province = plan.library
    assert selectors.live_figures(province, year, rollup=True)["visits"] > 100_000


def test_loading_the_demo_again_changes_no_figure(small_demo):
    before = DailyStat.objects.count()
    loader.load_demo(scale="small")
    assert DailyStat.objects.count() == before
    assert AnnualPlan.objects.filter(library__code="SL-TVT").count() == 1


def test_a_rebuild_after_the_demo_gives_back_every_counter(small_demo):
    """Every service the demo went through bumped what the facts say, including the other
    apps' sources: the counters before and after a rebuild are the same."""
    counters = DailyStat.objects.exclude(value=0)
    before = set(counters.values_list("library_id", "indicator", "day", "value"))
    active = set(ActivePatronMonth.objects.values_list("library_id", "patron_id", "month"))
    with transaction.atomic():
        rebuild.rebuild_daily_stats()
        assert set(counters.values_list("library_id", "indicator", "day", "value")) == before
        assert (
            set(ActivePatronMonth.objects.values_list("library_id", "patron_id", "month")) == active
        )
        transaction.set_rollback(True)


def test_the_demo_province_rolls_up_by_old_districts_and_new_communes(small_demo):
    """The demo's libraries sit in today's communes; 2024-Q3 goes back to the districts."""
    from libnet.network.models import Library
    from libnet.network.selectors import admin_unit_in_period
    from libnet.planning import policies

    tan_lap = Library.objects.get(code="SL-TANLAP")
    before = admin_unit_in_period(tan_lap, parse("2024-Q3").end)
    after = admin_unit_in_period(tan_lap, parse("2025-Q4").end)
    assert before is not None
    assert after is not None
    assert (before.unit.name, before.group.name) == ("Xã Tân Lập", "Huyện Hưng Lam")
    assert (after.unit.name, after.group.name) == ("Xã Tân Lập", "Xã Tân Lập")
    province = Library.objects.get(code="SL-TVT")
    for code, level in [("2024-Q3", "district"), ("2025-Q4", "commune")]:
        groups = selectors.figures_by_admin_unit(province, parse(code))
        assert {group.unit.level for group in groups if group.unit} == {level}
        total = policies.add_figures(*(group.figures for group in groups))
        assert total == selectors.live_figures(province, parse(code), rollup=True)
