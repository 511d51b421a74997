"""Movement of copies between libraries: rotation batches, transfers, and the claim that
keeps one copy in one movement at a time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from libnet.catalog.models import BibRecord, Item
from libnet.circulation.models import Hold, Loan
from libnet.core.inputs import HAND_COUNT_MAX, SMALLINT_MAX, between
from libnet.network.models import Library
from libnet.patrons.models import Patron


class ClaimKind(models.TextChoices):
    BATCH = "batch", _("Rotation batch")
    TRANSFER = "transfer", _("Transfer")
    MOBILE = "mobile", _("Mobile-library stock")
    CLASSROOM = "classroom", _("Classroom bookcase")


class ItemClaim(models.Model):
    """A copy taken by one open movement: a rotation batch, a transfer or a mobile trip.

    The primary key is the copy, so the database itself refuses a second open batch,
    transfer or trip for the same copy (TT 05/2022: a copy chosen for rotation is not in the
    mobile-library stock at the same time). The movement deletes its claim when it closes.
    `holder_id` is the batch's, transfer's or trip's id, read with `kind`.
    """

    item = models.OneToOneField(
        Item, on_delete=models.CASCADE, primary_key=True, related_name="claim"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ClaimKind.choices)
    holder_id = models.PositiveBigIntegerField(_("held by"))
    claimed_at = models.DateTimeField(_("claimed"))

    class Meta:
        verbose_name = _("claim on a copy")
        verbose_name_plural = _("claims on copies")
        indexes = [models.Index(fields=["kind", "holder_id"])]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind} {self.holder_id}"


class BatchState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PACKED = "packed", _("Packed")
    SHIPPED = "shipped", _("Shipped")
    RECEIVED = "received", _("Received")
    IN_USE = "in_use", _("In use")
    RETURNING = "returning", _("Returning")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# A batch in these states holds claims on its copies (ItemClaim of kind "batch").
OPEN_BATCH_STATES = (
    BatchState.DRAFT,
    BatchState.PACKED,
    BatchState.SHIPPED,
    BatchState.RECEIVED,
    BatchState.IN_USE,
    BatchState.RETURNING,
)


class RotationBatch(models.Model):
    """A planned shipment of copies from a library to a rotation point for a period
    (TT 05/2022 Art. 6.2), with its handover record, receipt and return."""

    from_library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="batches_sent", verbose_name=_("from")
    )
    to_library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="batches_received", verbose_name=_("to")
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    keeper_name = models.CharField(_("person in charge at the point"), max_length=120, blank=True)
    keeper_phone = models.CharField(_("phone of the person in charge"), max_length=40, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=BatchState.choices, default=BatchState.DRAFT
    )
    boxes = models.PositiveSmallIntegerField(
        _("boxes"), default=1, validators=between(1, SMALLINT_MAX)
    )
    readers = models.PositiveIntegerField(
        _("readers"), default=0, validators=between(0, HAND_COUNT_MAX)
    )
    point_requests = models.TextField(
        _("what the point asks for next time"), blank=True, help_text=_("subjects, one per line")
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    packed_at = models.DateTimeField(_("packed"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    in_use_at = models.DateTimeField(_("in use since"), null=True, blank=True)
    returning_at = models.DateTimeField(_("sent back"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("rotation batch")
        verbose_name_plural = _("rotation batches")
        ordering = ["-planned_start", "-pk"]
        indexes = [
            models.Index(fields=["to_library", "state"]),
            models.Index(fields=["from_library", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gt=models.F("planned_start")),
                name="batch_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=~Q(from_library=models.F("to_library")), name="batch_goes_elsewhere"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.from_library_id}→{self.to_library_id}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_BATCH_STATES


class BatchItemState(models.TextChoices):
    PACKED = "packed", _("Packed")
    RECEIVED = "received", _("Received")
    MISSING_ON_ARRIVAL = "missing_on_arrival", _("Missing on arrival")
    RETURNED = "returned", _("Returned")
    LOST = "lost", _("Lost")
    DAMAGED = "damaged", _("Damaged")


class BatchItem(models.Model):
    """One copy of a batch: its box, what happened to it, and how often it was used."""

    batch = models.ForeignKey(RotationBatch, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="batch_lines")
    box_number = models.PositiveSmallIntegerField(
        _("box"), default=1, validators=between(1, SMALLINT_MAX)
    )
    state = models.CharField(
        _("state"), max_length=20, choices=BatchItemState.choices, default=BatchItemState.PACKED
    )
    # Scanned at the point (receipt) and at home (return) before the step is recorded.
    arrival_scanned = models.BooleanField(_("scanned on arrival"), default=False)
    return_scanned = models.BooleanField(_("scanned on return"), default=False)
    return_damaged = models.BooleanField(_("damaged on return"), default=False)
    uses = models.PositiveIntegerField(_("uses"), default=0, validators=between(0, HAND_COUNT_MAX))
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_at = models.DateTimeField(_("added"))

    class Meta:
        verbose_name = _("copy in a batch")
        verbose_name_plural = _("copies in batches")
        ordering = ["box_number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "item"], name="copy_once_per_batch")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}/{self.item_id}"


class PointArea(models.TextChoices):
    NORMAL = "normal", _("Normal")
    REMOTE = "remote", _("Remote area")
    BORDER = "border", _("Border area")
    ISLAND = "island", _("Island")


class PointProfile(models.Model):
    """How long a batch may stay at a rotation point: 6 months, or the library's own period
    in remote, border and island areas (TT 05/2022 Art. 6.2)."""

    library = models.OneToOneField(
        Library, on_delete=models.CASCADE, primary_key=True, related_name="point_profile"
    )
    area = models.CharField(
        _("area"), max_length=10, choices=PointArea.choices, default=PointArea.NORMAL
    )
    max_months = models.PositiveSmallIntegerField(
        _("longest stay (months)"),
        null=True,
        blank=True,
        help_text=_("set by the library for remote, border and island points"),
        validators=between(1, SMALLINT_MAX),
    )

    class Meta:
        verbose_name = _("rotation point profile")
        verbose_name_plural = _("rotation point profiles")

    def __str__(self) -> str:
        return f"{self.library_id} {self.area}"


class DepositUsage(models.Model):
    """A month's usage at a deposit point that does not run libnet, typed in by hand."""

    point = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="deposit_usage")
    month = models.DateField(_("month"), help_text=_("first day of the month"))
    loans = models.PositiveIntegerField(
        _("loans"), default=0, validators=between(0, HAND_COUNT_MAX)
    )
    readers = models.PositiveIntegerField(
        _("readers"), default=0, validators=between(0, HAND_COUNT_MAX)
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"))

    class Meta:
        verbose_name = _("deposit usage")
        verbose_name_plural = _("deposit usage")
        ordering = ["point", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["point", "month"], name="one_usage_row_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="usage_month_starts_on_day_1"),
        ]

    def __str__(self) -> str:
        return f"{self.point_id} {self.month:%Y-%m}"


class TransferReason(models.TextChoices):
    RETURN_HOME = "return_home", _("Return home")
    HOLD = "hold", _("Hold")
    ROTATION = "rotation", _("Rotation")
    ILL = "ill", _("Inter-library loan")
    MANUAL = "manual", _("Manual")


class TransferState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SHIPPED = "shipped", _("Shipped")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_TRANSFER_STATES = (TransferState.REQUESTED, TransferState.SHIPPED)


class IllState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SHIPPED = "shipped", _("Shipped by the lender")
    ARRIVED = "arrived", _("Arrived at the home library")
    ON_LOAN = "on_loan", _("Lent to the reader")
    RETURNING = "returning", _("On its way back to the lender")
    CLOSED = "closed", _("Returned to the lender")
    REFUSED = "refused", _("Refused by the lender")
    CANCELLED = "cancelled", _("Cancelled")


class IllRequest(models.Model):
    """A reader asks at the library that issued the card for another library's copy
    (NĐ 93/2020 Art. 27); the lending library sets the loan period."""

    patron = models.ForeignKey(
        Patron, on_delete=models.SET_NULL, null=True, blank=True, related_name="ill_requests"
    )
    home_library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="ill_requests_made"
    )
    bib = models.ForeignKey(BibRecord, on_delete=models.PROTECT, related_name="ill_requests")
    lending_library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="ill_requests_received"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=IllState.choices, default=IllState.REQUESTED
    )
    due_on = models.DateField(_("due back at the lender"), null=True, blank=True)
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The reader's loan at the home library's desk, on the lender's due date.
    loan = models.ForeignKey(
        Loan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ill_requests",
        verbose_name=_("loan"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    requested_at = models.DateTimeField(_("requested"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("inter-library loan request")
        verbose_name_plural = _("inter-library loan requests")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"ILL #{self.pk}"


class Transfer(models.Model):
    """One copy travelling from one library to another, for a reason."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="transfers")
    from_library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="transfers_out", verbose_name=_("from")
    )
    to_library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="transfers_in", verbose_name=_("to")
    )
    reason = models.CharField(_("reason"), max_length=12, choices=TransferReason.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=TransferState.choices, default=TransferState.REQUESTED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    hold = models.ForeignKey(
        Hold, on_delete=models.SET_NULL, null=True, blank=True, related_name="transfers"
    )
    ill_request = models.ForeignKey(
        IllRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="transfers"
    )
    batch = models.ForeignKey(
        RotationBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="transfers"
    )
    received_at_library = models.ForeignKey(
        Library, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    shipped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # The same rule as ItemClaim, on the transfer table itself: one open transfer per
            # copy (the bug class Koha and Evergreen still carry, DESIGN.md §7).
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(state__in=["requested", "shipped"]),
                name="one_open_transfer_per_item",
            ),
            models.CheckConstraint(
                condition=~Q(from_library=models.F("to_library")),
                name="transfer_goes_elsewhere",
            ),
        ]
        indexes = [
            models.Index(fields=["to_library", "state"]),
            models.Index(fields=["from_library", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.from_library_id}→{self.to_library_id}"
