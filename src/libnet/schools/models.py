"""The TT 16/2022/TT-BGDĐT school library standard: its criteria as versioned data, a
school's enrolment (sĩ số) per class and school year, the evidence it enters for what libnet
cannot count, and its self-assessment at the end of the school year."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from libnet.network.models import Library, ManagingBody, SchoolLevel


class CriteriaGroup(models.TextChoices):
    """TT 16/2022 Art. 1: the five groups of standards, in the order of the text."""

    RESOURCES = "resources", _("Information resources")
    FACILITIES = "facilities", _("Facilities")
    EQUIPMENT = "equipment", _("Specialised equipment")
    ACTIVITIES = "activities", _("Library activities")
    MANAGEMENT = "management", _("Library management")


class Measure(models.TextChoices):
    """How a criterion's value is found: counted by libnet, or entered by the school."""

    COPIES_PER_PUPIL = "copies_per_pupil", _("Copies per pupil (counted)")
    COPIES_PER_TEACHER = "copies_per_teacher", _("Copies per teacher (counted)")
    LOANS_PER_PUPIL = "loans_per_pupil", _("Loans per pupil in the school year (counted)")
    NUMBER = "number", _("A figure entered with its evidence")
    STATEMENT = "statement", _("Met or not, entered with its evidence")


COMPUTED_MEASURES = frozenset(
    {Measure.COPIES_PER_PUPIL, Measure.COPIES_PER_TEACHER, Measure.LOANS_PER_PUPIL}
)


class CriteriaVersion(models.Model):
    """One version of the province's criteria. The shipped file is loaded as the first; the
    province copies a version into a draft, fills what is not confirmed, and publishes it.
    A published version is never changed: the assessments made with it keep their meaning."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Hà Nội CV 3905/SGDĐT (DOMAIN §1.4): self-assessments by 31/5; the province may move it.
    due_month = models.PositiveSmallIntegerField(
        _("self-assessment due: month"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    due_day = models.PositiveSmallIntegerField(
        _("self-assessment due: day"),
        default=31,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    # The school library's plan for the school year, by 15/10 of its first autumn (CV 3905).
    plan_due_month = models.PositiveSmallIntegerField(
        _("library plan due: month"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    plan_due_day = models.PositiveSmallIntegerField(
        _("library plan due: day"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("criteria version")
        verbose_name_plural = _("criteria versions")

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"


class Criterion(models.Model):
    """A Level 1 or Level 2 criterion of one group for one school level."""

    version = models.ForeignKey(CriteriaVersion, on_delete=models.CASCADE, related_name="criteria")
    school_level = models.CharField(_("school level"), max_length=20, choices=SchoolLevel.choices)
    group = models.CharField(_("group"), max_length=20, choices=CriteriaGroup.choices)
    grade = models.PositiveSmallIntegerField(
        _("level"), choices=[(1, _("Level 1")), (2, _("Level 2"))]
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("criterion"), max_length=500)
    article = models.CharField(_("article"), max_length=60, blank=True)
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    # None: the figure is not confirmed in the text libnet ships; the province fills it.
    threshold = models.DecimalField(
        _("threshold"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    # A statement's wording is confirmed, or left for the province to confirm.
    is_confirmed = models.BooleanField(_("confirmed"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "school_level", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "school_level", "code"], name="criterion_code_per_level"
            )
        ]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"


CLASS_NAME_LENGTH = 40


class ClassEnrolment(models.Model):
    """Pupils and teachers of one class in one school year (sĩ số), entered by the school:
    the standard counts pupils and teachers, not reader cards."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="enrolments")
    school_year = models.PositiveIntegerField(_("school year (ending)"))
    class_name = models.CharField(_("class"), max_length=CLASS_NAME_LENGTH)
    school_level = models.CharField(_("school level"), max_length=20, choices=SchoolLevel.choices)
    pupils = models.PositiveIntegerField(_("pupils"))
    teachers = models.PositiveIntegerField(_("teachers"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["library", "school_year", "school_level", "class_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "school_year", "class_name"], name="one_row_per_class_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.class_name} ({self.school_year - 1}–{self.school_year})"


class Evidence(models.Model):
    """What a school enters for a criterion libnet cannot count: a figure or a yes/no, and
    the evidence behind it (a record, a minute, a photo's reference)."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="tt16_evidence")
    school_year = models.PositiveIntegerField(_("school year (ending)"))
    criterion_code = models.CharField(_("criterion"), max_length=40)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    is_met = models.BooleanField(_("met"), null=True, blank=True)
    evidence = models.TextField(_("evidence"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["library", "school_year", "criterion_code"],
                name="one_evidence_per_criterion_and_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_code} ({self.school_year - 1}–{self.school_year})"


class AssessmentState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class SelfAssessment(models.Model):
    """A school's self-assessment of one school year (TT 16/2022 Art. 25), sent to the body
    it reports to. Its results are frozen when sent."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="self_assessments")
    school_year = models.PositiveIntegerField(_("school year (ending)"))
    body = models.ForeignKey(ManagingBody, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(CriteriaVersion, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("state"), max_length=12, choices=AssessmentState.choices)
    level = models.PositiveSmallIntegerField(_("level reached"), null=True, blank=True)
    results = models.JSONField(_("results"), default=dict)
    due_on = models.DateField(_("due on"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["library", "school_year"], name="one_self_assessment_per_year"
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__lte=2), name="level_0_to_2"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.library} ({self.school_year - 1}–{self.school_year})"


class PlanState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class LibraryPlan(models.Model):
    """The school library's plan for a school year (kế hoạch hoạt động thư viện), sent to the
    body the school reports to by 15/10 (Hà Nội CV 3905/SGDĐT, DOMAIN §1.4): what it will do,
    how many book introductions a month, and what it asks for."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="school_plans")
    school_year = models.PositiveIntegerField(_("school year (ending)"))
    goals = models.TextField(_("goals"))
    activities = models.TextField(_("activities"))
    book_introductions_per_month = models.PositiveSmallIntegerField(
        _("book introductions a month"),
        validators=[MaxValueValidator(31)],
    )
    needs = models.TextField(_("needs and proposals"), blank=True)
    body = models.ForeignKey(
        ManagingBody, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=12, choices=PlanState.choices, blank=True)
    due_on = models.DateField(_("due on"))
    updated_at = models.DateTimeField(_("updated at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(_("reason for returning"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["library", "school_year"], name="one_library_plan_per_school_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.library} ({self.school_year - 1}–{self.school_year})"


class PupilHelper(models.Model):
    """A pupil who helps in the library (cộng tác viên học sinh), in the school's register of
    collaborators: personal data of a child, seen by the school's staff only."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="pupil_helpers")
    school_year = models.PositiveIntegerField(_("school year (ending)"))
    full_name = models.CharField(_("full name"), max_length=120)
    class_name = models.CharField(_("class"), max_length=CLASS_NAME_LENGTH)
    duties = models.CharField(_("duties"), max_length=300)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    created_at = models.DateTimeField(_("entered at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["library", "-school_year", "class_name", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.class_name})"


class ClassroomBookcase(models.Model):
    """A classroom bookcase (tủ sách lớp học, DOMAIN §1.3): copies of the school library lent
    to one class for a time, kept by its teacher. The copies stay the school's (its holdings
    count them) and are "on rotation" while in the class."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="bookcases")
    class_name = models.CharField(_("class"), max_length=CLASS_NAME_LENGTH)
    teacher = models.CharField(_("teacher in charge"), max_length=120)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["library", "class_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "class_name"],
                condition=Q(closed_on__isnull=True),
                name="one_open_bookcase_per_class",
            )
        ]

    def __str__(self) -> str:
        return f"{self.class_name} — {self.library}"


class BookcaseCopy(models.Model):
    """A copy lent to a classroom bookcase, and when it came back."""

    bookcase = models.ForeignKey(ClassroomBookcase, on_delete=models.CASCADE, related_name="copies")
    item = models.ForeignKey("catalog.Item", on_delete=models.PROTECT, related_name="+")
    lent_at = models.DateTimeField(_("lent at"))
    lent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["bookcase", "-lent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(returned_at__isnull=True), name="copy_in_one_bookcase"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.bookcase_id}"
