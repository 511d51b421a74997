"""Inter-library loans: requested at the reader's home library, fulfilled (the lender's copy
shipped in a transfer) or refused by the lender."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from libnet.catalog.models import BibRecord, Item
from libnet.core import audit, clock, inputs, text
from libnet.core.audit import Actor
from libnet.core.validation import check_date
from libnet.network.models import Library
from libnet.patrons.models import Patron
from libnet.rotation import selectors
from libnet.rotation.errors import TransferRefused
from libnet.rotation.models import IllRequest, IllState, Transfer, TransferReason
from libnet.rotation.services._common import action_label, user_or_none
from libnet.rotation.services.transfers import request_transfer, ship_transfer


@transaction.atomic
def request_ill(
    *,
    patron: Patron,
    bib: BibRecord,
    home_library: Library,
    lending_library: Library,
    by: Actor,
    note: str = "",
    at: dt.datetime | None = None,
) -> IllRequest:
    """Record a reader's request for another library's copy, made at the library that issued
    the card (NĐ 93/2020 Art. 27)."""
    at = at or clock.now()
    if patron.home_library_id != home_library.pk:
        raise TransferRefused("ill_at_home_library")
    if lending_library.pk == home_library.pk:
        raise TransferRefused("ill_same_library")
    lendable = selectors.lendable_elsewhere(owner=lending_library, desk=home_library)
    if not lendable.filter(bib=bib).exists():
        raise TransferRefused("ill_no_copy", library=lending_library.name)
    request = IllRequest.objects.create(
        patron=patron,
        home_library=home_library,
        bib=bib,
        lending_library=lending_library,
        note=inputs.check_column(IllRequest, "note", text.clean(note)),
        requested_at=at,
        requested_by=user_or_none(by),
    )
    audit.record(
        "ill.request",
        subject=request,
        by=by,
        at=at,
        library_id=home_library.pk,
        after={"bib": bib.pk, "lending_library": lending_library.pk},
    )
    return request


def fulfil_ill(
    *, request: IllRequest, item: Item, due_on: dt.date, by: Actor, at: dt.datetime | None = None
) -> Transfer:
    """The lender chooses its copy and the loan period, and ships it to the reader's library.

    Raises TransferRefused for a copy of another title or library, or one the reader's desk
    could only let be read in the library, and for a due date not after today;
    DateOutOfRange for a due date past the operational window.
    """
    at = at or clock.now()
    with transaction.atomic():
        request = IllRequest.objects.select_for_update().get(pk=request.pk)
        _check_unanswered(request, "ship")
        if item.bib_id != request.bib_id or item.home_library_id != request.lending_library_id:
            raise TransferRefused(
                "ill_wrong_copy", barcode=item.barcode, library=request.lending_library.name
            )
        item = Item.objects.select_related("bib", "shelf_location").get(pk=item.pk)
        facts = selectors.copy_facts(
            [item], owner_id=request.lending_library_id, desk=request.home_library
        )[item.pk]
        if facts.restricted or facts.read_in_place:
            # The reader's desk could only let it be read there: it would wait on the hold
            # shelf for nothing.
            raise TransferRefused("ill_read_in_place", barcode=item.barcode)
        today = clock.local_date(at)
        if due_on <= today:
            raise TransferRefused("ill_due_before_today")
        check_date(due_on, field=gettext("Due back on"), window="operational", today=today)
        transfer = request_transfer(
            item=item,
            to_library=request.home_library,
            reason=TransferReason.ILL,
            by=by,
            ill_request=request,
            at=at,
        )
        request.item = item
        request.due_on = due_on
        request.save(update_fields=["item", "due_on"])
        audit.record(
            "ill.fulfil",
            subject=request,
            by=by,
            at=at,
            library_id=request.lending_library_id,
            after={"item": item.pk, "due_on": due_on.isoformat()},
        )
        return ship_transfer(transfer=transfer, by=by, at=at)


@transaction.atomic
def refuse_ill(
    *, request: IllRequest, by: Actor, note: str = "", at: dt.datetime | None = None
) -> IllRequest:
    """The lender cannot lend: the request is closed as refused."""
    at = at or clock.now()
    request = IllRequest.objects.select_for_update().get(pk=request.pk)
    _check_unanswered(request, "cancel")
    request.state = IllState.REFUSED
    request.closed_at = at
    request.note = inputs.check_column(IllRequest, "note", text.clean(note)) or request.note
    request.save(update_fields=["state", "closed_at", "note"])
    audit.record("ill.refuse", subject=request, by=by, at=at, library_id=request.lending_library_id)
    return request


def _check_unanswered(request: IllRequest, action: str) -> None:
    """Raise TransferRefused("ill_invalid_state") unless the lender has still to answer."""
    if request.state != IllState.REQUESTED:
        raise TransferRefused(
            "ill_invalid_state",
            state=IllState(request.state).label.lower(),
            action=action_label(action),
        )
