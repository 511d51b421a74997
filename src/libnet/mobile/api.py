"""JSON endpoints of the mobile library: trips, stock loading, stop figures, the tablet's sync.

Thin: parse → access getter → one service → answer. A refusal is a LibnetError that the API
turns into a 4xx `{"code", "message"}`; another library's trip is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import NotFound
from libnet.core.schemas import (
    Code,
    Date,
    DateTime,
    Id,
    Identifier,
    IdParam,
    InputSchema,
    IntRange,
    TextRules,
)
from libnet.core.validation import DateOutOfRange
from libnet.mobile import access, selectors, services
from libnet.mobile.errors import LoadRefused, TripRefused
from libnet.mobile.models import MobileTrip, TripStop
from libnet.mobile.policies import MAX_FIGURE

# The most copies loaded in one request, and the most scans a tablet sends at once (a day
# offline at busy stops is a few hundred).
MAX_BARCODES = 1_000
MAX_OPERATIONS = 2_000

Figure = Annotated[int, IntRange(0, MAX_FIGURE)]

router = Router(tags=["mobile"], auth=STAFF_AUTH)


class StopOut(Schema):
    id: int
    order: int
    name: str
    kind: str
    arrived_at: dt.datetime | None
    readers_served: int
    new_cards: int
    loans_on_paper: int
    libnet_loans: int
    in_place_uses: int
    activities: str


class CrewOut(Schema):
    name: str
    role: str


class StockOut(Schema):
    barcode: str
    title: str
    owner: str
    state: str
    loaded_at: dt.datetime
    returned_at: dt.datetime | None


class TripOut(Schema):
    id: int
    library: str
    route: str
    date: dt.date
    vehicle: str
    state: str
    crew: list[CrewOut]
    stops: list[StopOut]
    stock: list[StockOut]


class TripSummaryOut(Schema):
    id: int
    library: str
    route: str
    date: dt.date
    vehicle: str
    state: str


class TripIn(InputSchema):
    route_id: Id
    vehicle_id: Id
    date: Date
    notes: Annotated[str, TextRules.column(MobileTrip, "notes", multiline=True)] = ""


class StockIn(InputSchema):
    barcodes: Annotated[list[Identifier], Field(max_length=MAX_BARCODES)]


class RefusalOut(Schema):
    barcode: str
    code: str
    message: str


class StockResultOut(Schema):
    loaded: list[str]
    refused: list[RefusalOut]


class FiguresIn(InputSchema):
    readers_served: Figure
    new_cards: Figure = 0
    loans_on_paper: Figure = 0
    in_place_uses: Figure = 0
    activities: Annotated[str, TextRules.column(TripStop, "activities", multiline=True)] = ""
    arrived_at: DateTime | None = None


class OperationIn(InputSchema):
    client_uuid: Identifier
    trip_id: Id
    stop_id: Id | None = None
    action: Code
    barcode: Identifier
    card_number: Identifier = ""
    # Read by the service, which refuses a time without its zone.
    client_at: Identifier


class SyncIn(InputSchema):
    operations: Annotated[list[OperationIn], Field(max_length=MAX_OPERATIONS)]


class OperationOut(Schema):
    client_uuid: str
    result: str
    code: str
    message: str
    loan_id: int | None


class SyncOut(Schema):
    results: list[OperationOut]


def _summary(trip: MobileTrip) -> TripSummaryOut:
    return TripSummaryOut(
        id=trip.pk,
        library=trip.route.library.code,
        route=trip.route.name,
        date=trip.date,
        vehicle=trip.vehicle.plate,
        state=trip.state,
    )


def _trip_out(trip: MobileTrip) -> TripOut:
    libnet_loans = selectors.libnet_loans_by_stop([trip.pk])
    return TripOut(
        id=trip.pk,
        library=trip.route.library.code,
        route=trip.route.name,
        date=trip.date,
        vehicle=trip.vehicle.plate,
        state=trip.state,
        crew=[CrewOut(name=member.person_name, role=member.role) for member in trip.crew.all()],
        stops=[
            StopOut(
                id=stop.pk,
                order=stop.route_stop.order,
                name=stop.route_stop.name,
                kind=stop.route_stop.kind,
                arrived_at=stop.arrived_at,
                readers_served=stop.readers_served,
                new_cards=stop.new_cards,
                loans_on_paper=stop.loans_on_paper,
                libnet_loans=libnet_loans.get(stop.pk, 0),
                in_place_uses=stop.in_place_uses,
                activities=stop.activities,
            )
            for stop in trip.stops.select_related("route_stop")
        ],
        stock=[
            StockOut(
                barcode=row.item.barcode,
                title=row.item.bib.title,
                owner=row.item.home_library.code,
                state=row.state,
                loaded_at=row.loaded_at,
                returned_at=row.returned_at,
            )
            for row in trip.stock.select_related("item__bib", "item__home_library")
        ],
    )


@router.get("/mobile/trips", response=list[TripSummaryOut])
def list_trips(request: HttpRequest) -> list[TripSummaryOut]:
    """The trips of the caller's mobile libraries, newest first."""
    trips = access.trips_for_staff(request.user).select_related("route__library", "vehicle")
    return [_summary(trip) for trip in trips[:200]]


@router.post(
    "/mobile/trips",
    response={201: TripSummaryOut, **refusals(NotFound, TripRefused, DateOutOfRange)},
)
def plan_trip(request: HttpRequest, data: TripIn) -> Status[TripSummaryOut]:
    """Plan a trip along one of the caller's routes."""
    route = access.get_route_for_staff(request.user, data.route_id)
    vehicle = access.get_vehicle_for_staff(request.user, data.vehicle_id)
    trip = services.plan_trip(
        route=route, vehicle=vehicle, date=data.date, notes=data.notes, by=request.user
    )
    return Status(201, _summary(access.get_trip_for_staff(request.user, trip.pk)))


@router.get("/mobile/trips/{trip_id}", response={200: TripOut, **refusals(NotFound)})
def get_trip(request: HttpRequest, trip_id: IdParam) -> TripOut:
    return _trip_out(access.get_trip_for_staff(request.user, trip_id))


@router.post(
    "/mobile/trips/{trip_id}/stock",
    response={200: StockResultOut, **refusals(NotFound, TripRefused, LoadRefused)},
)
def load_stock(request: HttpRequest, trip_id: IdParam, data: StockIn) -> StockResultOut:
    """Load copies by barcode; each is loaded or refused on its own (TT 05/2022 Art. 5, 6)."""
    trip = access.get_trip_for_staff(request.user, trip_id)
    outcome = services.load_copies(trip=trip, barcodes=data.barcodes, by=request.user)
    return StockResultOut(
        loaded=[row.item.barcode for row in outcome.loaded],
        refused=[
            RefusalOut(barcode=barcode, code=error.code, message=error.message)
            for barcode, error in outcome.refused
        ],
    )


@router.post(
    "/mobile/trips/{trip_id}/stops/{stop_id}",
    response={200: StopOut, **refusals(NotFound, TripRefused, DateOutOfRange)},
)
def record_figures(
    request: HttpRequest, trip_id: IdParam, stop_id: IdParam, data: FiguresIn
) -> StopOut:
    """Record the hand-counted figures of a stop (corrections replace them)."""
    trip = access.get_trip_for_staff(request.user, trip_id)
    stop = access.get_trip_stop(trip, stop_id)
    stop = services.record_stop_figures(
        stop=stop,
        readers_served=data.readers_served,
        new_cards=data.new_cards,
        loans_on_paper=data.loans_on_paper,
        in_place_uses=data.in_place_uses,
        activities=data.activities,
        arrived_at=data.arrived_at,
        by=request.user,
    )
    stop = access.get_trip_stop(trip, stop.pk)
    return StopOut(
        id=stop.pk,
        order=stop.route_stop.order,
        name=stop.route_stop.name,
        kind=stop.route_stop.kind,
        arrived_at=stop.arrived_at,
        readers_served=stop.readers_served,
        new_cards=stop.new_cards,
        loans_on_paper=stop.loans_on_paper,
        libnet_loans=selectors.loans_made_at_stop(stop),
        in_place_uses=stop.in_place_uses,
        activities=stop.activities,
    )


@router.post("/mobile/sync", response=SyncOut, url_name="mobile_sync")
def sync(request: HttpRequest, data: SyncIn) -> dict[str, Any]:
    """Apply a tablet's queue of scans in order; one result per operation (ok or refused).

    Sending an operation again returns its first result: the queue may be replayed safely.
    """
    outcomes = services.sync_operations(
        user=request.user, operations=[operation.dict() for operation in data.operations]
    )
    return {"results": [outcome.as_dict() for outcome in outcomes]}
