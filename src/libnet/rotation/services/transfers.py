"""Transfers of one copy between libraries: requested, shipped, received or cancelled by
staff, and recorded by the desk through circulation.movements (DeskMovements), with the
inter-library loan requests they carry moved on."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from libnet.catalog import services as catalog_services
from libnet.catalog.models import Item, ItemStatus
from libnet.circulation import movements
from libnet.circulation import services as circulation_services
from libnet.circulation.models import Hold, Loan
from libnet.core import audit, clock, inputs, text
from libnet.core.audit import Actor
from libnet.network.models import Library
from libnet.patrons.models import Patron
from libnet.rotation import policies, selectors
from libnet.rotation.errors import TransferRefused
from libnet.rotation.models import (
    ClaimKind,
    IllRequest,
    IllState,
    ItemClaim,
    Transfer,
    TransferReason,
    TransferState,
)
from libnet.rotation.services._common import (
    action_label,
    claim_copy,
    claimed_refusal,
    release_copies,
    user_or_none,
)


def _transfer_note(transfer: Transfer) -> str:
    """What moved a copy, in its history: "phiếu chuyển số 7"."""
    return audit.note(_("transfer no. %(number)s"), number=transfer.pk)


def _claim_for_transfer(item: Item, transfer: Transfer, at: dt.datetime) -> None:
    refusal = claimed_refusal(item, TransferRefused)
    if refusal is not None:
        raise refusal
    claim_copy(item, kind=ClaimKind.TRANSFER, holder_id=transfer.pk, at=at)


def request_transfer(
    *,
    item: Item,
    to_library: Library,
    reason: str,
    by: Actor,
    note: str = "",
    ill_request: IllRequest | None = None,
    at: dt.datetime | None = None,
) -> Transfer:
    """Ask for a copy on the shelf of its library to be sent to `to_library`.

    Raises TransferRefused when the copy is not on the shelf or already in another open
    batch, transfer or mobile trip (the claim and the partial unique index back this up).
    """
    at = at or clock.now()
    try:
        with transaction.atomic():
            item = (
                Item.objects.select_for_update(of=("self",))
                .select_related("current_library")
                .get(pk=item.pk)
            )
            if item.current_library_id == to_library.pk:
                raise TransferRefused("same_library")
            if item.status != ItemStatus.AVAILABLE:
                raise TransferRefused(
                    "not_on_shelf",
                    barcode=item.barcode,
                    library=item.current_library.name,
                    status=ItemStatus(item.status).label.lower(),
                )
            transfer = Transfer.objects.create(
                item=item,
                from_library=item.current_library,
                to_library=to_library,
                reason=reason,
                note=inputs.check_column(Transfer, "note", text.clean(note)),
                ill_request=ill_request,
                requested_at=at,
                requested_by=user_or_none(by),
            )
            _claim_for_transfer(item, transfer, at)
            audit.record(
                "transfer.request",
                subject=transfer,
                by=by,
                at=at,
                library_id=transfer.from_library_id,
                after={"item": item.pk, "to_library": to_library.pk, "reason": reason},
            )
            return transfer
    except IntegrityError:
        refusal = claimed_refusal(item, TransferRefused)
        if refusal is None:
            raise
        raise refusal from None


def _advance_transfer(transfer: Transfer, action: str) -> str:
    state = policies.next_transfer_state(transfer.state, action)
    if state is None:
        raise TransferRefused(
            "invalid_transition",
            state=TransferState(transfer.state).label.lower(),
            action=action_label(action),
        )
    return state


def _lock_transfer(transfer: Transfer) -> Transfer:
    return (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("item", "from_library", "to_library", "ill_request")
        .get(pk=transfer.pk)
    )


@transaction.atomic
def ship_transfer(*, transfer: Transfer, by: Actor, at: dt.datetime | None = None) -> Transfer:
    """The copy leaves its library: in transit."""
    at = at or clock.now()
    transfer = _lock_transfer(transfer)
    transfer.state = _advance_transfer(transfer, "ship")
    catalog_services.change_item_status(
        item=transfer.item,
        to=ItemStatus.IN_TRANSIT,
        by=by,
        at=at,
        reason=_transfer_note(transfer),
        current_library=transfer.from_library,
    )
    transfer.shipped_at = at
    transfer.shipped_by = user_or_none(by)
    transfer.save(update_fields=["state", "shipped_at", "shipped_by"])
    if transfer.ill_request_id:
        IllRequest.objects.filter(pk=transfer.ill_request_id, state=IllState.REQUESTED).update(
            state=IllState.SHIPPED
        )
    audit.record(
        "transfer.ship", subject=transfer, by=by, at=at, library_id=transfer.from_library_id
    )
    return transfer


def _finish_transfer(
    transfer: Transfer, *, desk: Library, by: Actor, at: dt.datetime
) -> IllRequest | None:
    """Close the transfer as received at `desk`. Returns the ILL request whose copy has just
    arrived at the reader's home library (to set it aside for the reader), else None."""
    arrived_for: IllRequest | None = None
    transfer.state = TransferState.RECEIVED
    transfer.received_at = at
    transfer.received_by = user_or_none(by)
    transfer.received_at_library = desk
    transfer.save(update_fields=["state", "received_at", "received_by", "received_at_library"])
    release_copies([transfer.item_id], kind=ClaimKind.TRANSFER, holder_id=transfer.pk)
    request = transfer.ill_request
    if request is not None:
        if (
            transfer.reason == TransferReason.ILL
            and desk.pk == request.home_library_id
            and request.state in (IllState.REQUESTED, IllState.SHIPPED)
        ):
            _set_ill_state(request, IllState.ARRIVED, by=by, at=at)
            arrived_for = request
        elif (
            transfer.reason in (TransferReason.ILL, TransferReason.RETURN_HOME)
            and desk.pk == request.lending_library_id
            and request.closed_at is None
        ):
            _set_ill_state(request, IllState.CLOSED, by=by, at=at)
    audit.record(
        "transfer.receive",
        subject=transfer,
        by=by,
        at=at,
        library_id=desk.pk,
        after={"received_at_library": desk.pk},
    )
    return arrived_for


def _set_ill_state(
    request: IllRequest, state: str, *, by: Actor, at: dt.datetime, loan: Loan | None = None
) -> None:
    """Move an ILL request to `state` (closed: with the time), audited at the library whose
    desk did it."""
    before = {"state": request.state}
    request.state = state
    fields = ["state"]
    if state == IllState.CLOSED:
        request.closed_at = at
        fields.append("closed_at")
    if loan is not None:
        request.loan = loan
        fields.append("loan")
    request.save(update_fields=fields)
    audit.record(
        f"ill.{state}",
        subject=request,
        by=by,
        at=at,
        library_id=(
            request.lending_library_id if state == IllState.CLOSED else request.home_library_id
        ),
        before=before,
        after={"state": state, **({"loan": loan.pk} if loan is not None else {})},
    )


def _set_aside_for_ill_reader(
    request: IllRequest | None, *, item: Item, desk: Library, by: Actor, at: dt.datetime
) -> None:
    if request is not None and request.patron is not None:
        circulation_services.set_aside_for_reader(
            item=item, patron=request.patron, desk=desk, by=by, at=at
        )


@transaction.atomic
def receive_transfer(
    *, transfer: Transfer, desk: Library, by: Actor, at: dt.datetime | None = None
) -> Transfer:
    """The copy arrived at `desk` (its destination): it is on the shelf there, or on the hold
    shelf for the reader when it is an inter-library loan arriving at the reader's library."""
    at = at or clock.now()
    transfer = _lock_transfer(transfer)
    _advance_transfer(transfer, "receive")
    catalog_services.change_item_status(
        item=transfer.item,
        to=ItemStatus.AVAILABLE,
        by=by,
        at=at,
        reason=_transfer_note(transfer),
        current_library=desk,
    )
    arrived_for = _finish_transfer(transfer, desk=desk, by=by, at=at)
    _set_aside_for_ill_reader(arrived_for, item=transfer.item, desk=desk, by=by, at=at)
    return transfer


@transaction.atomic
def cancel_transfer(*, transfer: Transfer, by: Actor, at: dt.datetime | None = None) -> Transfer:
    """Cancel a transfer not yet shipped: the copy stays where it is."""
    at = at or clock.now()
    transfer = _lock_transfer(transfer)
    transfer.state = _advance_transfer(transfer, "cancel")
    transfer.cancelled_at = at
    transfer.cancelled_by = user_or_none(by)
    transfer.save(update_fields=["state", "cancelled_at", "cancelled_by"])
    release_copies([transfer.item_id], kind=ClaimKind.TRANSFER, holder_id=transfer.pk)
    audit.record(
        "transfer.cancel", subject=transfer, by=by, at=at, library_id=transfer.from_library_id
    )
    return transfer


class DeskMovements:
    """What the circulation desk tells rotation (circulation.movements): a transfer is
    recorded, shipped, for every copy a return sends in transit, and received when the copy
    is scanned at a desk. Runs inside the desk's transaction."""

    def copy_sent(
        self,
        *,
        item: Item,
        from_library: Library,
        to_library: Library,
        reason: str,
        hold: Hold | None,
        by: Actor,
        at: dt.datetime,
    ) -> None:
        if from_library.pk == to_library.pk:
            return
        for open_transfer in Transfer.objects.filter(
            item=item, state__in=(TransferState.REQUESTED, TransferState.SHIPPED)
        ).select_related("ill_request"):
            _finish_transfer(open_transfer, desk=from_library, by=by, at=at)
        # A lender's copy going back to the lender ends an inter-library loan: the transfer
        # says so (reason ILL), and the request is on its way back.
        ill_request = _open_ill_request_for(item, lender_id=to_library.pk)
        if ill_request is not None:
            reason = TransferReason.ILL
            if ill_request.state != IllState.RETURNING:
                _set_ill_state(ill_request, IllState.RETURNING, by=by, at=at)
        transfer = Transfer.objects.create(
            item=item,
            from_library=from_library,
            to_library=to_library,
            reason=reason,
            state=TransferState.SHIPPED,
            hold=hold,
            ill_request=ill_request,
            requested_at=at,
            requested_by=user_or_none(by),
            shipped_at=at,
            shipped_by=user_or_none(by),
        )
        # A copy of the mobile stock or of a batch keeps that claim; the transfer is recorded.
        if not ItemClaim.objects.filter(pk=item.pk).exists():
            claim_copy(item, kind=ClaimKind.TRANSFER, holder_id=transfer.pk, at=at)
        audit.record(
            "transfer.ship",
            subject=transfer,
            by=by,
            at=at,
            library_id=from_library.pk,
            after={"item": item.pk, "to_library": to_library.pk, "reason": reason},
        )

    def copy_arrived(
        self, *, item: Item, desk: Library, by: Actor, at: dt.datetime
    ) -> Patron | None:
        reader = None
        for transfer in Transfer.objects.filter(
            item=item, state__in=(TransferState.REQUESTED, TransferState.SHIPPED)
        ).select_related("ill_request__patron"):
            arrived_for = _finish_transfer(transfer, desk=desk, by=by, at=at)
            if arrived_for is not None and arrived_for.patron is not None:
                reader = arrived_for.patron
        return reader

    def rotation_point_of(self, *, item_id: int) -> int | None:
        return selectors.batch_point_of_item(item_id)

    def journey_of(self, *, item_id: int) -> movements.Journey | None:
        journey = selectors.journey_of_item(item_id)
        if journey is None:
            return None
        library, batch_id = journey
        return movements.Journey(to_library=library, batch_id=batch_id)

    def ill_due_on(self, *, item: Item, patron: Patron, desk: Library) -> dt.date | None:
        request = _arrived_ill_request(item=item, patron_id=patron.pk, desk_id=desk.pk)
        return request.due_on if request is not None else None

    def ill_lent(self, *, loan: Loan, by: Actor, at: dt.datetime) -> None:
        request = _arrived_ill_request(
            item=loan.item, patron_id=loan.patron_id, desk_id=loan.library_id
        )
        if request is not None:
            _set_ill_state(request, IllState.ON_LOAN, by=by, at=at, loan=loan)

    def ill_lender_of(self, *, loan: Loan) -> Library | None:
        request = (
            IllRequest.objects.filter(loan=loan, state=IllState.ON_LOAN)
            .select_related("lending_library")
            .first()
        )
        return request.lending_library if request is not None else None

    def ill_returned(
        self, *, item: Item, desk: Library, by: Actor, at: dt.datetime
    ) -> Library | None:
        request = (
            IllRequest.objects.select_for_update(of=("self",))
            .select_related("lending_library")
            .filter(item=item, state=IllState.ON_LOAN)
            .first()
        )
        if request is None:
            return None
        if request.lending_library_id == desk.pk:  # brought straight back to the lender
            _set_ill_state(request, IllState.CLOSED, by=by, at=at)
            return None
        return request.lending_library


def _arrived_ill_request(*, item: Item, patron_id: int | None, desk_id: int) -> IllRequest | None:
    """The ILL request whose copy `item` waits at the reader's home library `desk_id`."""
    if patron_id is None:
        return None
    return (
        IllRequest.objects.filter(
            item=item, patron_id=patron_id, home_library_id=desk_id, state=IllState.ARRIVED
        )
        .order_by("-pk")
        .first()
    )


def _open_ill_request_for(item: Item, *, lender_id: int) -> IllRequest | None:
    """The ILL request a lender's copy is travelling home after (to close it on arrival)."""
    return (
        IllRequest.objects.filter(item=item, lending_library_id=lender_id)
        .exclude(state__in=(IllState.CLOSED, IllState.REFUSED, IllState.CANCELLED))
        .first()
    )
