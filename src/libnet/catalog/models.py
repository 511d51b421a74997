"""The union catalogue: bibliographic records (network-wide) and copies (library-owned)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from libnet.network.models import Library

# The ranges of the numbers people type or import, so that no value overflows a column
# (SQLite and PostgreSQL store at most 2^63 - 1; a PositiveIntegerField is 2^31 - 1 on
# PostgreSQL). Forms, the API and the services refuse outside them, naming the field.
#
# A price in đồng: a textbook costs tens of thousands, a rare book millions; ten billion is
# far above any copy and still catches a barcode pasted into the price field.
MAX_PRICE_VND = 10_000_000_000
# Accession numbers run per register; nine digits fit the integer column of every database.
MAX_ACCESSION_SEQUENCE = 999_999_999
MAX_REGISTER_DIGITS = 9
# A record's year of publication: four digits.
EARLIEST_YEAR = 1000
LATEST_YEAR = 9999


class BibRecord(models.Model):
    """One catalogue record, shared by the whole network.

    `marc_json` keeps the MARC record as imported (MARC-in-JSON, lossless: leader, field
    order, indicators, repeated subfields), minus item fields (852/949/952), which become
    Items. The other columns are extracted from it for display, filtering and de-duplication.
    """

    marc_json = models.JSONField(_("MARC record"))
    title = models.TextField(_("title"), blank=True)
    title_sort_key = models.CharField(max_length=600, blank=True, db_index=True, editable=False)
    responsibility = models.TextField(_("statement of responsibility"), blank=True)
    authors = models.TextField(_("authors"), blank=True, help_text=_("one per line"))
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    publication_place = models.CharField(_("place of publication"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        db_index=True,
        validators=[MinValueValidator(EARLIEST_YEAR), MaxValueValidator(LATEST_YEAR)],
    )
    edition = models.CharField(_("edition"), max_length=200, blank=True)
    isbns = models.TextField(_("ISBNs"), blank=True, help_text=_("ISBN-13, one per line"))
    issns = models.TextField(_("ISSNs"), blank=True)
    language = models.CharField(_("language"), max_length=3, blank=True, db_index=True)
    class_number = models.CharField(_("class number"), max_length=100, blank=True)
    class_scheme = models.CharField(
        _("classification scheme"), max_length=20, blank=True, help_text=_("e.g. ddc, bbk, udc")
    )
    class_edition = models.CharField(_("scheme edition"), max_length=20, blank=True)
    subjects = models.TextField(_("subjects"), blank=True, help_text=_("one per line"))
    series = models.TextField(_("series"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    physical_description = models.CharField(_("physical description"), max_length=300, blank=True)
    material_type = models.CharField(_("material type"), max_length=20, blank=True, db_index=True)
    control_number = models.CharField(_("control number (001)"), max_length=100, blank=True)
    control_number_source = models.CharField(
        _("control number source (003)"), max_length=100, blank=True
    )
    match_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    # Local-studies material (tài liệu địa chí): the one marker, kept with the local field
    # 909 $a of the MARC (catalog.local_studies).
    is_local_studies = models.BooleanField(
        _("local-studies material"), default=False, db_index=True
    )
    created_at = models.DateTimeField(_("created"), db_index=True)
    updated_at = models.DateTimeField(_("updated"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The library whose cataloguer created or imported the record (for "records created").
    created_at_library = models.ForeignKey(
        Library, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("catalogue record")
        verbose_name_plural = _("catalogue records")
        indexes = [models.Index(fields=["control_number", "control_number_source"])]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    @property
    def author_list(self) -> list[str]:
        return [line for line in self.authors.splitlines() if line]

    @property
    def isbn_list(self) -> list[str]:
        return [line for line in self.isbns.splitlines() if line]

    @property
    def subject_list(self) -> list[str]:
        return [line for line in self.subjects.splitlines() if line]


class RecordTombstone(models.Model):
    """What is left of a catalogue record once it is deleted, or merged into `survivor`.

    Record ids are never used again, so a harvester or a link that asks for the old id is
    told the record is gone (OAI-PMH keeps deleted records: interop/oai), and where it went.
    Written by catalog.services.delete_record.
    """

    record_id = models.BigIntegerField(primary_key=True)
    control_number = models.CharField(_("control number (001)"), max_length=100, blank=True)
    control_number_source = models.CharField(
        _("control number source (003)"), max_length=100, blank=True
    )
    title = models.TextField(_("title"), blank=True)
    deleted_at = models.DateTimeField(_("deleted"), db_index=True)
    # The record that took its place; kept as an id (no constraint): it may go later too.
    survivor = models.ForeignKey(
        BibRecord,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("deleted catalogue record")
        verbose_name_plural = _("deleted catalogue records")

    def __str__(self) -> str:
        return f"#{self.record_id} {self.title}"


class BibIsbn(models.Model):
    """An ISBN of a record, normalised to ISBN-13, for de-duplication and lookup."""

    bib = models.ForeignKey(BibRecord, on_delete=models.CASCADE, related_name="isbn_rows")
    isbn13 = models.CharField(max_length=13, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bib", "isbn13"], name="bib_isbn_once")]

    def __str__(self) -> str:
        return self.isbn13


class AccessionRegister(models.Model):
    """An individual register (sổ đăng ký cá biệt) of a library, one per category.

    Accession numbers run on without gaps being reused: prefix + zero-padded number,
    e.g. VV.000123 (DOMAIN.md §4.3).
    """

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="registers")
    prefix = models.CharField(_("prefix"), max_length=12, help_text=_("e.g. VV, TN, STK, SGK"))
    name = models.CharField(_("name"), max_length=200)
    digits = models.PositiveSmallIntegerField(
        _("digits"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REGISTER_DIGITS)],
    )
    separator = models.CharField(_("separator"), max_length=2, default=".", blank=True)
    next_number = models.PositiveIntegerField(
        _("next number"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ACCESSION_SEQUENCE)],
    )
    is_default = models.BooleanField(_("default register"), default=False)

    class Meta:
        verbose_name = _("accession register")
        verbose_name_plural = _("accession registers")
        constraints = [
            models.UniqueConstraint(
                fields=["library", "prefix"], name="register_prefix_per_library"
            )
        ]
        ordering = ["library", "prefix"]

    def __str__(self) -> str:
        return f"{self.prefix} — {self.name}"

    def format_number(self, number: int) -> str:
        return f"{self.prefix}{self.separator}{number:0{self.digits}d}"


class ShelfLocation(models.Model):
    """A named place in a library: open stacks, closed stacks, children's corner, reference."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="shelf_locations")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    # TT 18/2014 Art. 7: closed stacks are fetched by staff; reference is read in place.
    is_closed_stack = models.BooleanField(_("closed stacks"), default=False)
    is_reference = models.BooleanField(_("reference (read in place only)"), default=False)

    class Meta:
        verbose_name = _("shelf location")
        verbose_name_plural = _("shelf locations")
        constraints = [
            models.UniqueConstraint(fields=["library", "code"], name="shelf_code_per_library")
        ]
        ordering = ["library", "code"]

    def __str__(self) -> str:
        return self.name


class ItemStatus(models.TextChoices):
    PROCESSING = "processing", _("Being processed")
    AVAILABLE = "available", _("Available")
    ON_LOAN = "on_loan", _("On loan")
    IN_TRANSIT = "in_transit", _("In transit")
    ON_ROTATION = "on_rotation", _("On rotation")
    LOST = "lost", _("Lost")
    DAMAGED = "damaged", _("Damaged")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    MISSING = "missing", _("Missing")


class ItemSource(models.TextChoices):
    PURCHASE = "purchase", _("Purchase")
    DONATION = "donation", _("Donation")
    DEPOSIT = "deposit", _("Legal deposit")
    TRANSFER = "transfer", _("Transfer")
    EXCHANGE = "exchange", _("Exchange")
    REPLACEMENT = "replacement", _("Replacement by a reader")
    UNKNOWN = "unknown", _("Unknown")


class ItemType(models.TextChoices):
    BOOK = "book", _("Book")
    TEXTBOOK = "textbook", _("Textbook")
    REFERENCE = "reference", _("Reference book")
    PERIODICAL = "periodical", _("Periodical")
    MAP = "map", _("Map")
    AUDIOVISUAL = "audiovisual", _("Audio-visual")
    OTHER = "other", _("Other")


class IntakeBatch(models.Model):
    """Copies received together (Part I of the general register, TT 18/2014): a purchase
    delivered, a donation, an exchange, legal deposit, a reader's replacement. Copies received
    by rotation are not intake; copies added without a batch are listed as "other"."""

    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="intake_batches", verbose_name=_("library")
    )
    received_on = models.DateField(_("received on"))
    source = models.CharField(_("source"), max_length=16, choices=ItemSource.choices)
    document_number = models.CharField(
        _("document number"),
        max_length=100,
        blank=True,
        help_text=_("invoice, delivery note, receipt or deposit slip"),
    )
    supplier = models.CharField(
        _("supplier or donor"), max_length=300, blank=True, help_text=_("who sent the copies")
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("intake batch")
        verbose_name_plural = _("intake batches")
        ordering = ["library", "-received_on", "-pk"]
        indexes = [models.Index(fields=["library", "received_on"])]

    def __str__(self) -> str:
        return f"{self.received_on:%d/%m/%Y} {self.document_number}".strip()


class Restriction(models.TextChoices):
    """Why a copy is of restricted use (Luật Thư viện Art. 7; TT 02/2020 Art. 31–32): read on
    site only, in a separate room, never lent; for ancient, rare or damaged originals readers
    get a copy or the digitised version (NĐ 93 Art. 5–8)."""

    NONE = "", _("Not restricted")
    ANCIENT_OR_RARE = "ancient_or_rare", _("Original of an ancient or rare document")
    DAMAGED = "damaged", _("Damaged original")
    STATE_SECRET = "state_secret", _("State secret")
    HARMFUL = "harmful", _("Content harmful to state interests")


class WithdrawalReason(models.TextChoices):
    """Why a copy leaves the stock: the criteria of TT 02/2020 Art. 20-24."""

    LOST = "lost", _("Lost in service, rotation or a trip")
    DAMAGED = "damaged", _("Damaged beyond repair")
    SURPLUS = "surplus", _("Surplus copies")
    SUPERSEDED_TEXTBOOK = "superseded_textbook", _("Superseded textbook")
    OLD_SERIAL = "old_serial", _("Popular serial over two years old")
    UNUSED_FOREIGN = "unused_foreign", _("Uncommon foreign language, unused for five years")
    MINORITY_LANGUAGE = "minority_language", _("Minority language unsuited to the local readers")
    CONTENT = "content", _("Outdated or unsuitable content")
    OTHER = "other", _("Other")


class WithdrawalDecision(models.Model):
    """A decision to withdraw copies (quyết định thanh lọc; Part II of the general register)."""

    library = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        related_name="withdrawal_decisions",
        verbose_name=_("library"),
    )
    number = models.CharField(_("decision number"), max_length=100)
    decided_on = models.DateField(_("decided on"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("withdrawal decision")
        verbose_name_plural = _("withdrawal decisions")
        ordering = ["library", "-decided_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "number"], name="withdrawal_decision_number_per_library"
            )
        ]

    def __str__(self) -> str:
        return self.number


class Item(models.Model):
    """One physical copy. Its status changes only through catalog.services."""

    bib = models.ForeignKey(BibRecord, on_delete=models.PROTECT, related_name="items")
    barcode = models.CharField(_("barcode"), max_length=64, unique=True)
    register = models.ForeignKey(
        AccessionRegister,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("accession register"),
    )
    accession_number = models.CharField(_("accession number"), max_length=40, blank=True)
    accession_sequence = models.PositiveIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(MAX_ACCESSION_SEQUENCE)]
    )
    home_library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="items_owned", verbose_name=_("owner")
    )
    current_library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="items_here", verbose_name=_("now at")
    )
    shelf_location = models.ForeignKey(
        ShelfLocation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("shelf location"),
    )
    call_number = models.CharField(_("call number"), max_length=100, blank=True)
    item_type = models.CharField(
        _("item type"), max_length=16, choices=ItemType.choices, default=ItemType.BOOK
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ItemStatus.choices,
        default=ItemStatus.AVAILABLE,
        db_index=True,
    )
    source = models.CharField(
        _("source"), max_length=16, choices=ItemSource.choices, default=ItemSource.PURCHASE
    )
    price_vnd = models.PositiveBigIntegerField(
        _("price (VND)"), null=True, blank=True, validators=[MaxValueValidator(MAX_PRICE_VND)]
    )
    acquired_on = models.DateField(_("acquired on"), null=True, blank=True)
    withdrawal_reference = models.CharField(_("withdrawal decision"), max_length=100, blank=True)
    intake_batch = models.ForeignKey(
        IntakeBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("intake batch"),
    )
    withdrawal_decision = models.ForeignKey(
        WithdrawalDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("withdrawal decision"),
    )
    withdrawal_reason = models.CharField(
        _("withdrawal reason"), max_length=24, choices=WithdrawalReason.choices, blank=True
    )
    # A restricted copy (Restriction) is listed per library, never lent, read on site only.
    restriction = models.CharField(
        _("restricted use"), max_length=20, choices=Restriction.choices, blank=True, default=""
    )
    restriction_note = models.CharField(_("restriction note"), max_length=300, blank=True)
    # Library code the copy had in the system it was imported from, when no mapping applied.
    source_library_code = models.CharField(_("source library code"), max_length=64, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("copy")
        verbose_name_plural = _("copies")
        constraints = [
            models.UniqueConstraint(
                fields=["home_library", "accession_number"],
                condition=~Q(accession_number=""),
                name="accession_number_per_library",
            ),
            models.UniqueConstraint(
                fields=["register", "accession_sequence"],
                condition=Q(register__isnull=False, accession_sequence__isnull=False),
                name="accession_sequence_per_register",
            ),
        ]
        indexes = [
            models.Index(fields=["home_library", "status"]),
            models.Index(fields=["current_library", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.barcode} ({self.accession_number})"


class WeedingReason(models.TextChoices):
    LOST = "lost", _("Lost in service, rotation or exchange")
    DAMAGED = "damaged", _("Worn out or damaged beyond repair")


class WeedingCandidate(models.Model):
    """A copy proposed for the weeding list (TT 02/2020 Art. 20, 24): lost in service or
    rotation, or damaged beyond repair. The weeding itself (council, decision number,
    withdrawal) happens later; `resolved_at` is set when the copy is withdrawn or turns up.
    """

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="weeding_candidacies")
    library = models.ForeignKey(
        Library, on_delete=models.CASCADE, related_name="weeding_candidates"
    )
    reason = models.CharField(_("reason"), max_length=12, choices=WeedingReason.choices)
    source = models.CharField(
        _("noted by"),
        max_length=40,
        help_text=_("what put it on the list, e.g. rotation batch #12"),
    )
    noted_at = models.DateTimeField(_("noted"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("weeding candidate")
        verbose_name_plural = _("weeding candidates")
        ordering = ["library", "-noted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_weeding_candidacy_per_item",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.reason}"


# ---------------------------------------------------------------- serials


class SerialFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Monthly")
    BIMONTHLY = "bimonthly", _("Every two months")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMIANNUAL = "semiannual", _("Twice a year")
    ANNUAL = "annual", _("Yearly")
    IRREGULAR = "irregular", _("Irregular")


# Copies of one issue a library may take, and the grace days before a late issue is claimed.
MAX_SERIAL_COPIES = 99
MAX_GRACE_DAYS = 365


class SerialTitle(models.Model):
    """A newspaper or magazine (báo, tạp chí): a catalogue record of material type serial,
    shared by the network like every record, with what its issues follow. Libraries take it
    through subscriptions."""

    bib = models.OneToOneField(BibRecord, on_delete=models.PROTECT, related_name="serial")
    # ISSN as python-stdnum formats it (1859-1531); blank for a title without one.
    issn = models.CharField(_("ISSN"), max_length=9, blank=True, db_index=True)
    frequency = models.CharField(_("frequency"), max_length=12, choices=SerialFrequency.choices)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    # TT 02/2020 Art. 19: popular newspapers and magazines may be weeded 2 years after
    # publication; scholarly journals are kept.
    is_popular = models.BooleanField(_("popular newspaper or magazine"), default=True)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("serial title")
        verbose_name_plural = _("serial titles")
        constraints = [
            models.UniqueConstraint(fields=["issn"], condition=~Q(issn=""), name="serial_issn_once")
        ]

    def __str__(self) -> str:
        return self.bib.title


class SerialSubscription(models.Model):
    """A library's subscription to a serial title for a period: how many copies of each
    issue, where they are shelved, from whom and at what price. Its expected issues are
    generated from the title's frequency over the period."""

    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="serial_subscriptions"
    )
    title = models.ForeignKey(SerialTitle, on_delete=models.PROTECT, related_name="subscriptions")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    copies = models.PositiveSmallIntegerField(
        _("copies of each issue"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SERIAL_COPIES)],
    )
    shelf_location = models.ForeignKey(
        ShelfLocation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("shelf location"),
    )
    supplier = models.CharField(_("supplier"), max_length=300, blank=True)
    price_vnd = models.PositiveBigIntegerField(
        _("price (VND)"), null=True, blank=True, validators=[MaxValueValidator(MAX_PRICE_VND)]
    )
    # The weekday of a weekly or fortnightly title (0 Monday … 6 Sunday); None: the weekday
    # of the first day of the period.
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), null=True, blank=True, validators=[MaxValueValidator(6)]
    )
    first_number = models.PositiveIntegerField(
        _("number of the first issue"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ACCESSION_SEQUENCE)],
    )
    volume = models.CharField(_("volume"), max_length=40, blank=True)
    grace_days = models.PositiveSmallIntegerField(
        _("days of grace before a claim"),
        default=7,
        validators=[MaxValueValidator(MAX_GRACE_DAYS)],
    )
    # The library's choice: each copy of an issue received becomes a catalogue copy with a
    # barcode (lent like a book), or issues are only counted.
    barcode_issues = models.BooleanField(_("add each issue as copies with barcodes"), default=False)
    # The intake batch (general register, Part I) the barcoded copies of the subscription
    # join: opened with the first issue added as copies.
    intake_batch = models.ForeignKey(
        IntakeBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("serial subscription")
        verbose_name_plural = _("serial subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="subscription_period_order"
            )
        ]
        indexes = [models.Index(fields=["library", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y})"


class IssueState(models.TextChoices):
    EXPECTED = "expected", _("Expected")
    RECEIVED = "received", _("Received")
    BOUND = "bound", _("Bound")
    DISCARDED = "discarded", _("Discarded")


class SerialIssue(models.Model):
    """One issue of a subscription: expected on a day, then received (counted, or added as
    copies), and at last bound into a volume or discarded."""

    subscription = models.ForeignKey(
        SerialSubscription, on_delete=models.PROTECT, related_name="issues"
    )
    expected_on = models.DateField(_("expected on"))
    volume = models.CharField(_("volume"), max_length=40, blank=True)
    number = models.PositiveIntegerField(
        _("number"), validators=[MaxValueValidator(MAX_ACCESSION_SEQUENCE)]
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=IssueState.choices,
        default=IssueState.EXPECTED,
        db_index=True,
    )
    copies_received = models.PositiveSmallIntegerField(
        _("copies received"), default=0, validators=[MaxValueValidator(MAX_SERIAL_COPIES)]
    )
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The catalogue copies of the issue, for a subscription that barcodes its issues.
    copies = models.ManyToManyField(Item, blank=True, related_name="serial_issues")
    # The bound volume the issue went into (a catalogue copy).
    bound_into = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="bound_issues"
    )
    disposed_at = models.DateTimeField(_("bound or discarded"), null=True, blank=True)
    disposal_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("serial issue")
        verbose_name_plural = _("serial issues")
        ordering = ["subscription", "expected_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "expected_on", "number"], name="issue_once_per_day"
            )
        ]
        indexes = [models.Index(fields=["state", "expected_on"])]

    def __str__(self) -> str:
        return f"{self.subscription.title} {self.number} ({self.expected_on:%d/%m/%Y})"


class ClaimState(models.TextChoices):
    OPEN = "open", _("To send")
    SENT = "sent", _("Sent to the supplier")
    RESOLVED = "resolved", _("Issue arrived")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_CLAIM_STATES = (ClaimState.OPEN, ClaimState.SENT)


class SerialClaim(models.Model):
    """A claim to the supplier for an issue that has not arrived in its days of grace."""

    issue = models.ForeignKey(SerialIssue, on_delete=models.PROTECT, related_name="claims")
    state = models.CharField(
        _("state"), max_length=10, choices=ClaimState.choices, default=ClaimState.OPEN
    )
    raised_at = models.DateTimeField(_("raised"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("serial claim")
        verbose_name_plural = _("serial claims")
        ordering = ["-raised_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue"],
                condition=Q(state__in=["open", "sent"]),
                name="one_open_claim_per_issue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.issue} {self.state}"


class RecordListKind(models.TextChoices):
    DISPLAY = "display", _("Themed list of a display")
    BIBLIOGRAPHY = "bibliography", _("Bibliography")
    RESULTS = "results", _("Saved result list")


class RecordList(models.Model):
    """A named list of catalogue records a library saves, edits and prints: the themed list
    of a display or exhibition (with the copies chosen), a bibliography, a result list kept
    for printing. One mechanism behind all of them."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="record_lists")
    kind = models.CharField(_("kind"), max_length=16, choices=RecordListKind.choices)
    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(_("introduction"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("record list")
        verbose_name_plural = _("record lists")
        ordering = ["-updated_at", "pk"]

    def __str__(self) -> str:
        return self.title


class RecordListEntry(models.Model):
    """A record in a list, in its place, with the copy chosen (a display's) and a note (an
    annotation or abstract)."""

    record_list = models.ForeignKey(RecordList, on_delete=models.CASCADE, related_name="entries")
    bib = models.ForeignKey(BibRecord, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    position = models.PositiveIntegerField(_("position"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["record_list", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_list", "item"],
                condition=Q(item__isnull=False),
                name="copy_once_per_list",
            ),
            models.UniqueConstraint(
                fields=["record_list", "bib"],
                condition=Q(item__isnull=True),
                name="record_once_per_list",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_list_id}:{self.position}"


# ---------------------------------------------------------------- original cataloguing


class AuthorMarkRule(models.TextChoices):
    """How a library makes the author mark of its call numbers (catalog.cataloguing)."""

    GIVEN_NAME = "given_name", _("Given name of a Vietnamese author (Nguyễn Du → DU)")
    FIRST_WORD = "first_word", _("First word of the main heading (Nguyễn Du → NGU)")
    INITIALS = (
        "initials",
        _("Initial of the heading and of the title (Nguyễn Du, Truyện Kiều → NT)"),
    )


class LabelContent(models.TextChoices):
    BOTH = "both", _("Spine and barcode")
    SPINE = "spine", _("Spine only")
    BARCODE = "barcode", _("Barcode only")


class CataloguingTemplate(models.Model):
    """A short cataloguing form for a material type, added by the province.

    The templates shipped with libnet are data too (catalog/data/cataloguing_templates.json);
    a row here with the same code replaces the shipped one, another code adds a template.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    record_type = models.CharField(
        _("type of record (leader/06)"), max_length=1, default="a", help_text=_("e.g. a, e, g, i")
    )
    bibliographic_level = models.CharField(
        _("bibliographic level (leader/07)"), max_length=1, default="m", help_text=_("m or s")
    )
    fields = models.JSONField(
        _("fields of the form"), default=list, blank=True, help_text=_("names of the form's fields")
    )
    defaults = models.JSONField(_("default values"), default=dict, blank=True)
    marc_fields = models.JSONField(
        _("MARC fields added"),
        default=list,
        blank=True,
        help_text=_('e.g. [{"tag": "336", "subfields": [["a", "văn bản"], ["2", "rdacontent"]]}]'),
    )
    item_type = models.CharField(
        _("copy type"), max_length=12, choices=ItemType.choices, default=ItemType.BOOK
    )
    by_quantity = models.BooleanField(_("copies registered by quantity"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("cataloguing template")
        verbose_name_plural = _("cataloguing templates")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class LabelSheet(models.Model):
    """A sheet of labels the province or a library prints on (sizes in millimetres).

    The common A4 sheets are shipped as data (catalog/data/label_sheets.json); a row here
    adds a sheet with its own margins and pitch (for the library, or for all when empty).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    library = models.ForeignKey(
        Library, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    page_width = models.DecimalField(_("page width"), max_digits=5, decimal_places=1, default=210)
    page_height = models.DecimalField(_("page height"), max_digits=5, decimal_places=1, default=297)
    columns = models.PositiveSmallIntegerField(
        _("columns"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    rows = models.PositiveSmallIntegerField(
        _("rows"), validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    margin_top = models.DecimalField(_("top margin"), max_digits=5, decimal_places=1, default=0)
    margin_left = models.DecimalField(_("left margin"), max_digits=5, decimal_places=1, default=0)
    pitch_x = models.DecimalField(
        _("horizontal pitch"), max_digits=5, decimal_places=1, help_text=_("left edge to left edge")
    )
    pitch_y = models.DecimalField(
        _("vertical pitch"), max_digits=5, decimal_places=1, help_text=_("top edge to top edge")
    )
    label_width = models.DecimalField(_("label width"), max_digits=5, decimal_places=1)
    label_height = models.DecimalField(_("label height"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("label sheet")
        verbose_name_plural = _("label sheets")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class CataloguingSettings(models.Model):
    """A library's cataloguing choices: class scheme, author-mark rule, label sheet."""

    library = models.OneToOneField(
        Library, on_delete=models.CASCADE, related_name="cataloguing_settings"
    )
    class_scheme = models.CharField(_("classification scheme"), max_length=20, default="ddc")
    author_mark_rule = models.CharField(
        _("author mark"),
        max_length=12,
        choices=AuthorMarkRule.choices,
        default=AuthorMarkRule.GIVEN_NAME,
    )
    label_sheet = models.CharField(_("label sheet"), max_length=40, default="a4-3x8")
    label_content = models.CharField(
        _("label content"), max_length=8, choices=LabelContent.choices, default=LabelContent.BOTH
    )

    class Meta:
        verbose_name = _("cataloguing settings")
        verbose_name_plural = _("cataloguing settings")

    def __str__(self) -> str:
        return str(self.library)


# ---------------------------------------------------------------- authorities


class AuthorityKind(models.TextChoices):
    """What an authority record controls (MARC 21 authority 1XX)."""

    PERSONAL = "personal", _("Personal name")
    CORPORATE = "corporate", _("Corporate name")
    SUBJECT = "subject", _("Subject")


class Authority(models.Model):
    """An authority record, shared by the whole network as the records are.

    `marc_json` keeps the MARC 21 authority record (leader/06 "z") as imported or as the form
    wrote it: the heading in 100/110/111 or 150/151/155, variant forms in 4XX, related
    headings in 5XX. `heading` and the AuthorityName rows are extracted from it. A Vietnamese
    personal name is headed in direct order ("Nguyễn Du"), its inverted form ("Nguyễn, Du")
    a variant (DOMAIN.md §5.3).
    """

    kind = models.CharField(_("kind"), max_length=10, choices=AuthorityKind.choices)
    heading = models.CharField(_("heading"), max_length=500)
    heading_tag = models.CharField(max_length=3, editable=False)
    heading_sort_key = models.CharField(max_length=600, blank=True, db_index=True, editable=False)
    marc_json = models.JSONField(_("MARC authority record"))
    notes = models.TextField(_("notes"), blank=True)
    control_number = models.CharField(_("control number (001)"), max_length=100, blank=True)
    control_number_source = models.CharField(
        _("control number source (003)"), max_length=100, blank=True
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("authority record")
        verbose_name_plural = _("authority records")
        indexes = [models.Index(fields=["control_number", "control_number_source"])]

    def __str__(self) -> str:
        return self.heading


class AuthorityNameRole(models.TextChoices):
    HEADING = "heading", _("Heading")
    VARIANT = "variant", _("Variant form")


class AuthorityName(models.Model):
    """A form of an authority's heading: the heading itself (1XX) or a variant (4XX).

    `key` is the form as headings are matched (authority_marc.heading_key: lower case,
    punctuation dropped, accents kept), `short_key` the key of its first part alone ($a), so
    a record's "Nguyễn, Du, 1765-1820" finds "Nguyễn Du" and its dates.
    """

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="names")
    role = models.CharField(max_length=10, choices=AuthorityNameRole.choices)
    tag = models.CharField(max_length=3)
    form = models.CharField(_("form"), max_length=500)
    key = models.CharField(max_length=500, db_index=True)
    short_key = models.CharField(max_length=500, db_index=True)
    # The key without accents, for the staff list's search ("nguyen du").
    folded_key = models.CharField(max_length=500, db_index=True)

    class Meta:
        verbose_name = _("authority name form")
        verbose_name_plural = _("authority name forms")

    def __str__(self) -> str:
        return self.form


class AuthorityRelationKind(models.TextChoices):
    """How a 5XX heading relates to the authority ($w/0 and $i of MARC 21)."""

    OTHER_IDENTITY = "identity", _("Other name of the same person: pen name or real name")
    BROADER = "broader", _("Broader term")
    NARROWER = "narrower", _("Narrower term")
    RELATED = "related", _("Related heading")


class AuthorityRelation(models.Model):
    """A 5XX "see also" of an authority: the heading as written, and the authority it names
    when the network has one (Tô Hoài ↔ Nguyễn Sen)."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(max_length=10, choices=AuthorityRelationKind.choices)
    tag = models.CharField(max_length=3)
    heading = models.CharField(_("heading"), max_length=500)
    key = models.CharField(max_length=500, db_index=True)
    target = models.ForeignKey(
        Authority, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("authority relation")
        verbose_name_plural = _("authority relations")

    def __str__(self) -> str:
        return f"{self.authority} → {self.heading}"


class HeadingLink(models.Model):
    """A heading of a catalogue record (1XX, 6XX, 7XX) controlled by an authority.

    Filled when a record is saved or imported (services.authorities.link_headings), and for
    the records already there by `link_all_records`. `tag` is the record's field.
    """

    bib = models.ForeignKey(BibRecord, on_delete=models.CASCADE, related_name="heading_links")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="heading_links")
    tag = models.CharField(max_length=3)

    class Meta:
        verbose_name = _("heading link")
        verbose_name_plural = _("heading links")
        constraints = [
            models.UniqueConstraint(
                fields=["bib", "authority", "tag"], name="heading_link_once_per_field"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bib_id} {self.tag} → {self.authority_id}"
