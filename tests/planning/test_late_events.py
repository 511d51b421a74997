"""An event recorded for a period whose report was already accepted becomes an adjustment of
that report with its reason; the report is not rewritten, and stays accepted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.core import clock
from libnet.events import services as events_services
from libnet.planning import selectors, services
from libnet.planning.models import Report, ReportAdjustment, ReportState
from libnet.planning.periods import parse

APRIL_10 = dt.datetime(2026, 4, 10, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def first_talk(province, hoa, after_march):
    """A talk held at the commune on 5 March (its first event), counted before the reports."""
    starts = dt.datetime(2026, 3, 5, 8, 0, tzinfo=clock.VIETNAM)
    event = events_services.plan_event(
        library=province["commune"],
        kind_code="talk",
        title="Nói chuyện về sách cho thiếu nhi",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        by=hoa.user,
        at=dt.datetime(2026, 3, 1, 3, 0, tzinfo=dt.UTC),
    )
    return events_services.report_event(
        event=event, adults=10, children=20, by=hoa.user, at=after_march
    )


def _late_talk(province, hoa):
    starts = dt.datetime(2026, 3, 20, 8, 0, tzinfo=clock.VIETNAM)
    event = events_services.plan_event(
        library=province["commune"],
        kind_code="talk",
        title="Giới thiệu sách mới tháng Ba",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        by=hoa.user,
        at=APRIL_10,
    )
    return events_services.report_event(
        event=event, adults=5, children=12, by=hoa.user, at=APRIL_10
    )


def test_an_event_for_an_accepted_month_becomes_an_adjustment_with_its_reason(
    client, province, hoa, chi, first_talk, after_march
):
    commune = province["commune"]
    march = services.submit_report(
        library=commune, period=parse("2026-03"), by=hoa.user, at=after_march
    )
    services.accept_report(report=march, by=chi.user, at=after_march)
    quarter = services.submit_report(
        library=commune, period=parse("2026-Q1"), by=hoa.user, at=after_march
    )
    sent = dict(Report.objects.get(pk=march.pk).figures)
    assert (sent["events"], sent["event_attendance"]) == (1, 30)

    _late_talk(province, hoa)

    march.refresh_from_db()
    assert (march.state, march.figures) == (ReportState.ACCEPTED, sent)  # not rewritten
    adjustments = {
        (adjustment.indicator.code, adjustment.delta)
        for adjustment in ReportAdjustment.objects.filter(report=march)
    }
    assert adjustments == {("events", 1), ("talks", 1), ("event_attendance", 17)}
    reason = ReportAdjustment.objects.filter(report=march).first().reason
    assert reason == (
        "Ghi nhận sau khi báo cáo đã được chấp nhận: Giới thiệu sách mới tháng Ba (20/03/2026)"
    )
    # The quarter's report was sent but not accepted: no adjustment; it shows the change as
    # recorded after sending, and the province may return it.
    assert not ReportAdjustment.objects.filter(report=quarter).exists()
    rows = {
        row.indicator.code: row for row in selectors.report_sheet(commune, parse("2026-03")).rows
    }
    events = rows["events"]
    assert (events.computed, events.adjustment, events.value, events.since_sent) == (1, 1, 2, 0)
    assert rows["event_attendance"].value == 47
    quarter_rows = {
        row.indicator.code: row for row in selectors.report_sheet(commune, parse("2026-Q1")).rows
    }
    assert (quarter_rows["events"].value, quarter_rows["events"].since_sent) == (1, 1)
    client.force_login(hoa.user)
    page = client.get(reverse("planning:report", args=[commune.code, "2026-03"])).content.decode()
    assert "Giới thiệu sách mới tháng Ba (20/03/2026)" in page


def test_correcting_the_attendance_after_acceptance_adjusts_by_the_difference(
    province, hoa, chi, first_talk, after_march
):
    commune = province["commune"]
    march = services.submit_report(
        library=commune, period=parse("2026-03"), by=hoa.user, at=after_march
    )
    services.accept_report(report=march, by=chi.user, at=after_march)
    events_services.report_event(event=first_talk, adults=12, children=20, by=hoa.user, at=APRIL_10)
    assert [
        (adjustment.indicator.code, adjustment.delta)
        for adjustment in ReportAdjustment.objects.filter(report=march)
    ] == [("event_attendance", 2)]
    row = next(
        row
        for row in selectors.report_sheet(commune, parse("2026-03")).rows
        if row.indicator.code == "event_attendance"
    )
    assert (row.value, row.since_sent) == (32, 0)
