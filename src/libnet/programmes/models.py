"""The cooperation programme of the culture and education sectors (chương trình phối hợp):
its two parties, the schools the education side chose, the activities linked to it, its
targets, and its mid-term and final reviews (sơ kết, tổng kết)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from libnet.network.models import Library, ManagingBody


class Programme(models.Model):
    """A programme between a culture party (the Sở VHTTDL, or a public library) and an
    education party (the Sở GD&ĐT or a commune office, or a school) over `starts_on` …
    `ends_on`. Each side is a body or a library, never both."""

    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("number of the agreement"), max_length=100, blank=True)
    culture_body = models.ForeignKey(
        ManagingBody, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    culture_library = models.ForeignKey(
        Library, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    education_body = models.ForeignKey(
        ManagingBody, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    education_library = models.ForeignKey(
        Library, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    goals = models.TextField(_("goals"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("cooperation programme")
        verbose_name_plural = _("cooperation programmes")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(culture_body__isnull=False) ^ Q(culture_library__isnull=False),
                name="programme_one_culture_party",
            ),
            models.CheckConstraint(
                condition=Q(education_body__isnull=False) ^ Q(education_library__isnull=False),
                name="programme_one_education_party",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="programme_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def culture_party(self) -> ManagingBody | Library:
        party = self.culture_body or self.culture_library
        assert party is not None  # a check constraint
        return party

    @property
    def education_party(self) -> ManagingBody | Library:
        party = self.education_body or self.education_library
        assert party is not None  # a check constraint
        return party


class ProgrammeSchool(models.Model):
    """A school the education side chose for the programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="schools")
    school = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    chosen_at = models.DateTimeField(_("chosen"))

    class Meta:
        verbose_name = _("school of the programme")
        verbose_name_plural = _("schools of the programme")
        constraints = [
            models.UniqueConstraint(fields=["programme", "school"], name="one_row_per_school")
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.school_id}"


class ProgrammeActivity(models.Model):
    """A piece of work of another app counted by the programme: `kind` names the app's
    object (activities.KINDS: a rotation batch, an event; training's courses and inspections
    once that app registers them) and `object_id` its id."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=32)
    object_id = models.PositiveBigIntegerField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added"))

    class Meta:
        verbose_name = _("activity of the programme")
        verbose_name_plural = _("activities of the programme")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "object_id"], name="one_link_per_activity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.kind} {self.object_id}"


class ProgrammeTarget(models.Model):
    """What the programme means to reach on one measure (policies.MEASURES) by its end."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    measure = models.CharField(_("measure"), max_length=32)
    value = models.PositiveIntegerField(_("target"))

    class Meta:
        verbose_name = _("target of the programme")
        verbose_name_plural = _("targets of the programme")
        constraints = [
            models.UniqueConstraint(fields=["programme", "measure"], name="one_target_per_measure")
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.measure}: {self.value}"


class ReviewKind(models.TextChoices):
    MID_TERM = "mid_term", _("Mid-term review")
    FINAL = "final", _("Final review")


class ProgrammeReview(models.Model):
    """A mid-term review of one period (sơ kết: a half-year, a year) or the final review of
    the whole programme (tổng kết). Its figures are worked out from what was recorded each
    time it is shown; the two departments' own text is kept here."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("kind"), max_length=16, choices=ReviewKind.choices)
    # A period code of planning.periods (2026-H1) for a mid-term review; empty for the final.
    period = models.CharField(_("period"), max_length=10, blank=True)
    culture_text = models.TextField(_("assessment of the culture side"), blank=True)
    education_text = models.TextField(_("assessment of the education side"), blank=True)
    next_steps = models.TextField(_("tasks ahead"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("review of the programme")
        verbose_name_plural = _("reviews of the programme")
        ordering = ["programme", "kind", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "period"], name="one_review_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.kind} {self.period}"
