import datetime as dt

import pytest

from libnet.planning import periods
from libnet.planning.periods import PeriodKind


@pytest.mark.parametrize(
    ("code", "kind", "start", "end"),
    [
        ("2026-10", PeriodKind.MONTH, dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        ("2024-02", PeriodKind.MONTH, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),  # leap year
        ("2026-Q3", PeriodKind.QUARTER, dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        ("2026-q1", PeriodKind.QUARTER, dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ("2026", PeriodKind.YEAR, dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        # TT 05/2020: the evaluation year runs 1/12 to 30/11.
        ("2026-EY", PeriodKind.EVALUATION_YEAR, dt.date(2025, 12, 1), dt.date(2026, 11, 30)),
        ("2026-SY", PeriodKind.SCHOOL_YEAR, dt.date(2025, 9, 1), dt.date(2026, 8, 31)),
        (" 2026-12 ", PeriodKind.MONTH, dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
    ],
)
def test_period_codes_name_their_dates(code, kind, start, end):
    period = periods.parse(code)
    assert (period.kind, period.start, period.end) == (kind, start, end)


@pytest.mark.parametrize("code", ["2026-13", "2026-00", "2026-Q5", "26", "2026-10-01", "", "x"])
def test_anything_else_is_not_a_period(code):
    with pytest.raises(periods.InvalidPeriod):
        periods.parse(code)


def test_a_quarter_has_three_months_and_an_evaluation_year_twelve():
    assert [month.code for month in periods.parse("2026-Q3").months()] == [
        "2026-07",
        "2026-08",
        "2026-09",
    ]
    months = periods.parse("2026-EY").months()
    assert (len(months), months[0].code, months[-1].code) == (12, "2025-12", "2026-11")


def test_a_month_counts_towards_its_calendar_year_and_an_evaluation_year_towards_itself():
    assert periods.year_of(periods.parse("2026-10")).code == "2026"
    assert periods.parse("2026-10").year_start == dt.date(2026, 1, 1)
    assert periods.year_of(periods.parse("2026-EY")).code == "2026-EY"
    assert periods.parse("2026-EY").year_start == dt.date(2025, 12, 1)


@pytest.mark.parametrize(
    ("code", "start", "end", "label"),
    [
        ("2026-H1", dt.date(2026, 1, 1), dt.date(2026, 6, 30), "6 tháng đầu năm 2026"),
        ("2026-h2", dt.date(2026, 7, 1), dt.date(2026, 12, 31), "6 tháng cuối năm 2026"),
    ],
)
def test_a_half_year_is_january_to_june_or_july_to_december(code, start, end, label):
    period = periods.parse(code)
    assert (period.kind, period.start, period.end) == (PeriodKind.HALF_YEAR, start, end)
    assert period.code == code.upper()
    assert periods.label(period) == label
    assert len(period.months()) == 6
    assert periods.year_of(period).code == "2026"


@pytest.mark.parametrize("code", ["2026-H0", "2026-H3", "2026-H", "2026-HY"])
def test_a_half_year_other_than_the_first_or_second_is_not_a_period(code):
    with pytest.raises(periods.InvalidPeriod):
        periods.parse(code)


def test_the_second_half_counts_the_first_towards_the_year_to_date():
    assert [p.code for p in periods.periods_to_date(periods.parse("2026-H1"))] == ["2026-H1"]
    assert [p.code for p in periods.periods_to_date(periods.parse("2026-H2"))] == [
        "2026-H1",
        "2026-H2",
    ]
