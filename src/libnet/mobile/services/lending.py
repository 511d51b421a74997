"""Lending at a stop: the tablet's queue of scans, each applied once, in order, through
circulation's services at the mobile library's desk."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from libnet.catalog import services as catalog_services
from libnet.catalog.models import ItemStatus
from libnet.circulation import access as circulation_access
from libnet.circulation import services as circulation_services
from libnet.core import audit, clock
from libnet.core.errors import LibnetError
from libnet.mobile import access, policies
from libnet.mobile.errors import MobileNotFound, StopScanRefused, TripRefused
from libnet.mobile.models import (
    MobileOperation,
    MobileTrip,
    OperationAction,
    OperationResult,
    StockState,
    TripStock,
    TripStop,
)
from libnet.mobile.services._common import day_text, trip_for_step, user_or_none
from libnet.patrons import access as patrons_access

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class StopOperation:
    """One scan made at a stop, as the tablet queued it."""

    client_uuid: uuid.UUID
    trip_id: int
    stop_id: int | None
    action: str
    barcode: str
    card_number: str
    client_at: dt.datetime


@dataclass(frozen=True)
class OperationOutcome:
    """The answer for one operation: `ok`, or a refusal code and its message."""

    client_uuid: str
    result: str
    code: str
    message: str
    loan_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "client_uuid": self.client_uuid,
            "result": self.result,
            "code": self.code,
            "message": self.message,
            "loan_id": self.loan_id,
        }


def _outcome(row: MobileOperation) -> OperationOutcome:
    return OperationOutcome(
        client_uuid=str(row.client_uuid),
        result=row.result,
        code=row.code,
        message=row.message,
        loan_id=row.loan_id,
    )


def parse_operation(raw: Mapping[str, Any]) -> StopOperation:
    """Read one operation of the tablet's queue; raises StopScanRefused for a malformed one."""
    try:
        client_uuid = uuid.UUID(str(raw["client_uuid"]))
        trip_id = int(raw["trip_id"])
        stop_id = int(raw["stop_id"]) if raw.get("stop_id") not in (None, "") else None
        action = str(raw["action"])
    except (KeyError, TypeError, ValueError):
        raise StopScanRefused("invalid_operation") from None
    try:
        client_at = dt.datetime.fromisoformat(str(raw.get("client_at")).replace("Z", "+00:00"))
    except ValueError:
        raise StopScanRefused("invalid_time") from None
    if client_at.tzinfo is None:
        raise StopScanRefused("invalid_time")
    try:
        client_at = client_at.astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01T00:00+14:00: no moment the database can hold
        raise StopScanRefused("invalid_time") from None
    if action not in OperationAction.values:
        raise StopScanRefused("invalid_action", action=action)
    return StopOperation(
        client_uuid=client_uuid,
        trip_id=trip_id,
        stop_id=stop_id,
        action=action,
        barcode=str(raw.get("barcode") or "").strip(),
        card_number=str(raw.get("card_number") or "").strip(),
        client_at=client_at,
    )


def apply_stop_operation(
    *,
    user: User,
    operation: StopOperation,
    at: dt.datetime | None = None,
    trips: dict[int, MobileTrip] | None = None,
    max_age: dt.timedelta = policies.MAX_SCAN_AGE,
) -> OperationOutcome:
    """Apply one scan of a stop once, however often it is sent, and return its outcome.

    The loan or return goes through circulation.services at the mobile library's desk, at
    the moment of the scan (never later than now). The stored outcome of an operation
    already applied (same client UUID) is returned unchanged. Each operation is its own
    transaction: a refused one is stored as refused and the next one goes on.
    """
    received_at = at or clock.now()
    try:
        known = _known_operation(user, operation)
    except MobileNotFound as error:
        return _refused_outcome(operation, error)
    if known is not None:
        return _answer_again(known, operation)
    trip: MobileTrip | None = None
    stop: TripStop | None = None
    try:
        trip = _trip_of(user, operation, trips)
        stop = access.get_trip_stop(trip, operation.stop_id) if operation.stop_id else None
        scanned_at = _scan_time(operation, trip=trip, received_at=received_at, max_age=max_age)
        with transaction.atomic():
            loan_id = _apply(trip=trip, operation=operation, user=user, at=scanned_at)
            row = _store_operation(
                operation=operation,
                trip=trip,
                stop=stop,
                user=user,
                received_at=received_at,
                result=OperationResult.OK,
                code="lent" if operation.action == OperationAction.CHECKOUT else "returned",
                loan_id=loan_id,
            )
        return _outcome(row)
    except IntegrityError as clash:
        # The same operation arrived twice at once; the first one's answer stands.
        return _first_answer(user, operation, clash)
    except LibnetError as error:
        if trip is None:
            # A trip the user cannot see: nothing to attach the refusal to.
            return _refused_outcome(operation, error)
        return _store_refusal(
            operation, error, trip=trip, stop=stop, user=user, received_at=received_at
        )


def _answer_again(known: MobileOperation, operation: StopOperation) -> OperationOutcome:
    """The stored outcome of an operation sent again; another scan under a used client UUID
    (a broken tablet) is refused, and nothing is applied."""
    if (known.trip_id, known.action, known.barcode) != (
        operation.trip_id,
        operation.action,
        operation.barcode,
    ):
        return _refused_outcome(operation, StopScanRefused("duplicate_operation"))
    return _outcome(known)


def _trip_of(
    user: User, operation: StopOperation, trips: dict[int, MobileTrip] | None
) -> MobileTrip:
    """The operation's trip, if `user` may see it (raises MobileNotFound otherwise)."""
    # A queue holds one trip's scans: its scoped lookup is made once per sync (`trips`).
    trip = (trips or {}).get(operation.trip_id) or access.get_trip_for_staff(
        user, operation.trip_id
    )
    if trips is not None:
        trips[trip.pk] = trip
    return trip


def _scan_time(
    operation: StopOperation,
    *,
    trip: MobileTrip,
    received_at: dt.datetime,
    max_age: dt.timedelta,
) -> dt.datetime:
    """The moment the scan counts at: the tablet's, never later than its arrival here.

    Raises StopScanRefused("scan_time_out_of_range") for a scan before the trip's day or older
    than `max_age` (policies.scan_time_refusal).
    """
    scanned_at = min(operation.client_at, received_at)
    trip_starts_at = dt.datetime.combine(trip.date, dt.time.min, tzinfo=clock.VIETNAM)
    if policies.scan_time_refusal(
        scanned_at=scanned_at,
        trip_starts_at=trip_starts_at,
        received_at=received_at,
        max_age=max_age,
    ):
        raise StopScanRefused(
            "scan_time_out_of_range",
            scanned=f"{scanned_at.astimezone(clock.VIETNAM):%H:%M} {day_text(clock.local_date(scanned_at))}",
            day=day_text(trip.date),
            days=max_age.days,
        )
    return scanned_at


def _store_refusal(
    operation: StopOperation,
    error: LibnetError,
    *,
    trip: MobileTrip,
    stop: TripStop | None,
    user: User,
    received_at: dt.datetime,
) -> OperationOutcome:
    """Store the refusal of an operation on its trip, and answer it."""
    try:
        with transaction.atomic():
            row = _store_operation(
                operation=operation,
                trip=trip,
                stop=stop,
                user=user,
                received_at=received_at,
                result=OperationResult.REFUSED,
                code=error.code,
                message=error.message,
            )
    except IntegrityError as clash:
        return _first_answer(user, operation, clash)
    return _outcome(row)


def _first_answer(user: User, operation: StopOperation, clash: IntegrityError) -> OperationOutcome:
    """The answer stored by the first of two copies of an operation sent at once, whose second
    copy's write raised `clash` (raised again when no operation is stored after all)."""
    try:
        known = _known_operation(user, operation)
    except MobileNotFound as error:
        return _refused_outcome(operation, error)
    if known is None:
        raise clash
    return _outcome(known)


def _refused_outcome(operation: StopOperation, error: LibnetError) -> OperationOutcome:
    """A refusal answered without being stored (nothing of the user's to attach it to)."""
    return OperationOutcome(
        client_uuid=str(operation.client_uuid),
        result=OperationResult.REFUSED,
        code=error.code,
        message=error.message,
    )


def _known_operation(user: User, operation: StopOperation) -> MobileOperation | None:
    """The operation already stored under this client UUID, among the trips `user` sees.

    A UUID stored on another library's trip raises MobileNotFound("trip_not_found"), as for
    a trip the user cannot see: its outcome is not theirs to read (caught by the caller).
    """
    # One read: two (the user's row, then "any row") would race with a resend committing
    # between them and answer "not yours" for the user's own operation.
    known = MobileOperation.objects.filter(client_uuid=operation.client_uuid).first()
    if known is None:
        return None
    if not access.trips_for_staff(user).filter(pk=known.trip_id).exists():
        raise MobileNotFound("trip_not_found")
    return known


def _store_operation(
    *,
    operation: StopOperation,
    trip: MobileTrip,
    stop: TripStop | None,
    user: User,
    received_at: dt.datetime,
    result: str,
    code: str,
    message: str = "",
    loan_id: int | None = None,
) -> MobileOperation:
    """Store one scan's outcome under its client UUID, and audit it."""
    row = MobileOperation.objects.create(
        client_uuid=operation.client_uuid,
        trip=trip,
        trip_stop=stop,
        action=operation.action,
        card_number=operation.card_number,
        barcode=operation.barcode,
        client_at=operation.client_at,
        received_at=received_at,
        result=result,
        code=code,
        message=message,
        loan_id=loan_id,
        by=user_or_none(user),
    )
    after: dict[str, object] = {"barcode": operation.barcode}
    if result == OperationResult.REFUSED:
        action, after["code"] = "mobile.stop.refused", code
    else:
        action = f"mobile.stop.{operation.action}"
        after["loan"] = loan_id
    audit.record(
        action,
        subject=row,
        by=user,
        at=received_at,
        library_id=trip.route.library_id,
        after=after,
    )
    return row


def _apply(
    *, trip: MobileTrip, operation: StopOperation, user: User, at: dt.datetime
) -> int | None:
    """Lend or take back one copy at the mobile library's desk; return the loan's id."""
    locked = trip_for_step(
        trip, allowed=policies.LENDING_STATES, refused="trip_not_lending", error=StopScanRefused
    )
    desk = locked.route.library
    item = circulation_access.get_item_at_desk(user, operation.barcode, desk=desk)
    row = TripStock.objects.filter(trip=locked, item=item).first()
    if operation.action == OperationAction.CHECKOUT:
        # Only what the vehicle carries is lent at a stop; a copy lent already is refused by
        # circulation itself (with its due date).
        if row is None:
            raise TripRefused("not_on_trip", barcode=item.barcode)
        if row.state not in (StockState.OUT, StockState.ON_LOAN):
            raise TripRefused("already_back", barcode=item.barcode)
        patron = patrons_access.get_patron_by_card_at_desk(user, operation.card_number, desk=desk)
        loan = circulation_services.checkout_item(
            item=item, patron=patron, desk=desk, by=user, at=at
        )
        if row is not None:
            row.state = StockState.ON_LOAN
            row.save(update_fields=["state"])
        return loan.pk
    result = circulation_services.checkin_item(item=item, desk=desk, by=user, at=at)
    if row is not None and row.state == StockState.ON_LOAN:
        # Lent and brought back during the same trip: the copy is on the vehicle again, not
        # on its way home (circulation would send a provincial copy home from this desk).
        copy = result.item
        if copy.status == ItemStatus.IN_TRANSIT and result.hold is None:
            catalog_services.change_item_status(
                item=copy,
                to=ItemStatus.AVAILABLE,
                by=user,
                at=at,
                reason=audit.note(
                    _("back on the vehicle, mobile trip no. %(number)s"), number=trip.pk
                ),
                current_library=desk,
            )
        row.state = StockState.OUT
        row.save(update_fields=["state"])
    return result.loan.pk if result.loan else None


def sync_operations(
    *,
    user: User,
    operations: Iterable[Mapping[str, Any]],
    at: dt.datetime | None = None,
    max_age: dt.timedelta = policies.MAX_SCAN_AGE,
) -> list[OperationOutcome]:
    """Apply a tablet's queue in order, each operation in its own transaction."""
    outcomes: list[OperationOutcome] = []
    trips: dict[int, MobileTrip] = {}
    for raw in operations:
        try:
            operation = parse_operation(raw)
        except StopScanRefused as error:
            outcomes.append(
                OperationOutcome(
                    client_uuid=str(raw.get("client_uuid", "")) if isinstance(raw, Mapping) else "",
                    result=OperationResult.REFUSED,
                    code=error.code,
                    message=error.message,
                )
            )
            continue
        outcomes.append(
            apply_stop_operation(
                user=user, operation=operation, at=at, trips=trips, max_age=max_age
            )
        )
    return outcomes
