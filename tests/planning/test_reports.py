"""Plans, hand-entered figures and the report life cycle, through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.core.audit import entries_for
from libnet.core.models import AuditEntry
from libnet.planning import policies, selectors, services
from libnet.planning.errors import FigureRefused, PlanRefused, ReportRefused
from libnet.planning.models import PlanState, ReportState
from libnet.planning.periods import parse
from libnet.stats import rebuild
from libnet.stats import services as stats
from libnet.stats.models import DailyStat

MARCH = parse("2026-03")


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        ("draft", "submit", "submitted"),
        ("returned", "submit", "submitted"),  # corrected and sent again
        ("submitted", "accept", "accepted"),
        ("submitted", "return", "returned"),
        ("draft", "accept", None),  # nothing to accept before it is sent
        ("accepted", "return", None),  # an accepted report is final
        ("accepted", "submit", None),
        ("submitted", "submit", None),
    ],
)
def test_next_report_state(state, action, expected):
    assert policies.next_report_state(state, action) == expected


@pytest.mark.parametrize(
    ("actual", "target", "share", "expected"),
    [
        (50, 100, 0.5, "ahead"),
        (45, 100, 0.5, "near"),
        (30, 100, 0.5, "behind"),
        (5, None, 0.5, "none"),
    ],
)
def test_progress_class(actual, target, share, expected):
    assert policies.progress_class(actual, target, share) == expected


def test_a_monthly_report_is_due_on_the_fifth_of_the_next_month():
    assert policies.due_on(MARCH, policies.DEFAULT_DUE_DAYS) == dt.date(2026, 4, 5)


def test_a_report_is_adjusted_submitted_returned_corrected_and_accepted(
    province, hoa, chi, after_march
):
    """Each step is audited; the adjustment needs a reason; the figures are frozen at
    submission and the parent's roll-up adds them once accepted."""
    commune = province["commune"]
    stats.bump(library_id=commune.pk, indicator="loans", day=dt.date(2026, 3, 10), by=40)
    with pytest.raises(ReportRefused) as refused:
        services.adjust_report(
            library=commune,
            period=MARCH,
            indicator_code="loans",
            delta=5,
            reason=" ",
            by=hoa.user,
            at=after_march,
        )
    assert refused.value.code == "reason_required"
    services.adjust_report(
        library=commune,
        period=MARCH,
        indicator_code="loans",
        delta=5,
        reason="Sổ mượn giấy ngày 31/3 chưa nhập",
        by=hoa.user,
        at=after_march,
    )
    report = services.submit_report(library=commune, period=MARCH, by=hoa.user, at=after_march)
    assert (report.state, report.figures["loans"], report.parent_id) == (
        ReportState.SUBMITTED,
        45,
        province["provincial"].pk,
    )
    provincial_sheet = selectors.report_sheet(province["provincial"], MARCH)
    assert provincial_sheet.figures["loans"] == 0  # not accepted yet
    assert [child.library.code for child in provincial_sheet.missing_children] == ["SL-TANLAP"]

    with pytest.raises(ReportRefused) as refused:
        services.return_report(report=report, reason="", by=chi.user, at=after_march)
    assert refused.value.code == "return_reason_required"
    report = services.return_report(
        report=report, reason="Thiếu số lượt đọc tại chỗ", by=chi.user, at=after_march
    )
    assert report.state == ReportState.RETURNED
    services.adjust_report(
        library=commune,
        period=MARCH,
        indicator_code="in_library_uses",
        delta=12,
        reason="Phiếu đọc tại chỗ tháng 3",
        by=hoa.user,
        at=after_march,
    )
    report = services.submit_report(library=commune, period=MARCH, by=hoa.user, at=after_march)
    report = services.accept_report(report=report, by=chi.user, at=after_march)
    assert report.state == ReportState.ACCEPTED
    provincial_sheet = selectors.report_sheet(province["provincial"], MARCH)
    assert provincial_sheet.figures["loans"] == 45
    assert provincial_sheet.figures["in_library_uses"] == 12
    assert provincial_sheet.missing_children == []
    actions = [entry.action for entry in entries_for(report).order_by("pk")]
    assert actions == [
        "report.adjust",
        "report.submit",
        "report.return",
        "report.adjust",
        "report.submit",
        "report.accept",
    ]
    adjust = entries_for(report).filter(action="report.adjust").order_by("pk").first()
    assert (adjust.actor, adjust.note) == (hoa.user, "Sổ mượn giấy ngày 31/3 chưa nhập")

    with pytest.raises(ReportRefused) as refused:
        services.adjust_report(
            library=commune,
            period=MARCH,
            indicator_code="loans",
            delta=1,
            reason="late",
            by=hoa.user,
            at=after_march,
        )
    assert refused.value.code == "not_editable"


def test_a_report_cannot_be_sent_before_its_period_ends_or_accepted_as_a_draft(province, hoa, chi):
    commune = province["commune"]
    with pytest.raises(ReportRefused) as refused:
        services.submit_report(
            library=commune,
            period=MARCH,
            by=hoa.user,
            at=dt.datetime(2026, 3, 31, 3, 0, tzinfo=dt.UTC),
        )
    assert refused.value.code == "period_not_over"
    services.comment_report(library=commune, period=MARCH, comment="Đang tổng hợp", by=hoa.user)
    report = commune.reports.get()
    with pytest.raises(ReportRefused) as refused:
        services.accept_report(report=report, by=chi.user)
    assert refused.value.code == "not_submitted"


def test_a_hand_entered_figure_is_corrected_by_its_difference_and_survives_a_rebuild(
    province, hoa, after_march
):
    commune = province["commune"]
    for value in (4, 6):
        services.enter_manual_figure(
            library=commune,
            indicator_code="talks",
            month=dt.date(2026, 3, 17),
            value=value,
            note="Sổ hoạt động",
            by=hoa.user,
            at=after_march,
        )
    day = DailyStat.objects.get(library=commune, indicator="talks")
    assert (day.day, day.value) == (dt.date(2026, 3, 1), 6)
    rebuild.rebuild_daily_stats()
    assert DailyStat.objects.get(library=commune, indicator="talks").value == 6
    assert AuditEntry.objects.filter(action="planning.manual_figure").count() == 2
    for code, kwargs, expected in [
        ("loans", {}, "not_manual"),
        ("talks", {"note": " "}, "note_required"),
        ("talks", {"value": -1}, "negative_value"),
        ("talks", {"month": dt.date(2026, 5, 1)}, "future_month"),
    ]:
        arguments = {
            "library": commune,
            "indicator_code": code,
            "month": dt.date(2026, 3, 1),
            "value": 1,
            "note": "x",
            "by": hoa.user,
            "at": after_march,
            **kwargs,
        }
        with pytest.raises(FigureRefused) as refused:
            services.enter_manual_figure(**arguments)
        assert refused.value.code == expected


def test_targets_set_above_are_approved_and_targets_proposed_by_the_library_wait(
    province, hoa, chi
):
    commune = province["commune"]
    plan = services.set_targets(
        library=commune, year=2026, targets={"loans": 2000}, by=hoa.user, approve=False
    )
    assert plan.state == PlanState.PROPOSED
    plan = services.approve_plan(plan=plan, by=chi.user)
    assert plan.state == PlanState.APPROVED
    plan = services.set_targets(
        library=commune,
        year=2026,
        targets={"loans": 2500, "visits": 9000},
        by=chi.user,
        approve=True,
    )
    assert selectors.targets_for(commune, 2026) == {"loans": 2500, "visits": 9000}
    assert entries_for(plan).filter(action="plan.targets").count() == 2
    with pytest.raises(PlanRefused) as refused:
        services.set_targets(
            library=commune, year=2026, targets={"nope": 1}, by=chi.user, approve=True
        )
    assert refused.value.code == "unknown_indicator"


@pytest.mark.parametrize(
    ("actual", "on", "expected"),
    [
        (100, dt.date(2025, 12, 31), None),  # the year has not started
        (0, dt.date(2026, 1, 1), 0),
        (10, dt.date(2026, 1, 1), 3650),  # one day gone
        (183, dt.date(2026, 7, 2), 365),  # day 183 of 365: one a day
        (1234, dt.date(2026, 12, 31), 1234),  # the year is over: the figure is the year's
        (1234, dt.date(2027, 3, 1), 1234),
    ],
)
def test_the_projection_assumes_the_pace_since_1_january_holds(actual, on, expected):
    share = policies.share_of_year_gone(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), on=on)
    assert policies.projected(actual, share) == expected
