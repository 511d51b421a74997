"""The stocktake (kiểm kê, TT 18/2014 Art. 9.1): its scope, committee, the copies expected at
opening, the barcodes scanned, and the outcome of each copy at closing."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from libnet.catalog.models import MAX_PRICE_VND, Item, ShelfLocation
from libnet.circulation.models import Loan
from libnet.network.models import Library


class StocktakeReason(models.TextChoices):
    # TT 18/2014 Art. 9.1: periodic; when the staff member in charge changes; after a natural
    # disaster or fire; on request of the managing body.
    PERIODIC = "periodic", _("Periodic")
    STAFF_CHANGE = "staff_change", _("Change of the staff member in charge")
    DISASTER = "disaster", _("After a disaster or fire")
    ORDERED = "ordered", _("Ordered by the managing body")


class StocktakeState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    FOUND = "found", _("Found on its shelf")
    MISPLACED = "misplaced", _("Misplaced")
    NOT_MISSING = "not_missing", _("On loan or on the move")
    MISSING = "missing", _("Not found")
    UNKNOWN = "unknown", _("Scanned, not in the stocktake")


class ScanSource(models.TextChoices):
    DESK = "desk", _("Desk")
    FILE = "file", _("Scanner file")
    API = "api", _("API")
    TABLET = "tablet", _("Tablet")


class Stocktake(models.Model):
    """A count of a library's stock, or of some shelf locations or a call-number range.

    An empty scope (no locations, no call-number range) is the whole library.
    """

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="stocktakes")
    reason = models.CharField(_("reason"), max_length=16, choices=StocktakeReason.choices)
    locations = models.ManyToManyField(
        ShelfLocation, blank=True, related_name="+", verbose_name=_("shelf locations")
    )
    call_number_from = models.CharField(_("call numbers from"), max_length=100, blank=True)
    call_number_to = models.CharField(_("call numbers to"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=StocktakeState.choices, default=StocktakeState.OPEN
    )
    opened_at = models.DateTimeField(_("opened"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The outcome counts written at closing (the four first add up to the copies in scope).
    found = models.PositiveIntegerField(default=0)
    misplaced = models.PositiveIntegerField(default=0)
    not_missing = models.PositiveIntegerField(default=0)
    missing = models.PositiveIntegerField(default=0)
    unknown = models.PositiveIntegerField(default=0)
    lost_marked_at = models.DateTimeField(_("missing copies marked lost"), null=True, blank=True)

    class Meta:
        verbose_name = _("stocktake")
        verbose_name_plural = _("stocktakes")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["library"],
                condition=Q(state="open"),
                name="one_open_stocktake_per_library",
            )
        ]

    def __str__(self) -> str:
        return f"{self.library_id} {self.opened_at:%Y-%m-%d}"

    @property
    def in_scope(self) -> int:
        return self.found + self.misplaced + self.not_missing + self.missing


class CommitteeMember(models.Model):
    """A member of the stocktake committee (hội đồng kiểm kê), who signs the record."""

    stocktake = models.ForeignKey(Stocktake, on_delete=models.CASCADE, related_name="committee")
    name = models.CharField(_("full name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["stocktake", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class StocktakeLine(models.Model):
    """A copy in scope when the stocktake was opened, where it was expected then, and (once
    closed) its outcome."""

    # No index of their own: the unique (stocktake, item) serves the stocktake's lookups, and
    # each index costs at every one of the 100,000 rows of a large library's snapshot.
    stocktake = models.ForeignKey(
        Stocktake, on_delete=models.CASCADE, related_name="lines", db_index=False
    )
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    expected_location = models.ForeignKey(
        ShelfLocation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    status_at_open = models.CharField(max_length=16)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stocktake", "item"], name="one_line_per_copy")
        ]
        indexes = [models.Index(fields=["stocktake", "outcome"], name="stocktake_line_outcome")]

    def __str__(self) -> str:
        return f"{self.stocktake_id} {self.item_id}"


class StocktakeScan(models.Model):
    """A barcode scanned during a stocktake, once: a repeated scan adds to `times`.

    `barcode` is in its one normal form (core.text.identifier); `item` is the copy with that
    barcode, if any; `location` the shelf being counted when it was scanned, if said.
    """

    # Indexes cost at each of a scanner file's 100,000 inserts: the unique (stocktake,
    # barcode) serves the stocktake's lookups; nothing looks scans up by copy, shelf or
    # person (a copy is deleted rarely: its scans are then found without an index).
    stocktake = models.ForeignKey(
        Stocktake, on_delete=models.CASCADE, related_name="scans", db_index=False
    )
    barcode = models.CharField(max_length=64)
    item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, related_name="+", db_index=False
    )
    location = models.ForeignKey(
        ShelfLocation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    source = models.CharField(max_length=8, choices=ScanSource.choices)
    scanned_at = models.DateTimeField()
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_index=False,
    )
    times = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            # Two scanners may read the same barcode at once: the second insert conflicts
            # and is counted as a repeat (services.record_scan).
            models.UniqueConstraint(fields=["stocktake", "barcode"], name="one_scan_per_barcode")
        ]

    def __str__(self) -> str:
        return f"{self.stocktake_id} {self.barcode}"


class TabletScan(models.Model):
    """A scan queued on a tablet and synced, by the UUID the tablet gave it: applied once.

    The tablet sends its queue again when an answer never arrived; a UUID already here is not
    applied a second time (no second "repeat") and is answered as it was the first time.
    """

    stocktake = models.ForeignKey(
        Stocktake, on_delete=models.CASCADE, related_name="tablet_scans", db_index=False
    )
    uuid = models.UUIDField()
    barcode = models.CharField(max_length=64)
    # What the scan was when applied (services.ScanResult.kind) and, for misplaced, the shelf
    # the copy belongs on.
    kind = models.CharField(max_length=16)
    title = models.TextField(blank=True)
    expected = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stocktake", "uuid"], name="one_tablet_scan_per_uuid")
        ]

    def __str__(self) -> str:
        return f"{self.stocktake_id} {self.uuid}"


class CompensationKind(models.TextChoices):
    REPLACEMENT = "replacement", _("The reader brought a replacement copy")
    PAYMENT = "payment", _("The reader paid")


# The Library Law 2019 Art. 38.9 lets each library set the form and amount of compensation;
# no rate is set in law (DOMAIN.md §2.9): without a rule of its own a library takes a
# replacement copy, or the lost copy's price once.
DEFAULT_PRICE_FACTOR = Decimal("1.00")


class CompensationRule(models.Model):
    """A library's rule for a lost copy (bồi thường): whether a reader may bring a copy of the
    same or an equivalent title instead, and how many times the lost copy's price a reader
    pays. A library without one follows the nearest library above it that has one."""

    library = models.OneToOneField(
        Library, on_delete=models.CASCADE, related_name="compensation_rule"
    )
    replacement_allowed = models.BooleanField(_("a replacement copy is accepted"), default=True)
    price_factor = models.DecimalField(
        _("times the price paid"),
        max_digits=4,
        decimal_places=2,
        default=DEFAULT_PRICE_FACTOR,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("10"))],
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("compensation rule")
        verbose_name_plural = _("compensation rules")

    def __str__(self) -> str:
        return f"{self.library_id} ×{self.price_factor}"


class Compensation(models.Model):
    """How a lost loan was settled: a replacement copy (added to the register in an intake
    batch of source "replacement") or an amount paid against a receipt. One per loan; the lost
    copy stays lost, on the weeding list."""

    loan = models.OneToOneField(Loan, on_delete=models.PROTECT, related_name="compensation")
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("settled by"), max_length=12, choices=CompensationKind.choices)
    amount_vnd = models.PositiveBigIntegerField(
        _("amount paid (VND)"), null=True, blank=True, validators=[MaxValueValidator(MAX_PRICE_VND)]
    )
    receipt_number = models.CharField(_("receipt number"), max_length=100, blank=True)
    replacement = models.OneToOneField(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("compensation for a lost copy")
        verbose_name_plural = _("compensations for lost copies")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.kind}"
