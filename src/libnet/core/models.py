"""Cross-cutting records: the audit log and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from libnet.core.workers import ClaimedByWorker


class AuditEntry(models.Model):
    """One audited write: who did what to which object, when, with the state before and after.

    Every loan and return writes two, so the log has only the indexes its readers use: by
    time (the admin's list, newest first) and by object (`audit.entries_for`). Each index more
    was a page more written at every desk scan; the rare readers by action, actor
    or library (a rebuild of the figures, a user deleted) scan the log.
    """

    at = models.DateTimeField(_("at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=64)
    subject_type = models.CharField(_("object type"), max_length=64)
    subject_id = models.CharField(_("object id"), max_length=64)
    # core sits below network, so the library is kept as its id, not a foreign key.
    library_id = models.BigIntegerField(_("library"), null=True, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        from libnet.core.audit import action_label  # audit imports this module

        return f"{self.at:%d/%m/%Y %H:%M} · {action_label(self.action)} · {self.subject_type} #{self.subject_id}"


class ApiToken(models.Model):
    """A bearer token for /api/v1. Only the SHA-256 of the token is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12, help_text=_("First characters, to tell tokens apart"))
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"


class SignInFailure(models.Model):
    """Failed sign-ins of one account or one address in a row (core.throttle).

    `digest` is the SHA-256 of the scope and the key (a username, a card number, an
    address): the table keeps no identifier in clear.
    """

    digest = models.CharField(max_length=64, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_at = models.DateTimeField()

    class Meta:
        verbose_name = _("failed sign-ins")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self) -> str:
        return f"{self.digest[:12]} × {self.failures}"


class DocumentJobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class DocumentJob(ClaimedByWorker):
    """A document too long to make while a page waits (the PDF of a register of 100,000
    copies): `libnet worker` makes it into a file, the page shows its progress and then a
    link to download it (core/jobs.py)."""

    kind = models.CharField(_("kind"), max_length=64)
    params = models.JSONField(default=dict, blank=True)
    # core sits below network, so the library is kept as its id, not a foreign key.
    library_id = models.BigIntegerField(_("library"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("document"), max_length=300)
    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    stored_path = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DocumentJobStatus.choices,
        default=DocumentJobStatus.QUEUED,
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"))
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document being prepared")
        verbose_name_plural = _("documents being prepared")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (DocumentJobStatus.QUEUED, DocumentJobStatus.RUNNING)

    @property
    def percent_done(self) -> int:
        if self.status == DocumentJobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, int(100 * self.done / self.total))
