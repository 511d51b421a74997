"""What a managing body sees: the reports of the schools that report to it for a period,
their state against the deadline, and the figures of the accepted ones added up.

The Sở VHTTDL (a culture department) receives no school reports: it sees the public
network's reports, and its roll-up is the provincial library's report (own figures plus the
reports it accepted), as the public path has always given it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from libnet.network import selectors as network_selectors
from libnet.network.models import BodyKind, Library, LibraryKind, ManagingBody
from libnet.planning import policies
from libnet.planning.models import Indicator, Report, ReportState
from libnet.planning.periods import Period
from libnet.planning.selectors.due import due_days
from libnet.planning.selectors.figures import Figures, indicators
from libnet.planning.selectors.sheets import report_sheet

# States in which a report still has to be sent.
NOT_SENT_STATES = frozenset({"missing", ReportState.DRAFT, ReportState.RETURNED})


@dataclass
class BodyReportRow:
    library: Library
    report: Report | None
    due_on: dt.date

    @property
    def state(self) -> str:
        return self.report.state if self.report else "missing"

    def is_overdue(self, today: dt.date) -> bool:
        """Not sent (missing, draft or returned) after its deadline."""
        return today > self.due_on and self.state in NOT_SENT_STATES


@dataclass
class BodySheet:
    body: ManagingBody
    period: Period
    due_on: dt.date
    rows: list[BodyReportRow]
    totals: list[tuple[Indicator, int]]
    # How the totals are made: "accepted" (the schools' accepted reports added up) or
    # "provincial" (the provincial library's report, for the Sở VHTTDL).
    basis: str

    def count(self, state: str) -> int:
        return sum(1 for row in self.rows if row.state == state)

    def overdue(self, today: dt.date) -> list[BodyReportRow]:
        return [row for row in self.rows if row.is_overdue(today)]

    @property
    def accepted_count(self) -> int:
        return self.count(ReportState.ACCEPTED)

    @property
    def waiting(self) -> list[BodyReportRow]:
        return [row for row in self.rows if row.state == ReportState.SUBMITTED]


def body_library_ids(body: ManagingBody, period: Period) -> set[int]:
    """The libraries whose reports of `period` `body` sees: the schools that report to it on
    the period's last day and those whose report of the period was sent to it; for the Sở
    VHTTDL, the public network's libraries that send reports."""
    if body.kind == BodyKind.CULTURE_DEPARTMENT:
        runs_libnet = network_selectors.runs_libnet_map()
        return {
            library_id
            for library_id in network_selectors.public_network_ids()
            if runs_libnet.get(library_id, True)
        }
    assigned = {
        library_id
        for library_id, body_id in network_selectors.bodies_on(period.end).items()
        if body_id == body.pk
    }
    sent_here = Report.objects.filter(body=body, period=period.code).values_list(
        "library_id", flat=True
    )
    return assigned | set(sent_here)


def body_sheet(body: ManagingBody, period: Period) -> BodySheet:
    """Return the reports of `period` the body sees, one row per library (in Vietnamese order
    of their names), and the figures rolled up: the accepted reports sent to the body added
    indicator by indicator (for the Sở VHTTDL, the provincial library's report)."""
    ids = body_library_ids(body, period)
    libraries = network_selectors.libraries_by_id(ids)
    reports = {
        report.library_id: report
        for report in Report.objects.filter(library_id__in=ids, period=period.code)
    }
    deadline = policies.due_on(period, due_days())
    rows = [
        BodyReportRow(
            library=library,
            report=reports.get(library.pk),
            due_on=reports[library.pk].due_on if library.pk in reports else deadline,
        )
        for library in sorted(libraries.values(), key=lambda found: (found.sort_key, found.code))
    ]
    if body.kind == BodyKind.CULTURE_DEPARTMENT:
        basis = "provincial"
        figures: Figures = policies.add_figures(
            *(
                report_sheet(row.library, period).figures
                for row in rows
                if row.library.kind == LibraryKind.PROVINCIAL
            )
        )
    else:
        basis = "accepted"
        figures = policies.add_figures(
            *(
                {code: int(value) for code, value in row.report.figures.items()}
                for row in rows
                if row.report is not None
                and row.report.state == ReportState.ACCEPTED
                and row.report.body_id == body.pk
            )
        )
    return BodySheet(
        body=body,
        period=period,
        due_on=deadline,
        rows=rows,
        totals=[(indicator, figures.get(indicator.code, 0)) for indicator in indicators()],
        basis=basis,
    )


def reports_awaiting_bodies(body_ids: frozenset[int] | set[int]) -> list[Report]:
    """Return the submitted reports sent to the bodies `body_ids`, oldest first."""
    return list(
        Report.objects.filter(body_id__in=list(body_ids), state=ReportState.SUBMITTED)
        .select_related("library", "body")
        .order_by("submitted_at")
    )
