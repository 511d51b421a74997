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


class DegreeLevel(models.TextChoices):
    """A level of training in library work, lowest first (a certificate is a short course in
    library work, taken on top of a degree in another field or of upper-secondary school)."""

    CERTIFICATE = "certificate", _("library certificate")
    INTERMEDIATE = "intermediate", _("intermediate (trung cấp)")
    COLLEGE = "college", _("college (cao đẳng)")
    UNIVERSITY = "university", _("university (đại học)")
    POSTGRADUATE = "postgraduate", _("postgraduate (sau đại học)")


class StaffQualification(models.Model):
    """A qualification of a member of staff, kept on the person (a user of libnet): a degree
    (in library science or another field) or a library certificate, with its date. The share
    of qualified staff of a library (NĐ 93 Art. 11–21) is read from these rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qualifications"
    )
    level = models.CharField(_("level"), max_length=16, choices=DegreeLevel.choices)
    is_library_science = models.BooleanField(_("in library and information science"))
    certificate = models.CharField(_("certificate or diploma"), max_length=300, blank=True)
    awarded_on = models.DateField(_("awarded on"))
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("staff qualification")
        verbose_name_plural = _("staff qualifications")
        ordering = ["-awarded_on", "-pk"]

    def __str__(self) -> str:
        return self.get_level_display()


class Checklist(models.Model):
    """A checklist for surveys and inspections, as data: the province writes its own (admin);
    one is shipped (migration 0004). New inspections take the default one unless told."""

    name = models.CharField(_("name"), max_length=300)
    is_default = models.BooleanField(_("default"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["-is_default", "name"]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    section = models.CharField(_("section"), max_length=200, blank=True)
    text = models.CharField(_("what is checked"), max_length=500)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, validators=between(0, SMALLINT_MAX)
    )

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class InspectionKind(models.TextChoices):
    SURVEY = "survey", _("survey (khảo sát)")
    INSPECTION = "inspection", _("inspection (kiểm tra)")


class Inspection(models.Model):
    """A survey or inspection visit of a library by a managing body or a library above it,
    against a checklist: findings per item, recommendations with their follow-up."""

    library = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("library inspected"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=InspectionKind.choices)
    by_library = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections_made",
        verbose_name=_("inspecting library"),
    )
    body = models.ForeignKey(
        ManagingBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("inspecting body"),
    )
    visited_on = models.DateField(_("day of the visit"))
    inspectors = models.TextField(_("inspectors"), blank=True)
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("conclusion"), blank=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-visited_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(by_library__isnull=False, body__isnull=True)
                | Q(by_library__isnull=True, body__isnull=False),
                name="training_inspection_one_organiser",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.library}"

    @property
    def organiser_name(self) -> str:
        organiser = self.by_library or self.body
        return organiser.name if organiser else ""


class Rating(models.TextChoices):
    MET = "met", _("met")
    PARTLY = "partly", _("partly met")
    NOT_MET = "not_met", _("not met")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "item"], name="training_one_finding_per_item"
            )
        ]

    def __str__(self) -> str:
        return self.get_rating_display()


class Recommendation(models.Model):
    """What the inspected library is asked to do, by when; closed when it is done."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.CharField(_("recommendation"), max_length=1000)
    follow_up_on = models.DateField(_("follow up on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.CharField(_("how it was done"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["follow_up_on", "pk"]

    def __str__(self) -> str:
        return self.text
