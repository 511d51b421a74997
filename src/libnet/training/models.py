"""Training of the network's people: courses (lớp tập huấn, bồi dưỡng nghiệp vụ) with their
sessions, participants, attendance and results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from libnet.core.inputs import SMALLINT_MAX, between
from libnet.network.models import Library, ManagingBody


class CourseState(models.TextChoices):
    PLANNED = "planned", _("planned")
    FINISHED = "finished", _("finished")
    CANCELLED = "cancelled", _("cancelled")


class Course(models.Model):
    """A training course organised by a library or by a managing body (Sở VHTTDL, Sở GD&ĐT).

    Exactly one organiser. A course a library organises counts in that library's figures
    (`training_courses`, `people_trained`) on its last day, once finished; a body's course is
    listed by `selectors.courses_in`, not added to any library's figures."""

    title = models.CharField(_("title"), max_length=300)
    library = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_courses",
        verbose_name=_("organising library"),
    )
    body = models.ForeignKey(
        ManagingBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_courses",
        verbose_name=_("organising body"),
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    trainers = models.TextField(_("trainers"), blank=True)
    programme = models.TextField(_("programme"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=CourseState.choices, default=CourseState.PLANNED
    )
    created_at = models.DateTimeField(_("created at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(library__isnull=False, body__isnull=True)
                | Q(library__isnull=True, body__isnull=False),
                name="training_course_one_organiser",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="training_course_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organiser_name(self) -> str:
        organiser = self.library or self.body
        return organiser.name if organiser else ""


class Session(models.Model):
    """One session (buổi học) of a course: a day and its topic; attendance is taken per session."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("day"))
    topic = models.CharField(_("topic"), max_length=300)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, validators=between(0, SMALLINT_MAX)
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["held_on", "order", "pk"]

    def __str__(self) -> str:
        return self.topic


class ParticipantKind(models.TextChoices):
    STAFF = "staff", _("library staff")
    SCHOOL_LIBRARIAN = "school_librarian", _("school librarian")
    TEACHER = "teacher", _("teacher")
    COLLABORATOR = "collaborator", _("collaborator")
    COMMUNE_OFFICER = "commune_officer", _("commune officer")
    OUTSIDE = "outside", _("from outside the network")


class Result(models.TextChoices):
    PENDING = "pending", _("not yet decided")
    PASSED = "passed", _("passed")
    FAILED = "failed", _("not passed")


class Participant(models.Model):
    """A person on a course: a libnet user (staff of any library of the network, a body's
    officer) or someone outside libnet, by name and unit. `library` is the network library the
    person works for, when there is one; `unit` is the unit written on the certificate."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("kind"), max_length=20, choices=ParticipantKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_places",
    )
    library = models.ForeignKey(
        Library, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=300, blank=True)
    result = models.CharField(
        _("result"), max_length=10, choices=Result.choices, default=Result.PENDING
    )
    certificate_number = models.PositiveIntegerField(_("certificate number"), null=True, blank=True)
    attended = models.ManyToManyField(Session, blank=True, related_name="present")

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "user"],
                condition=Q(user__isnull=False),
                name="training_one_place_per_user",
            ),
            models.UniqueConstraint(
                fields=["course", "certificate_number"],
                condition=Q(certificate_number__isnull=False),
                name="training_certificate_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name
