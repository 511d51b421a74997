"""The library network: administrative units, the library tree, and who works where."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AdminUnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class AdminUnit(models.Model):
    """An administrative unit as it was between `valid_from` and `valid_to`.

    The 1 July 2025 reform removed districts and merged provinces (NQ 202/2025/QH15). Units
    are versioned, never rewritten, so a 2024 report still adds up the 2024 way.
    """

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=AdminUnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("merged into"),
    )

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="adminunit_code_version"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="adminunit_valid_range",
            ),
        ]
        ordering = ["code", "valid_from"]

    def __str__(self) -> str:
        return self.name


class AdminUnitPopulation(models.Model):
    """The population of an administrative unit on `as_of` (a census, or the statistics
    office's yearly estimate): the divisor of "copies per inhabitant" in the Ministry's
    yearly table (DOMAIN §3.2). Dated, never rewritten: a 2024 table divides by the figure
    that held in 2024. Entered by the province in the admin.
    """

    unit = models.ForeignKey(
        AdminUnit,
        on_delete=models.CASCADE,
        related_name="populations",
        verbose_name=_("administrative unit"),
    )
    as_of = models.DateField(_("as of"))
    population = models.PositiveIntegerField(_("population"))
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("e.g. census 1/4/2019")
    )

    class Meta:
        verbose_name = _("population of an administrative unit")
        verbose_name_plural = _("populations of administrative units")
        ordering = ["unit", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "as_of"], name="one_population_per_unit_day"),
            models.CheckConstraint(condition=Q(population__gt=0), name="population_is_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.as_of}: {self.population}"


class LibraryKind(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial library")
    BRANCH = "branch", _("Branch")
    DISTRICT = "district", _("District library (before 1/7/2025)")
    COMMUNE = "commune", _("Commune library")
    COMMUNITY_BOOKCASE = "community_bookcase", _("Community bookcase")
    POST_OFFICE_POINT = "post_office_point", _("Cultural post-office reading point")
    MOBILE = "mobile", _("Mobile library")
    SCHOOL_KINDERGARTEN = "school_kindergarten", _("Kindergarten library")
    SCHOOL_PRIMARY = "school_primary", _("Primary school library")
    SCHOOL_LOWER_SECONDARY = "school_lower_secondary", _("Lower-secondary school library")
    SCHOOL_UPPER_SECONDARY = "school_upper_secondary", _("Upper-secondary school library")
    SCHOOL_MULTI = "school_multi", _("Multi-level school library")
    OTHER = "other", _("Other")


SCHOOL_KINDS = frozenset(
    {
        LibraryKind.SCHOOL_KINDERGARTEN,
        LibraryKind.SCHOOL_PRIMARY,
        LibraryKind.SCHOOL_LOWER_SECONDARY,
        LibraryKind.SCHOOL_UPPER_SECONDARY,
        LibraryKind.SCHOOL_MULTI,
    }
)


class SchoolLevel(models.TextChoices):
    """The levels a school teaches, lowest first (TT 16/2022/TT-BGDĐT Art. 1: a multi-level
    school has several)."""

    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary")


# The level of a single-level school's kind; a multi-level school records its levels.
KIND_LEVELS: dict[str, tuple[str, ...]] = {
    LibraryKind.SCHOOL_KINDERGARTEN: (SchoolLevel.KINDERGARTEN,),
    LibraryKind.SCHOOL_PRIMARY: (SchoolLevel.PRIMARY,),
    LibraryKind.SCHOOL_LOWER_SECONDARY: (SchoolLevel.LOWER_SECONDARY,),
    LibraryKind.SCHOOL_UPPER_SECONDARY: (SchoolLevel.UPPER_SECONDARY,),
}


class Sector(models.TextChoices):
    CULTURE = "culture", _("Culture (Department of Culture, Sports and Tourism)")
    EDUCATION = "education", _("Education (Department of Education and Training)")
    OTHER = "other", _("Other")


class Library(models.Model):
    """A node of the network: a library, a branch, or a rotation point.

    `parent` is the current parent; `LibraryParentPeriod` keeps the dated history, because a
    former district library may have become a branch of the provincial library in 2025.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=LibraryKind.choices)
    sector = models.CharField(
        _("sector"), max_length=16, choices=Sector.choices, default=Sector.CULTURE
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent library"),
    )
    admin_unit = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="libraries",
        verbose_name=_("administrative unit"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=300, blank=True)
    # False for deposit points (bookcases, post-office shelves) that only receive boxes and
    # report counts by hand.
    runs_libnet = models.BooleanField(_("runs libnet"), default=True)
    # The levels a school teaches (SchoolLevel values, lowest first); empty for other kinds.
    school_levels = models.JSONField(_("school levels"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_key = models.CharField(max_length=600, blank=True, editable=False)

    class Meta:
        verbose_name = _("library")
        verbose_name_plural = _("libraries")
        ordering = ["sort_key", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_school(self) -> bool:
        return self.kind in SCHOOL_KINDS


class LibraryParentPeriod(models.Model):
    """`library` sat under `parent` from `valid_from` until `valid_to` (open when null)."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="parent_periods")
    parent = models.ForeignKey(
        Library, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("parent period")
        verbose_name_plural = _("parent history")
        ordering = ["library", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["library"],
                condition=Q(valid_to__isnull=True),
                name="one_open_parent_period_per_library",
            )
        ]

    def __str__(self) -> str:
        return f"{self.library_id} → {self.parent_id} from {self.valid_from}"


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    CATALOGUER = "cataloguer", _("Cataloguer")
    CIRCULATION = "circulation", _("Circulation clerk")
    REPORTING = "reporting", _("Reporting officer")
    VIEWER = "viewer", _("Viewer")
    PRINCIPAL = "principal", _("School principal")
    COLLABORATOR = "collaborator", _("Library collaborator")


class Membership(models.Model):
    """`user` holds `role` at `library`, and at every library below it when `covers_subtree`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    covers_subtree = models.BooleanField(_("covers the libraries below"), default=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "library", "role"], name="one_role_per_library")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.library.code}"


class BodyKind(models.TextChoices):
    EDUCATION_DEPARTMENT = "education_department", _("Department of Education and Training")
    CULTURE_DEPARTMENT = "culture_department", _("Department of Culture, Sports and Tourism")
    COMMUNE_OFFICE = "commune_office", _("Commune culture and social affairs office")
    OTHER = "other", _("Other managing body")


class ManagingBody(models.Model):
    """A body that manages libraries without being one: the Sở GD&ĐT, the Sở VHTTDL, a
    commune's Phòng Văn hóa – Xã hội (NĐ 150/2025). It receives reports; it holds no books
    and no readers. Effective-dated like a library's parent: a body closed by a reform keeps
    the reports it received.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=BodyKind.choices)
    admin_unit = models.ForeignKey(
        AdminUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bodies",
        verbose_name=_("administrative unit"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    sort_key = models.CharField(max_length=600, blank=True, editable=False)

    class Meta:
        verbose_name = _("managing body")
        verbose_name_plural = _("managing bodies")
        ordering = ["sort_key", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="managingbody_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class BodyRole(models.TextChoices):
    OFFICER = "officer", _("Officer")
    HEAD = "head", _("Head")


class BodyMembership(models.Model):
    """`user` holds `role` at the managing body `body` (staff memberships extend to bodies)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="body_memberships"
    )
    body = models.ForeignKey(ManagingBody, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=BodyRole.choices)

    class Meta:
        verbose_name = _("body membership")
        verbose_name_plural = _("body memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "body", "role"], name="one_role_per_body")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.body.code}"


class ReportingRule(models.Model):
    """The province's setting: a school whose highest level is `level` reports to a body of
    `body_kind` (a commune office: the one of the school's commune). Seeded with DOMAIN §6:
    upper secondary to the Sở GD&ĐT, the other levels to the commune office."""

    level = models.CharField(
        _("school level"), max_length=20, choices=SchoolLevel.choices, unique=True
    )
    body_kind = models.CharField(_("reports to"), max_length=32, choices=BodyKind.choices)

    class Meta:
        verbose_name = _("reporting rule")
        verbose_name_plural = _("reporting rules")
        ordering = ["level"]

    def __str__(self) -> str:
        return f"{self.level} → {self.body_kind}"


class ReportingAssignment(models.Model):
    """School library `library` reports to `body` from `valid_from` until `valid_to` (open
    when null). `is_override` marks a choice made by hand, which the default rule leaves be."""

    library = models.ForeignKey(
        Library, on_delete=models.CASCADE, related_name="reporting_assignments"
    )
    body = models.ForeignKey(ManagingBody, on_delete=models.PROTECT, related_name="assignments")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    is_override = models.BooleanField(_("set by hand"), default=False)

    class Meta:
        verbose_name = _("reporting assignment")
        verbose_name_plural = _("reporting assignments")
        ordering = ["library", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["library"],
                condition=Q(valid_to__isnull=True),
                name="one_open_reporting_assignment_per_library",
            )
        ]

    def __str__(self) -> str:
        return f"{self.library_id} → {self.body_id} from {self.valid_from}"
