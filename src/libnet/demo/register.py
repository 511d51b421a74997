"""The general register in the demo: this year's intake batches of the provincial library (a
purchase, a donation, legal deposit), one withdrawal decision, and a reader of Tân Lập
commune who lost a book and brought a replacement; so the register shows a line in each part.

Written through catalog's and stock's services with past moments (`at=`). A second run adds
nothing: the register's first batch, once there, says it ran (the demo's acquisitions and
donations open batches of their own).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from libnet.catalog import services as catalog_services
from libnet.catalog.models import IntakeBatch, Item, ItemStatus
from libnet.catalog.services import NewCopy
from libnet.circulation.models import Loan, LoanStatus
from libnet.core import clock
from libnet.network.models import Library
from libnet.stock import compensation

PROVINCIAL = "SL-TVT"
COMMUNE = "SL-TANLAP"

# (days ago, source, document number, supplier, copies, price in đồng or None)
BATCHES = [
    (75, "purchase", "HĐ 0001234", "Công ty Phát hành sách Sông Lam", 6, 86_000),
    (40, "donation", "", "Hội Khuyến học tỉnh Sông Lam", 4, None),
    (20, "deposit", "LC-2026/015", "Nhà xuất bản Sông Lam", 3, 52_000),
]


def load_register(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """Write the demo's batches, decision and replacement; return how many of each."""
    counts = {"intake_batches": 0, "withdrawal_decisions": 0, "compensations": 0}
    provincial, commune = libraries.get(PROVINCIAL), libraries.get(COMMUNE)
    if (
        provincial is None
        or IntakeBatch.objects.filter(library=provincial, document_number=BATCHES[0][2]).exists()
    ):
        return counts
    lan = get_user_model().objects.filter(username="lan").first()
    minh = get_user_model().objects.filter(username="minh").first()
    year_start = dt.datetime(clock.local_date(at).year, 1, 1, 9, tzinfo=clock.VIETNAM)

    def days_ago(days: int) -> dt.datetime:
        # In this year (in Vietnam), so this year's register shows them whatever the day.
        return min(max(at - dt.timedelta(days=days), year_start), at)

    held = list(
        Item.objects.filter(home_library=provincial, status=ItemStatus.AVAILABLE)
        .order_by("pk")
        .values_list("pk", "bib_id", "call_number")[:200]
    )
    titles = list(dict.fromkeys((bib_id, call_number) for _pk, bib_id, call_number in held))
    position = 0
    for days, source, document, supplier, copies, price in BATCHES:
        moment = days_ago(days)
        batch = catalog_services.open_intake_batch(
            library=provincial,
            source=source,
            received_on=clock.local_date(moment),
            document_number=document,
            supplier=supplier,
            by=lan,
            at=moment,
        )
        chosen = titles[position : position + copies]
        position += copies
        catalog_services.add_items(
            copies=[
                NewCopy(
                    bib_id=bib_id,
                    library=provincial,
                    call_number=call_number,
                    price_vnd=price,
                    intake_batch=batch,
                )
                for bib_id, call_number in chosen
            ],
            by=lan,
            # Catalogued now, after the demo's other copies: a title's first copy at the
            # library is the earliest added (catalog/stats_sources.py); the register dates
            # each copy by its batch.
            at=at,
        )
        counts["intake_batches"] += 1

    worn = [pk for pk, _bib_id, _call_number in held[-2:]]
    if worn:
        moment = days_ago(10)
        decision = catalog_services.record_withdrawal_decision(
            library=provincial,
            number="12/QĐ-TVT",
            decided_on=clock.local_date(moment),
            note="Thanh lọc sách rách nát không phục hồi được",
            by=lan,
            at=moment,
        )
        catalog_services.withdraw_items(
            decision=decision,
            items=[(item, "damaged") for item in Item.objects.filter(pk__in=worn)],
            by=lan,
            at=moment,
        )
        counts["withdrawal_decisions"] += 1

    if commune is not None:
        lost = (
            Loan.objects.filter(library=commune, item__home_library=commune, status=LoanStatus.OPEN)
            .order_by("loaned_at", "pk")
            .first()
        )
        if lost is not None:
            compensation.compensate_lost_loan(
                loan=lost,
                kind="replacement",
                receipt_number="BN-2026-001",
                by=minh,
                at=at,
            )
            counts["compensations"] += 1
    return counts
