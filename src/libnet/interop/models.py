"""Background MARC imports started from the staff pages and run by `libnet worker`."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from libnet.core.workers import ClaimedByWorker
from libnet.network.models import Library


class ReceivedRecord(models.Model):
    """A record the import repaired (`interop.marc.repairs`), as it was received: the ISO 2709
    bytes or the MARCXML <record> element, and what was repaired, one per line. The catalogue
    record holds the repaired record; this is the lossless copy of what the other system
    sent."""

    bib = models.ForeignKey("catalog.BibRecord", on_delete=models.CASCADE, related_name="+")
    received = models.BinaryField()
    repairs = models.TextField(blank=True)
    received_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("record as received")
        verbose_name_plural = _("records as received")

    def __str__(self) -> str:
        return f"{self.bib_id} @ {self.received_at:%Y-%m-%d}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class MarcImportJob(ClaimedByWorker):
    """One uploaded MARC file waiting for, or going through, the importer."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    original_name = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(max_length=500)
    file_size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    # The importer's options: format, encoding, on_duplicate, holdings, library_map.
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    bytes_read = models.PositiveBigIntegerField(default=0)
    # Records of the file whose batch is committed: where a job taken up again goes on.
    records_done = models.PositiveIntegerField(default=0)
    # The importer's summary: records_read, created, updated, skipped, failed, items_created, items_failed.
    counts = models.JSONField(default=dict, blank=True)
    # One line per failed record: record number, byte offset, control number, reason.
    report = models.TextField(_("error report"), blank=True)
    # One line per record imported with repairs, or copy kept with a value dropped.
    warnings_report = models.TextField(_("warnings"), blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("uploaded"))
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("MARC import")
        verbose_name_plural = _("MARC imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} → {self.library.code} ({self.status})"

    @property
    def percent_done(self) -> int:
        if not self.file_size:
            return 100 if self.status == JobStatus.DONE else 0
        return min(100, int(100 * self.bytes_read / self.file_size))


class OaiEntry(models.Model):
    """A catalogue record as OAI-PMH harvesters see it: when it last changed for them and
    whether it is deleted. One row per record id ever catalogued, deleted ones included: the
    repository keeps deleted records ("persistent"). Kept by interop/oai/stamps.py, which
    catalog tells of every write (catalog.changes)."""

    record_id = models.BigIntegerField(primary_key=True)
    datestamp = models.DateTimeField()
    # Deleted (a tombstone), or every copy of it withdrawn or lost.
    deleted = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("OAI-PMH record")
        verbose_name_plural = _("OAI-PMH records")
        # Lists are read in this order, a page at a time from the last key (never OFFSET).
        indexes = [models.Index(fields=["datestamp", "record_id"], name="oai_entry_by_datestamp")]

    def __str__(self) -> str:
        return f"#{self.record_id} {self.datestamp:%Y-%m-%dT%H:%M:%S}{' deleted' if self.deleted else ''}"


class HarvestSource(models.Model):
    """Another catalogue `libnet harvest` pulls records from over OAI-PMH, and where the next
    harvest of it starts."""

    url = models.URLField(_("base URL"), max_length=500)
    set_spec = models.CharField(_("set"), max_length=200, blank=True)
    metadata_prefix = models.CharField(_("metadata prefix"), max_length=50)
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    # The `from` of the next harvest, in the source's granularity: where the last complete
    # harvest began by the source's own clock (its responseDate), less a margin.
    next_from = models.CharField(_("next harvest from"), max_length=30, blank=True)
    last_harvested_at = models.DateTimeField(_("last harvested"), null=True, blank=True)
    # What the last harvest did: the import's counts, plus records seen deleted at the source.
    last_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("OAI-PMH harvest source")
        verbose_name_plural = _("OAI-PMH harvest sources")
        constraints = [
            models.UniqueConstraint(
                fields=["url", "set_spec", "metadata_prefix"], name="harvest_source_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.url} {self.set_spec or '*'} ({self.metadata_prefix})"


class SipAccount(models.Model):
    """A self-check machine that speaks SIP2 (interop/sip2/), bound to one library for life.

    The machine acts as its own libnet user (`sip:<name>`, a "circulation" role at `library`,
    no password for the web), so the access getters and the audit log see the machine. A
    machine that moves to another library gets a new account; this one is disabled.
    """

    # The login user id the machine sends (SIP2 field CN), in lower case.
    name = models.CharField(_("name"), max_length=40, unique=True)
    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="sip_accounts", verbose_name=_("library")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sip_account"
    )
    # Django's password hasher, as for staff passwords (SIP2 field CO).
    password_hash = models.CharField(max_length=200, editable=False)
    # For a machine whose screen cannot show UTF-8: text is sent without diacritics, in ASCII.
    plain_text = models.BooleanField(_("text without diacritics"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("self-check machine (SIP2)")
        verbose_name_plural = _("self-check machines (SIP2)")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} @ {self.library.code}"


class TargetEncoding(models.TextChoices):
    AUTO = "auto", _("Detect (the leader can lie)")
    MARC8 = "marc8", _("MARC-8")
    UTF8 = "utf8", _("UTF-8")


class RecordSyntax(models.TextChoices):
    # Both names ask for the same record syntax (1.2.840.10003.5.10); servers know one or the other.
    USMARC = "usmarc", _("MARC 21 (USMARC)")
    MARC21 = "marc21", _("MARC 21 (named marc21)")


class SruVersion(models.TextChoices):
    V1_1 = "1.1", "SRU 1.1"
    V1_2 = "1.2", "SRU 1.2"
    V2_0 = "2.0", "SRU 2.0"


# A page waits for the target (twice for a Z39.50 server that needs a second request): under
# the web server's 120 seconds (deploy/libnet-web.service) with room to spare.
MAX_TIMEOUT_SECONDS = 50
NO_PROTOCOL = _("Give the Z39.50 host and database, the SRU base URL, or both.")


class CopyTarget(models.Model):
    """Another catalogue that cataloguers copy records from (interop/copycat/), over Z39.50,
    SRU or both. Data of the whole network, kept in the admin; none is enabled until the
    province has checked that the catalogue answers (docs/copy-cataloguing.md lists examples)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    # Z39.50: all three, or the host left blank for a catalogue reached over SRU only.
    host = models.CharField(_("Z39.50 host"), max_length=255, blank=True)
    port = models.PositiveIntegerField(
        _("Z39.50 port"), default=210, validators=[MinValueValidator(1), MaxValueValidator(65535)]
    )
    database = models.CharField(_("Z39.50 database"), max_length=100, blank=True)
    record_syntax = models.CharField(
        _("record syntax"), max_length=10, choices=RecordSyntax.choices, default=RecordSyntax.USMARC
    )
    # How the records' bytes are encoded; SRU's MARCXML is always Unicode.
    encoding = models.CharField(
        _("encoding"), max_length=5, choices=TargetEncoding.choices, default=TargetEncoding.AUTO
    )
    sru_url = models.URLField(_("SRU base URL"), max_length=500, blank=True)
    sru_version = models.CharField(
        _("SRU version"), max_length=3, choices=SruVersion.choices, default=SruVersion.V1_2
    )
    timeout_seconds = models.PositiveSmallIntegerField(
        _("time allowed (seconds)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_TIMEOUT_SECONDS)],
    )
    is_enabled = models.BooleanField(_("enabled"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("copy cataloguing target")
        verbose_name_plural = _("copy cataloguing targets")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(~models.Q(host="") & ~models.Q(database="")) | ~models.Q(sru_url=""),
                name="copy_target_has_a_protocol",
                violation_error_message=NO_PROTOCOL,
            ),
            models.CheckConstraint(
                condition=models.Q(
                    timeout_seconds__gte=1, timeout_seconds__lte=MAX_TIMEOUT_SECONDS
                ),
                name="copy_target_timeout_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def offers_z3950(self) -> bool:
        return bool(self.host and self.database)

    @property
    def offers_sru(self) -> bool:
        return bool(self.sru_url)

    def clean(self) -> None:
        if self.host and not self.database:
            raise ValidationError({"database": _("A Z39.50 target needs its database name.")})
        if not self.offers_z3950 and not self.offers_sru:
            raise ValidationError(NO_PROTOCOL)
