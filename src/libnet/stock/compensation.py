"""A reader who loses a copy replaces it or pays for it (bồi thường; Luật Thư viện 2019 Art.
38.9, 43: the library sets the form and the amount), as the library's CompensationRule says.

- **A replacement copy** (the same title, or an equivalent one the library accepts) joins the
  register: it is added through catalog's `add_items` into an intake batch of source
  `replacement` opened for it, dated the day it is received, the receipt (or the loan) as its
  document number. The general register lists it in Part I.
- **A payment**: the lost copy's price × the rule's factor (typed when the copy has no price),
  against a receipt number.

Either way the loan is closed as lost first if it was still open (circulation's
`declare_lost`), and the lost copy stays lost and goes on the weeding list: it leaves the
register only by a withdrawal decision (Part II).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from libnet.catalog import services as catalog_services
from libnet.catalog.models import BibRecord, ItemSource, WeedingReason
from libnet.catalog.services import NewCopy
from libnet.circulation import services as circulation_services
from libnet.circulation.models import Loan, LoanStatus
from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.network.models import Library
from libnet.stock import policies
from libnet.stock.errors import CompensationInvalid, CompensationRefused
from libnet.stock.models import (
    DEFAULT_PRICE_FACTOR,
    Compensation,
    CompensationKind,
    CompensationRule,
)


@dataclass(frozen=True)
class Rule:
    """The rule that applies at a library, and the library that set it (None: the default)."""

    replacement_allowed: bool
    price_factor: Decimal
    set_by: Library | None = None


def rule_for(library: Library) -> Rule:
    """The compensation rule of `library`: its own, else the nearest library's above it, else
    the default (a replacement accepted, or the price once)."""
    rules = {rule.library_id: rule for rule in CompensationRule.objects.select_related("library")}
    seen: set[int] = set()
    current: Library | None = library
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        rule = rules.get(current.pk)
        if rule is not None:
            return Rule(rule.replacement_allowed, rule.price_factor, rule.library)
        current = current.parent if current.parent_id else None
    return Rule(True, DEFAULT_PRICE_FACTOR)


def amount_due(loan: Loan) -> int | None:
    """What the reader of the lost `loan` pays by the owner's rule; None without a price."""
    item = loan.item
    return policies.compensation_vnd(
        price_vnd=item.price_vnd, factor=rule_for(item.home_library).price_factor
    )


@transaction.atomic
def compensate_lost_loan(
    *,
    loan: Loan,
    kind: str,
    by: Actor,
    receipt_number: str = "",
    amount_vnd: int | None = None,
    replacement_bib: BibRecord | None = None,
    replacement_price_vnd: int | None = None,
    replacement_barcode: str = "",
    at: dt.datetime | None = None,
) -> Compensation:
    """Record that the reader of `loan` replaced the lost copy or paid for it.

    Raises CompensationRefused (a returned loan, one already compensated, a replacement the
    library does not accept), CompensationInvalid (no kind, no amount for a copy without a
    price, no receipt for a payment) or the catalogue's refusal of the replacement copy (a
    barcode in use…). Nothing is written when it raises.
    """
    at = at or clock.now()
    if kind not in CompensationKind.values:
        raise CompensationInvalid("bad_kind")
    receipt_number = text.clean(receipt_number)[:100]
    loan = Loan.objects.select_for_update(of=("self",)).select_related("item").get(pk=loan.pk)
    if loan.status == LoanStatus.RETURNED:
        raise CompensationRefused("loan_returned")
    if Compensation.objects.filter(loan=loan).exists():
        raise CompensationRefused("already_settled")
    item = loan.item
    owner = Library.objects.get(pk=item.home_library_id)
    rule = rule_for(owner)
    replacement = None
    if kind == CompensationKind.PAYMENT:
        if amount_vnd is None:
            amount_vnd = policies.compensation_vnd(
                price_vnd=item.price_vnd, factor=rule.price_factor
            )
        if not amount_vnd:
            raise CompensationInvalid("amount_needed")
        catalog_services.check_price(amount_vnd)
        if not receipt_number:
            raise CompensationInvalid("receipt_needed")
    elif not rule.replacement_allowed:
        raise CompensationRefused("replacement_not_allowed")
    if loan.status == LoanStatus.OPEN:
        circulation_services.declare_lost(loan=loan, by=by, at=at)
    if kind == CompensationKind.REPLACEMENT:
        batch = catalog_services.open_intake_batch(
            library=owner,
            source=ItemSource.REPLACEMENT,
            received_on=clock.local_date(at),
            document_number=receipt_number or _("loan no. %(number)s") % {"number": loan.pk},
            by=by,
            at=at,
        )
        same_title = replacement_bib is None or replacement_bib.pk == item.bib_id
        added = catalog_services.add_items(
            copies=[
                NewCopy(
                    bib_id=item.bib_id if replacement_bib is None else replacement_bib.pk,
                    library=owner,
                    barcode=replacement_barcode,
                    register=item.register if item.register_id else None,
                    shelf_location=item.shelf_location if same_title else None,
                    call_number=item.call_number if same_title else "",
                    item_type=item.item_type,
                    price_vnd=(
                        replacement_price_vnd
                        if replacement_price_vnd is not None
                        else item.price_vnd
                    ),
                    intake_batch=batch,
                )
            ],
            by=by,
            at=at,
        )
        if added.refused:
            raise added.refused[0]
        replacement = added.items[0]
    catalog_services.note_weeding_candidate(
        item=item,
        reason=WeedingReason.LOST,
        source=_("lost on loan no. %(number)s") % {"number": loan.pk},
        by=by,
        at=at,
    )
    compensation = Compensation.objects.create(
        loan=loan,
        library=owner,
        kind=kind,
        amount_vnd=amount_vnd if kind == CompensationKind.PAYMENT else None,
        receipt_number=receipt_number,
        replacement=replacement,
        recorded_at=at,
        recorded_by=audit.user_of(by),
    )
    audit.record(
        "loan.compensation",
        subject=loan,
        by=by,
        at=at,
        library_id=owner.pk,
        after={
            "kind": kind,
            "amount_vnd": compensation.amount_vnd,
            "receipt_number": receipt_number,
            "replacement": replacement.pk if replacement else None,
        },
    )
    return compensation
