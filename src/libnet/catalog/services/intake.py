"""Copies coming in by batch and going out by decision: the two ends of the general register
(sổ đăng ký tổng quát, TT 18/2014): Part I lists the intake batches, Part II the withdrawal
decisions (TT 02/2020 Art. 28). Copies themselves are added by copies.add_items (a NewCopy
names its batch) and change status through moves.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import (
    IntakeBatch,
    Item,
    ItemSource,
    ItemStatus,
    WithdrawalDecision,
    WithdrawalReason,
)
from libnet.catalog.services.moves import _change_statuses, _status_refusal
from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.core.validation import check_date
from libnet.network.models import Library

# Rotation received is not intake: a copy sent by another library stays that library's.
INTAKE_SOURCES = frozenset(ItemSource.values) - {ItemSource.TRANSFER}
_BATCH_FIELDS = ("received_on", "source", "document_number", "supplier", "note")
_DECISION_FIELDS = ("number", "decided_on", "note")


def open_intake_batch(
    *,
    library: Library,
    source: str,
    received_on: dt.date,
    by: Actor,
    document_number: str = "",
    supplier: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> IntakeBatch:
    """Open a batch of copies received by `library` on `received_on`; copies join it through
    NewCopy.intake_batch. Raises CatalogRefused for a source that is not intake (rotation
    received is not) and DateOutOfRange for a date out of range."""
    if source not in INTAKE_SOURCES:
        raise CatalogRefused(
            "invalid_choice",
            field=_("Source"),
            value=source,
            allowed=", ".join(sorted(INTAKE_SOURCES)),
        )
    check_date(received_on, field=str(_("Received on")), window="historical")
    at = at or clock.now()
    with transaction.atomic():
        batch = IntakeBatch.objects.create(
            library=library,
            received_on=received_on,
            source=source,
            document_number=text.clean(document_number)[:100],
            supplier=text.clean(supplier)[:300],
            note=text.clean(note),
            created_at=at,
            created_by=audit.user_of(by),
        )
        audit.record(
            "intake_batch.create",
            subject=batch,
            by=by,
            at=at,
            library_id=library.pk,
            after=audit.snapshot(batch, _BATCH_FIELDS),
        )
    return batch


def record_withdrawal_decision(
    *,
    library: Library,
    number: str,
    decided_on: dt.date,
    by: Actor,
    note: str = "",
    at: dt.datetime | None = None,
) -> WithdrawalDecision:
    """Record `library`'s decision `number` of `decided_on` to withdraw copies (withdraw_items
    applies it). Raises CatalogRefused("duplicate_decision_number") for a number the library
    used already, DateOutOfRange for a date out of range."""
    # Its one form (capitals, as decisions are numbered: "15/QĐ-TV"), so that a number typed
    # again in small letters is the same number.
    number = text.identifier(number)
    if not number:
        raise CatalogRefused("withdrawal_needs_decision")
    check_date(decided_on, field=str(_("Decided on")), window="historical")
    at = at or clock.now()
    with transaction.atomic():
        if WithdrawalDecision.objects.filter(library=library, number=number).exists():
            raise CatalogRefused("duplicate_decision_number", number=number)
        decision = WithdrawalDecision.objects.create(
            library=library,
            number=number[:100],
            decided_on=decided_on,
            note=text.clean(note),
            created_at=at,
            created_by=audit.user_of(by),
        )
        audit.record(
            "withdrawal_decision.create",
            subject=decision,
            by=by,
            at=at,
            library_id=library.pk,
            after=audit.snapshot(decision, _DECISION_FIELDS),
        )
    return decision


def withdraw_items(
    *,
    decision: WithdrawalDecision,
    items: Sequence[tuple[Item, str]],
    by: Actor,
    at: dt.datetime | None = None,
) -> list[Item]:
    """Withdraw each (copy, WithdrawalReason value) under `decision`: the copy becomes
    withdrawn with the decision's number, its reason and the decision kept on it, and leaves
    the weeding list; audited ("item.status", the decision number as note) and told to the
    index. Every copy or none: raises CatalogRefused for a copy of another library
    ("withdraw_other_library"), one that is lent, travelling or already withdrawn
    ("cannot_withdraw"), or a reason libnet does not know."""
    at = at or clock.now()
    reasons = {item.pk: reason for item, reason in items}
    for reason in reasons.values():
        if reason not in WithdrawalReason.values:
            raise CatalogRefused(
                "invalid_choice",
                field=_("Withdrawal reason"),
                value=reason,
                allowed=", ".join(WithdrawalReason.values),
            )
    with transaction.atomic():
        locked = list(Item.objects.select_for_update().filter(pk__in=list(reasons)).order_by("pk"))
        for item in locked:
            if item.home_library_id != decision.library_id:
                raise CatalogRefused("withdraw_other_library", barcode=item.barcode)
            if _status_refusal(item, ItemStatus.WITHDRAWN, decision.number) is not None:
                raise CatalogRefused(
                    "cannot_withdraw",
                    barcode=item.barcode,
                    current=ItemStatus(item.status).label,
                )
        _change_statuses(
            locked,
            to=ItemStatus.WITHDRAWN,
            by=by,
            at=at,
            reason=decision.number,
            withdrawal_reference=decision.number,
            current_library=None,
        )
        by_reason: dict[str, list[int]] = defaultdict(list)
        for item in locked:
            item.withdrawal_decision = decision
            item.withdrawal_reason = reasons[item.pk]
            by_reason[item.withdrawal_reason].append(item.pk)
        for reason, ids in by_reason.items():
            Item.objects.filter(pk__in=ids).update(
                withdrawal_decision=decision, withdrawal_reason=reason
            )
    return locked
