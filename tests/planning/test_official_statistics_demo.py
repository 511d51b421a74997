"""Every official statistics form of every demo library, for every kind of period, adds up:
its columns agree ("Thực hiện kỳ báo cáo" against "Lũy kế từ đầu năm"), its breakdowns add up
to their rows, and its indicator rows are the report pages' live figures."""

from __future__ import annotations

import pytest

from libnet.core import clock
from libnet.network import selectors as network_selectors
from libnet.network.models import Library
from libnet.planning import selectors
from libnet.planning.errors import OfficialFormRefused
from libnet.planning.official import checks, layouts
from libnet.planning.official.sheets import official_form
from libnet.planning.official.views import closed_periods
from libnet.planning.periods import PeriodKind, periods_to_date

pytestmark = pytest.mark.django_db


def test_every_demo_form_agrees_with_itself_and_with_the_reports(small_demo):
    periods = closed_periods(clock.today())
    assert {period.kind for period in periods} == set(PeriodKind)
    checked = 0
    public = network_selectors.public_network_ids()
    for library in Library.objects.filter(is_active=True).order_by("code"):
        for period in periods:
            live = selectors.live_figures(library, period, rollup=True)
            for code in layouts.form_codes():
                if code == "ministry" and library.pk not in public:
                    with pytest.raises(OfficialFormRefused):
                        official_form(code, library, period)
                    continue
                form = official_form(code, library, period)
                assert checks.disagreements(form) == []
                if code == "tt18":
                    assert form.row("14").period == live.get("visits", 0)
                    assert form.row("9").period == live.get("loans", 0)
                checked += 1
    assert checked > 100


def test_since_the_start_of_the_year_is_the_sum_of_the_periods_to_date(small_demo):
    """For the province and a commune, every figure that adds up over time."""
    for code in ("SL-TVT", "SL-TANLAP"):
        library = Library.objects.get(code=code)
        for period in closed_periods(clock.today()):
            for form_code in layouts.form_codes():
                form = official_form(form_code, library, period)
                earlier = [official_form(form_code, library, p) for p in periods_to_date(period)]
                for row in form.rows:
                    if row.kind == "flow":
                        total = sum(f.row(row.number).period for f in earlier)
                        assert row.to_date == total, (code, period.code, form_code, row.number)


def test_the_demo_counts_readers_with_disabilities_who_agreed(small_demo):
    commune = Library.objects.get(code="SL-TANLAP")
    period = next(p for p in closed_periods(clock.today()) if p.kind == PeriodKind.MONTH)
    assert official_form("tt18", commune, period).row("13").period == 2
    province = Library.objects.get(code="SL-TVT")
    year = next(p for p in closed_periods(clock.today()) if p.kind == PeriodKind.YEAR)
    form = official_form("ministry", province, year)
    assert form.row("8").period is not None
    assert form.row("9").period is not None


def test_every_demo_reports_columns_agree(small_demo):
    """Each report of the demo, in every state: reported = computed + adjusted by; "since the
    start of the year" is the sum of the reports to date, each worked out the same way (a year,
    an evaluation or a school year: the report itself); active readers are not added up."""
    from libnet.planning.models import Aggregation, Report
    from libnet.planning.periods import parse

    sheets: dict[tuple[int, str], object] = {}

    def sheet(library, period):
        key = (library.pk, period.code)
        if key not in sheets:
            sheets[key] = selectors.report_sheet(library, period)
        return sheets[key]

    reports = list(Report.objects.select_related("library"))
    assert len(reports) > 20
    for report in reports:
        found = sheet(report.library, parse(report.period))
        for row in found.rows:
            where = (report.library.code, report.period, row.indicator.code)
            assert row.value == row.computed + row.adjustment, where
            if row.indicator.aggregation == Aggregation.DISTINCT or row.cumulative is None:
                continue
            to_date = [sheet(report.library, period) for period in found.periods_to_date]
            total = sum(
                next(r.value for r in part.rows if r.indicator.code == row.indicator.code)
                for part in to_date
            )
            assert row.cumulative == total, where
