"""Donations (xã hội hóa): the donors, the drives that ask for books, the books received with
their receipt, and the donated books a library passes on to the libraries below it.

A donated book is counted twice on purpose, as two different figures: "donated books
received" on the day it is received (before anyone catalogues it), and "copies added" when
its copy is catalogued (catalog.add_items, in an intake batch with source `donation`). Each
of the two is counted once: a line cannot be catalogued or passed on beyond its copies.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from libnet.catalog.models import MAX_PRICE_VND, BibRecord, IntakeBatch
from libnet.core import clock
from libnet.network.models import Library

# The most copies one line of a donation may carry: a drive's truckload, not a typo.
MAX_COPIES_PER_LINE = 10_000
MAX_GOAL_BOOKS = 10_000_000


class DonorKind(models.TextChoices):
    PERSON = "person", _("Person")
    FAMILY = "family", _("Family")
    ORGANISATION = "organisation", _("Company or organisation")
    CLASS = "class", _("Class or school")


class Condition(models.TextChoices):
    NEW = "new", _("New")
    GOOD = "good", _("Good, used")
    WORN = "worn", _("Worn, needs repair")


class Donor(models.Model):
    """Someone who gives books: a person, a family, a company or organisation, a class.

    `contact` (phone, address, e-mail) of a person is personal data: only the staff of the
    library that recorded the donor (and of the libraries whose role covers it) see it.
    """

    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="donors", verbose_name=_("library")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DonorKind.choices)
    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    school_class = models.CharField(_("class or school"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Drive(models.Model):
    """A book-donation drive (cuộc vận động ủng hộ sách) run by a library over a period, with
    a goal in books (and in money, if it asks for money too). With `covers_subtree` the
    libraries below it record donations for it as well."""

    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="donation_drives", verbose_name=_("library")
    )
    covers_subtree = models.BooleanField(_("libraries below take part"), default=False)
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    goal_books = models.PositiveIntegerField(
        _("goal in books"), validators=[MinValueValidator(1), MaxValueValidator(MAX_GOAL_BOOKS)]
    )
    goal_vnd = models.PositiveBigIntegerField(
        _("goal in money (đồng)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_PRICE_VND)],
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("donation drive")
        verbose_name_plural = _("donation drives")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="drive_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Donation(models.Model):
    """Books received from one donor on one day, with its receipt number (số biên nhận)."""

    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="donations", verbose_name=_("library")
    )
    donor = models.ForeignKey(
        Donor, on_delete=models.PROTECT, related_name="donations", verbose_name=_("donor")
    )
    drive = models.ForeignKey(
        Drive,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="donations",
        verbose_name=_("drive"),
    )
    received_on = models.DateField(_("received on"))
    receipt_number = models.CharField(_("receipt number"), max_length=40)
    money_vnd = models.PositiveBigIntegerField(
        _("money given (đồng)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_PRICE_VND)],
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # The catalogue's intake batch of the copies catalogued from this donation (opened with
    # the first of them): the general register's Part I row.
    intake_batch = models.ForeignKey(
        IntakeBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "receipt_number"], name="donation_receipt_once"
            )
        ]

    def __str__(self) -> str:
        return self.receipt_number


class DonationLine(models.Model):
    """A title in a donation and how many copies of it: typed, or a catalogue record found by
    its ISBN. `catalogued` and `passed_on` say what became of the copies so far; together they
    never exceed `copies`."""

    donation = models.ForeignKey(Donation, on_delete=models.CASCADE, related_name="lines")
    # A record deleted or merged away leaves the line with its title: the gift stays on record.
    bib = models.ForeignKey(
        BibRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=500)
    isbn = models.CharField(_("ISBN"), max_length=13, blank=True)
    copies = models.PositiveIntegerField(
        _("copies"), validators=[MinValueValidator(1), MaxValueValidator(MAX_COPIES_PER_LINE)]
    )
    value_vnd = models.PositiveBigIntegerField(
        _("estimated value (đồng)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_PRICE_VND)],
    )
    condition = models.CharField(
        _("condition"), max_length=8, choices=Condition.choices, default=Condition.GOOD
    )
    catalogued = models.PositiveIntegerField(_("catalogued"), default=0)
    passed_on = models.PositiveIntegerField(_("passed on"), default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(catalogued__lte=models.F("copies") - models.F("passed_on")),
                name="donation_line_copies_used_once",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def remaining(self) -> int:
        """Copies neither catalogued nor passed on yet."""
        return self.copies - self.catalogued - self.passed_on


class OnwardGift(models.Model):
    """Donated books a library passes on to another library (a commune or school library):
    a gift, so they never come back, unlike a rotation batch, which is a loan."""

    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="onward_gifts", verbose_name=_("library")
    )
    destination = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        related_name="onward_gifts_received",
        verbose_name=_("given to"),
    )
    given_on = models.DateField(_("given on"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("books passed on")
        verbose_name_plural = _("books passed on")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.library} → {self.destination}"


class OnwardGiftLine(models.Model):
    """Copies of one donation line in an onward gift."""

    gift = models.ForeignKey(OnwardGift, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(DonationLine, on_delete=models.PROTECT, related_name="gifts")
    copies = models.PositiveIntegerField(
        _("copies"), validators=[MinValueValidator(1), MaxValueValidator(MAX_COPIES_PER_LINE)]
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.copies} × {self.line_id}"
