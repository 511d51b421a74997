"""The desks' daily figures: what counts, and how `libnet rebuild_stats` counts it again.

At the library where it happened, on the day (Vietnam's calendar day) it happened:

- loans: a copy lent for use outside the library (checkout), at the lending desk;
- renewals: a loan renewed, at the lending library (a loan keeps only its number of
  renewals; the day of each is in the audit log);
- holds: a hold placed, at its pickup library;
- in_library_uses: documents read in place, as many as counted;
- visits: the day's visit counts, desk clicks, daily tallies and gate counters together;
- active readers (stats.ActivePatronMonth): a reader who borrowed or renewed at the library
  in the month.

The services call the `count_*` functions inside the transaction that writes the fact;
`SOURCES` count the same from the tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import DateField, Sum
from django.db.models.functions import TruncMonth

from libnet.circulation.models import Hold, InLibraryUse, Loan, VisitCount
from libnet.core import clock
from libnet.core.models import AuditEntry
from libnet.stats import services as stats
from libnet.stats.sources import ACTIVE_PATRONS, ActiveRow, Source, local_day, per_day

LOANS = "loans"
RENEWALS = "renewals"
HOLDS = "holds"
IN_LIBRARY_USES = "in_library_uses"
VISITS = "visits"
# The audit action of a renewal: the only record of the day a loan was renewed.
RENEWAL_ACTION = "loan.renew"

_CHUNK = 20_000


def count_loan(loan: Loan, *, day: dt.date) -> None:
    """Count `loan`, lent on `day`, and its reader as active at the lending library."""
    stats.bump(library_id=loan.library_id, indicator=LOANS, day=day)
    stats.note_active_patron(library_id=loan.library_id, patron_id=loan.patron_id, day=day)


def count_renewal(loan: Loan, *, day: dt.date) -> None:
    """Count a renewal of `loan` on `day`, and its reader as active at the lending library."""
    stats.bump(library_id=loan.library_id, indicator=RENEWALS, day=day)
    stats.note_active_patron(library_id=loan.library_id, patron_id=loan.patron_id, day=day)


def count_hold(hold: Hold, *, day: dt.date) -> None:
    stats.bump(library_id=hold.pickup_library_id, indicator=HOLDS, day=day)


def count_in_library_use(use: InLibraryUse) -> None:
    stats.bump(
        library_id=use.library_id,
        indicator=IN_LIBRARY_USES,
        day=clock.local_date(use.used_at),
        by=use.count,
    )


def count_visits(row: VisitCount, *, difference: int) -> None:
    """Move the day's visits of `row`'s library by `difference` (a count set again)."""
    if difference:
        stats.bump(library_id=row.library_id, indicator=VISITS, day=row.day, by=difference)


def _active_readers_again() -> Iterator[ActiveRow]:
    """Readers who borrowed or renewed at a library in a month, from the loans and the audit
    log of renewals."""
    loans = (
        Loan.objects.filter(patron_id__isnull=False)
        .annotate(
            local_month=TruncMonth("loaned_at", output_field=DateField(), tzinfo=clock.VIETNAM)
        )
        .values_list("library_id", "patron_id", "local_month")
        .distinct()
        .order_by()
    )
    yield from loans.iterator(chunk_size=_CHUNK)
    renewed: dict[int, list[dt.datetime]] = {}
    renewals = AuditEntry.objects.filter(action=RENEWAL_ACTION).values_list("subject_id", "at")
    for subject_id, at in renewals.iterator(chunk_size=_CHUNK):
        renewed.setdefault(int(subject_id), []).append(at)
    if not renewed:
        return
    for loan_id, library_id, patron_id in Loan.objects.filter(
        pk__in=list(renewed), patron_id__isnull=False
    ).values_list("pk", "library_id", "patron_id"):
        for at in renewed[loan_id]:
            yield (library_id, patron_id, clock.local_date(at).replace(day=1))


SOURCES = (
    per_day(
        "circulation.loans",
        LOANS,
        Loan.objects.all,
        library="library_id",
        day=local_day("loaned_at"),
    ),
    per_day(
        "circulation.renewals",
        RENEWALS,
        lambda: AuditEntry.objects.filter(action=RENEWAL_ACTION),
        library="library_id",
        day=local_day("at"),
    ),
    per_day(
        "circulation.holds",
        HOLDS,
        Hold.objects.all,
        library="pickup_library_id",
        day=local_day("placed_at"),
    ),
    per_day(
        "circulation.in_library_uses",
        IN_LIBRARY_USES,
        InLibraryUse.objects.all,
        library="library_id",
        day=local_day("used_at"),
        value=Sum("count"),
    ),
    per_day(
        "circulation.visits",
        VISITS,
        VisitCount.objects.all,
        library="library_id",
        day="day",
        value=Sum("count"),
    ),
    Source(
        name="circulation.active_readers",
        indicators=(ACTIVE_PATRONS,),
        active_patron_months=_active_readers_again,
    ),
)
