"""The mobile library (thư viện lưu động): vehicles, routes with ordered stops, trips, the
crew and the stock each trip carries, the figures of each stop, and the operations a tablet
queued at a stop while it had no network.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from libnet.catalog.models import Item
from libnet.circulation.models import Loan
from libnet.core.inputs import HAND_COUNT_MAX, SMALLINT_MAX, between
from libnet.network.models import AdminUnit, Library


class Vehicle(models.Model):
    """A vehicle of the mobile library (TT 05/2022 Art. 10)."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="vehicles")
    plate = models.CharField(_("number plate"), max_length=20)
    name = models.CharField(_("name"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in service"), default=True)

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        constraints = [
            models.UniqueConstraint(fields=["library", "plate"], name="vehicle_plate_per_library")
        ]
        ordering = ["library", "plate"]

    def __str__(self) -> str:
        return f"{self.plate} {self.name}".strip()


class Route(models.Model):
    """A round the mobile library drives: its stops in order."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="mobile_routes")
    name = models.CharField(_("name"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        ordering = ["library", "name"]

    def __str__(self) -> str:
        return self.name


class StopKind(models.TextChoices):
    COMMUNE = "commune", _("Commune centre")
    VILLAGE = "village", _("Village")
    SCHOOL = "school", _("School")


class RouteStop(models.Model):
    """A place on a route, visited in `order`; a school or commune library when it has one."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="stops")
    order = models.PositiveSmallIntegerField(_("order"), validators=between(0, SMALLINT_MAX))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=StopKind.choices)
    admin_unit = models.ForeignKey(
        AdminUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("administrative unit"),
    )
    library = models.ForeignKey(
        Library,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("library at the stop"),
    )
    planned_time = models.TimeField(_("planned time"), null=True, blank=True)

    class Meta:
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        ordering = ["route", "order"]
        constraints = [
            models.UniqueConstraint(fields=["route", "order"], name="route_stop_order_once")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class TripState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    LOADED = "loaded", _("Loaded")
    ON_ROAD = "on_road", _("On the road")
    BACK = "back", _("Back")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class MobileTrip(models.Model):
    """One round of the mobile library on `date` along `route` (an "đợt" of TT 05/2022)."""

    route = models.ForeignKey(Route, on_delete=models.PROTECT, related_name="trips")
    date = models.DateField(_("date"))
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="trips", verbose_name=_("vehicle")
    )
    state = models.CharField(
        _("state"), max_length=16, choices=TripState.choices, default=TripState.PLANNED
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    departed_at = models.DateTimeField(_("left"), null=True, blank=True)
    returned_at = models.DateTimeField(_("came back"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("mobile-library trip")
        verbose_name_plural = _("mobile-library trips")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date", "state"])]

    def __str__(self) -> str:
        return f"{self.route} {self.date:%d/%m/%Y}"

    @property
    def library(self) -> Library:
        return self.route.library


class CrewRole(models.TextChoices):
    DRIVER = "driver", _("Driver / operator")
    LIBRARIAN = "librarian", _("Library staff")
    OTHER = "other", _("Other")


class TripCrew(models.Model):
    """A person on a trip: a staff user of libnet or a name (a hired driver, a volunteer)."""

    trip = models.ForeignKey(MobileTrip, on_delete=models.CASCADE, related_name="crew")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    person_name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=16, choices=CrewRole.choices)

    class Meta:
        verbose_name = _("crew member")
        verbose_name_plural = _("crew")
        ordering = ["trip", "role", "person_name"]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.role})"


class StockState(models.TextChoices):
    OUT = "out", _("On the vehicle")
    ON_LOAN = "on_loan", _("Lent at a stop")
    BACK = "back", _("Back")
    LOST = "lost", _("Lost")
    DAMAGED = "damaged", _("Damaged")


class TripStock(models.Model):
    """A copy loaded on a trip, and what became of it."""

    trip = models.ForeignKey(MobileTrip, on_delete=models.CASCADE, related_name="stock")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="mobile_trips")
    loaded_at = models.DateTimeField(_("loaded"))
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=StockState.choices, default=StockState.OUT
    )

    class Meta:
        verbose_name = _("copy on a trip")
        verbose_name_plural = _("copies on trips")
        constraints = [
            models.UniqueConstraint(fields=["trip", "item"], name="trip_stock_item_once")
        ]
        ordering = ["trip", "loaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.trip_id} {self.item_id} {self.state}"


class TripStop(models.Model):
    """What happened at one stop of a trip.

    Loans made through libnet at the stop are counted from MobileOperation; `loans_on_paper`
    and `new_cards` are counted by hand (loans written on paper slips when nothing worked,
    cards issued on paper forms).
    """

    trip = models.ForeignKey(MobileTrip, on_delete=models.CASCADE, related_name="stops")
    route_stop = models.ForeignKey(RouteStop, on_delete=models.PROTECT, related_name="+")
    arrived_at = models.DateTimeField(_("arrived"), null=True, blank=True)
    readers_served = models.PositiveIntegerField(
        _("readers served"), default=0, validators=between(0, HAND_COUNT_MAX)
    )
    new_cards = models.PositiveIntegerField(
        _("new cards"), default=0, validators=between(0, HAND_COUNT_MAX)
    )
    loans_on_paper = models.PositiveIntegerField(
        _("loans on paper"), default=0, validators=between(0, HAND_COUNT_MAX)
    )
    in_place_uses = models.PositiveIntegerField(
        _("read on the spot"), default=0, validators=between(0, HAND_COUNT_MAX)
    )
    activities = models.TextField(_("activities"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)

    class Meta:
        verbose_name = _("stop of a trip")
        verbose_name_plural = _("stops of trips")
        constraints = [
            models.UniqueConstraint(fields=["trip", "route_stop"], name="trip_stop_once")
        ]
        ordering = ["trip", "route_stop__order"]

    def __str__(self) -> str:
        return f"{self.trip_id} {self.route_stop_id}"


class OperationAction(models.TextChoices):
    CHECKOUT = "checkout", _("Lend")
    CHECKIN = "checkin", _("Return")


class OperationResult(models.TextChoices):
    OK = "ok", _("Done")
    REFUSED = "refused", _("Refused")


class MobileOperation(models.Model):
    """A scan made at a stop, perhaps offline, applied once whatever how often it is sent.

    `client_uuid` is made by the tablet; a second copy of the same operation (the tablet
    sent it, lost the answer, and sent it again) finds this row and gets the same answer.
    """

    client_uuid = models.UUIDField(_("operation id"), unique=True)
    trip = models.ForeignKey(MobileTrip, on_delete=models.CASCADE, related_name="operations")
    trip_stop = models.ForeignKey(
        TripStop, on_delete=models.SET_NULL, null=True, blank=True, related_name="operations"
    )
    action = models.CharField(_("action"), max_length=16, choices=OperationAction.choices)
    card_number = models.CharField(_("card number"), max_length=64, blank=True)
    barcode = models.CharField(_("barcode"), max_length=64)
    client_at = models.DateTimeField(_("scanned"))
    received_at = models.DateTimeField(_("received"))
    result = models.CharField(_("result"), max_length=16, choices=OperationResult.choices)
    code = models.CharField(_("code"), max_length=64)
    message = models.TextField(_("message"), blank=True)
    loan = models.ForeignKey(
        Loan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("operation at a stop")
        verbose_name_plural = _("operations at stops")
        ordering = ["trip", "client_at", "pk"]
        indexes = [
            models.Index(
                fields=["trip_stop", "action"],
                condition=Q(result="ok"),
                name="mobile_op_ok_per_stop",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_uuid} {self.action} {self.result}"
