"""Loan rules, loans, holds, visits and in-library use."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from libnet.catalog.models import BibRecord, Item, ItemType
from libnet.core.inputs import HAND_COUNT_MAX, SMALLINT_MAX, between
from libnet.network.models import Library
from libnet.patrons.models import Patron, PatronCategory


class CirculationPolicy(models.Model):
    """Loan rules for library × reader category × item type; blanks mean "any".

    A library inherits the rules of the libraries above it; the most specific row wins
    (own library before parent, a category before any, an item type before any).
    """

    library = models.ForeignKey(
        Library,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="circulation_policies",
        verbose_name=_("library (blank: whole network)"),
    )
    patron_category = models.ForeignKey(
        PatronCategory,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reader category (blank: any)"),
    )
    item_type = models.CharField(
        _("item type (blank: any)"), max_length=16, choices=ItemType.choices, blank=True
    )
    home_loan_allowed = models.BooleanField(_("home loan allowed"), default=True)
    loan_days = models.PositiveSmallIntegerField(
        _("loan period (days)"), default=14, validators=between(0, SMALLINT_MAX)
    )
    max_loans = models.PositiveSmallIntegerField(
        _("most items on loan"), default=5, validators=between(0, SMALLINT_MAX)
    )
    max_renewals = models.PositiveSmallIntegerField(
        _("most renewals"), default=2, validators=between(0, SMALLINT_MAX)
    )
    holds_allowed = models.BooleanField(_("holds allowed"), default=True)
    max_holds = models.PositiveSmallIntegerField(
        _("most open holds"), default=3, validators=between(0, SMALLINT_MAX)
    )
    hold_pickup_days = models.PositiveSmallIntegerField(
        _("days to collect a hold"), default=7, validators=between(0, SMALLINT_MAX)
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace days"), default=0, validators=between(0, SMALLINT_MAX)
    )
    # Most public libraries here charge no fines (DOMAIN §2.9): off unless a library sets it.
    # A fine is days late × this; at most 100.000 đ a day, a loan decades late still fits the
    # loan's fine column (32 bits).
    fine_per_day_vnd = models.PositiveIntegerField(
        _("fine per day late (VND)"), default=0, validators=between(0, 100_000)
    )
    # A floating copy stays where it was returned instead of travelling home.
    copies_float = models.BooleanField(_("returned copies stay where returned"), default=False)

    class Meta:
        verbose_name = _("circulation rule")
        verbose_name_plural = _("circulation rules")
        ordering = ["library", "patron_category", "item_type"]

    def __str__(self) -> str:
        # Shown by the admin, where loan rules are edited: names, not ids.
        return " / ".join(
            (
                self.library.name if self.library is not None else str(_("whole network")),
                str(self.patron_category) if self.patron_category_id else str(_("every reader")),
                self.get_item_type_display() if self.item_type else str(_("every item type")),
            )
        )

    def clean(self) -> None:
        # NULL never equals NULL in a unique index (SQLite has no NULLS NOT DISTINCT): check here.
        duplicates = CirculationPolicy.objects.filter(
            library=self.library, patron_category=self.patron_category, item_type=self.item_type
        ).exclude(pk=self.pk)
        if duplicates.exists():
            raise ValidationError(
                _("A rule for this library, reader category and item type already exists.")
            )


class LoanStatus(models.TextChoices):
    OPEN = "open", _("On loan")
    RETURNED = "returned", _("Returned")
    LOST = "lost", _("Lost")


class Loan(models.Model):
    """One copy lent to one reader. `closed_at` is set when it is returned or declared lost."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="loans")
    # SET_NULL: erasing a reader keeps the loan, anonymised, for statistics.
    # No single-column indexes on patron and library: the Meta indexes begin with them, and
    # every loan written would update each index once more.
    patron = models.ForeignKey(
        Patron,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="loans",
        db_index=False,
    )
    library = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        related_name="loans",
        verbose_name=_("lent at"),
        db_index=False,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=LoanStatus.choices, default=LoanStatus.OPEN
    )
    loaned_at = models.DateTimeField(_("lent"))
    due_on = models.DateField(_("due"))
    renewals = models.PositiveSmallIntegerField(_("renewals"), default=0)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    returned_at_library = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("returned at"),
    )
    fine_vnd = models.PositiveIntegerField(_("fine (VND)"), default=0)
    lent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        constraints = [
            # Two desks can never lend the same copy: the database refuses the second loan.
            models.UniqueConstraint(
                fields=["item"], condition=Q(closed_at__isnull=True), name="one_open_loan_per_item"
            )
        ]
        indexes = [
            models.Index(fields=["patron", "closed_at"]),
            models.Index(fields=["library", "closed_at", "due_on"]),
            models.Index(fields=["library", "loaned_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.patron_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class HoldStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a copy")
    IN_TRANSIT = "in_transit", _("Copy on its way")
    READY = "ready", _("Ready to collect")
    FULFILLED = "fulfilled", _("Collected")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Not collected in time")


OPEN_HOLD_STATUSES = (HoldStatus.WAITING, HoldStatus.IN_TRANSIT, HoldStatus.READY)


class Hold(models.Model):
    """A reader asks for a title, to collect at `pickup_library`; a copy is set aside for it."""

    bib = models.ForeignKey(BibRecord, on_delete=models.PROTECT, related_name="holds")
    patron = models.ForeignKey(
        Patron, on_delete=models.SET_NULL, null=True, blank=True, related_name="holds"
    )
    pickup_library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="holds", verbose_name=_("pickup at")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=HoldStatus.choices, default=HoldStatus.WAITING
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="holds",
        verbose_name=_("copy set aside"),
    )
    placed_at = models.DateTimeField(_("placed"))
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    pickup_until = models.DateField(_("collect by"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        ordering = ["placed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["bib", "patron"],
                condition=Q(closed_at__isnull=True),
                name="one_open_hold_per_title_and_reader",
            ),
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(closed_at__isnull=True, item__isnull=False),
                name="one_open_hold_per_item",
            ),
        ]
        indexes = [models.Index(fields=["bib", "closed_at", "placed_at"])]

    def __str__(self) -> str:
        return f"{self.bib_id} for {self.patron_id} ({self.status})"


class VisitSource(models.TextChoices):
    DESK = "desk", _("Desk button")
    GATE = "gate", _("Gate counter")
    MANUAL = "manual", _("Daily entry")


class VisitCount(models.Model):
    """Visits (lượt bạn đọc) to `library` on `day`, per source; a manual entry replaces its row."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="visit_counts")
    day = models.DateField(_("day"))
    source = models.CharField(
        pgettext_lazy("visit count", "source"), max_length=8, choices=VisitSource.choices
    )
    count = models.PositiveIntegerField(
        _("visits"), default=0, validators=between(0, HAND_COUNT_MAX)
    )
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("visit count")
        verbose_name_plural = _("visit counts")
        constraints = [
            models.UniqueConstraint(
                fields=["library", "day", "source"], name="one_visit_count_per_source_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.library_id} {self.day} {self.source}: {self.count}"


class InLibraryUse(models.Model):
    """Copies read in the library without being lent (ISO 2789 "in-library use")."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="in_library_uses")
    item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="in_library_uses"
    )
    used_at = models.DateTimeField(_("used"))
    count = models.PositiveIntegerField(_("uses"), default=1, validators=between(0, HAND_COUNT_MAX))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("in-library use")
        verbose_name_plural = _("in-library uses")
        indexes = [models.Index(fields=["library", "used_at"])]

    def __str__(self) -> str:
        return f"{self.library_id} {self.item_id} ×{self.count}"
