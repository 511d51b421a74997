"""The local-studies digital library (Library Law Art. 11.2.b; QĐ 206): digitisation projects,
digital objects with their page images, and the checks that keep the files whole.

Files live under settings.LIBNET_DIGITAL_DIR (see digital/storage.py): the originals as
received, never rewritten, each with its SHA-256; the derivatives (thumbnails, web sizes)
made from them by the worker and remade at will. Paths in the tables are relative to that
directory, so a restore into another place finds its files.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from libnet.network.models import Library


class Access(models.TextChoices):
    """Who may see an object's pages, manifest and downloads."""

    PUBLIC = "public", _("Public")
    # Readers on the library's own networks (ReadingRoomNetwork): rare or fragile originals
    # whose digital copy is read in the library, as NĐ 93 asks for restricted documents.
    ON_SITE = "on_site", _("In the library only")
    # Drafts and what may not be shown: the staff of the owning library and those above it.
    STAFF = "staff", _("Staff only")


class DigitalCollection(models.Model):
    """A named collection a library makes (Ca dao Hà Nam, Gia phả, Báo Hà Nam xưa…): an IIIF
    collection of its own, and an OAI-PMH set."""

    library = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        related_name="digital_collections",
        verbose_name=_("library"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("digital collection")
        verbose_name_plural = _("digital collections")
        constraints = [
            models.UniqueConstraint(fields=["library", "code"], name="digital_collection_code")
        ]

    def __str__(self) -> str:
        return self.name


# The fifteen elements of simple Dublin Core (DCMES 1.1), in their order in oai_dc.xsd: the
# keys of DigitalObject.dublin_core.
DUBLIN_CORE_ELEMENTS = (
    "title",
    "creator",
    "subject",
    "description",
    "publisher",
    "contributor",
    "date",
    "type",
    "format",
    "identifier",
    "source",
    "language",
    "relation",
    "coverage",
    "rights",
)


class DigitalObject(models.Model):
    """One digitised document: its ordered pages, described by a catalogue record or, when
    there is none, in Dublin Core (`dublin_core`: {"title": [...], "creator": [...], ...})."""

    library = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        related_name="digital_objects",
        verbose_name=_("library"),
    )
    record = models.ForeignKey(
        "catalog.BibRecord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="digital_objects",
        verbose_name=_("catalogue record"),
    )
    title = models.CharField(_("title"), max_length=500)
    dublin_core = models.JSONField(_("Dublin Core"), default=dict, blank=True)
    access = models.CharField(
        _("access"), max_length=10, choices=Access.choices, default=Access.STAFF
    )
    collections = models.ManyToManyField(
        DigitalCollection, blank=True, related_name="digital_objects", verbose_name=_("collections")
    )
    # Hán-Nôm pages are not OCRed: staff type a transcription or a translation per page.
    han_nom = models.BooleanField(_("Hán-Nôm"), default=False)
    watermark = models.BooleanField(_("watermark on downloads"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The OAI-PMH datestamp: the publication, then each change of the description, access or
    # collections of a published object (a closed one is then a deleted item, seen by an
    # incremental harvest).
    oai_datestamp = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("digital object")
        verbose_name_plural = _("digital objects")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return self.title


class DigitalFile(models.Model):
    """A file as received (a page image, or a PDF of many pages): kept untouched, with the
    SHA-256 computed on arrival that the fixity check compares."""

    object = models.ForeignKey(DigitalObject, on_delete=models.CASCADE, related_name="files")
    path = models.CharField(max_length=300, unique=True)
    original_name = models.CharField(_("file name"), max_length=255)
    media_type = models.CharField(max_length=60)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("digital file")
        verbose_name_plural = _("digital files")

    def __str__(self) -> str:
        return self.original_name


class DerivativeState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class TextSource(models.TextChoices):
    NONE = "", _("None")
    OCR = "ocr", _("OCR")
    TYPED = "typed", _("Typed by staff")


class DigitalPage(models.Model):
    """Page `sequence` (1, 2, …) of an object: page `page_in_file` of one of its files (0 for
    an image; the page of a PDF). The IIIF identifier of its image is `<object id>-<sequence>`."""

    object = models.ForeignKey(DigitalObject, on_delete=models.CASCADE, related_name="pages")
    sequence = models.PositiveIntegerField()
    file = models.ForeignKey(DigitalFile, on_delete=models.CASCADE, related_name="pages")
    page_in_file = models.PositiveIntegerField(default=0)
    label = models.CharField(_("label"), max_length=60, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    derivatives = models.CharField(
        max_length=10, choices=DerivativeState.choices, default=DerivativeState.PENDING
    )
    derivative_error = models.CharField(max_length=300, blank=True)
    # The page's text: OCR (Vietnamese, Tesseract) or typed by staff (a Hán-Nôm transcription).
    text = models.TextField(_("text"), blank=True)
    text_source = models.CharField(
        max_length=5, choices=TextSource.choices, default=TextSource.NONE, blank=True
    )
    # Word boxes of the OCR (hOCR reduced to [[x, y, w, h, word], ...]) to show hits on the image.
    words = models.JSONField(default=list, blank=True)
    # When OCR last read the page (digital/ocr.py), and why it failed if it did: a blank page
    # has no text after OCR, and must not be read again at every run of the worker.
    ocr_at = models.DateTimeField(null=True, blank=True)
    ocr_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("digital page")
        verbose_name_plural = _("digital pages")
        ordering = ["object", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["object", "sequence"], name="digital_page_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.object_id}-{self.sequence}"


class ReadingRoomNetwork(models.Model):
    """An address range of a library's own network (CIDR): readers there see `on_site`
    objects. The forwarded address counts only from the configured proxies (core/net.py)."""

    library = models.ForeignKey(
        Library,
        on_delete=models.CASCADE,
        related_name="reading_room_networks",
        verbose_name=_("library"),
    )
    network = models.CharField(_("network"), max_length=50, help_text="192.168.10.0/24")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("reading-room network")
        verbose_name_plural = _("reading-room networks")

    def __str__(self) -> str:
        return self.network


class ProjectState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("In progress")
    CLOSED = "closed", _("Closed")


class DigitisationProject(models.Model):
    """A digitisation plan of a library: what will be digitised, by when, how many pages."""

    library = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        related_name="digitisation_projects",
        verbose_name=_("library"),
    )
    name = models.CharField(_("name"), max_length=200)
    plan = models.TextField(_("plan"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    target_pages = models.PositiveIntegerField(_("target pages"), default=0)
    state = models.CharField(
        _("state"), max_length=10, choices=ProjectState.choices, default=ProjectState.PLANNED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("digitisation project")
        verbose_name_plural = _("digitisation projects")
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.name


class ItemState(models.TextChoices):
    SELECTED = "selected", _("Selected")
    CHECKED = "checked", _("Condition checked")
    SCANNED = "scanned", _("Scanned")
    DESCRIBED = "described", _("Described")
    PUBLISHED = "published", _("Published")


class ProjectItem(models.Model):
    """A document chosen for a project: a catalogued copy or record, or a document not yet
    catalogued (`description`). It goes selected → checked → scanned → described → published;
    each step is a ProjectStep (who, when)."""

    project = models.ForeignKey(DigitisationProject, on_delete=models.CASCADE, related_name="items")
    record = models.ForeignKey(
        "catalog.BibRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    copy = models.ForeignKey(
        "catalog.Item", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.CharField(_("description"), max_length=500, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ItemState.choices, default=ItemState.SELECTED
    )
    # The condition check before scanning (fragile, torn, mould…): may it be scanned, how.
    condition = models.TextField(_("condition"), blank=True)
    fit_to_scan = models.BooleanField(_("fit to scan"), null=True)
    object = models.OneToOneField(
        DigitalObject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_item",
    )

    class Meta:
        verbose_name = _("item to digitise")
        verbose_name_plural = _("items to digitise")
        ordering = ["project", "pk"]

    def __str__(self) -> str:
        return self.description or str(self.record_id or self.copy_id)


class ProjectStep(models.Model):
    item = models.ForeignKey(ProjectItem, on_delete=models.CASCADE, related_name="steps")
    state = models.CharField(max_length=10, choices=ItemState.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["item", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.state}"


class Download(models.Model):
    """A page or a whole object downloaded (a use of the digital library, counted on its own)."""

    object = models.ForeignKey(DigitalObject, on_delete=models.CASCADE, related_name="downloads")
    page = models.PositiveIntegerField(null=True, blank=True)
    at = models.DateTimeField()
    on_site = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["at"])]

    def __str__(self) -> str:
        return f"{self.object_id} {self.at:%Y-%m-%d}"


class FixityCheck(models.Model):
    """One run of the fixity check over every original: how many were read, and what was
    found changed or missing (FixityProblem)."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    files_checked = models.PositiveIntegerField(default=0)
    problems = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}"


class FixityProblemKind(models.TextChoices):
    CHANGED = "changed", _("Changed")
    MISSING = "missing", _("Missing")


class FixityProblem(models.Model):
    check_run = models.ForeignKey(FixityCheck, on_delete=models.CASCADE, related_name="found")
    file = models.ForeignKey(DigitalFile, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=FixityProblemKind.choices)
    found_sha256 = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.file_id}: {self.kind}"
