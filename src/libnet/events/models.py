"""Events and reading promotion: the kinds of event (data), national days suggested each year
(data the province edits), and the events libraries organise, with their attendance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from libnet.core.inputs import SMALLINT_MAX, between
from libnet.network.models import Library, ManagingBody

# A hand count of people at one event: a stadium-sized book day is far below it.
MAX_ATTENDANCE = 1_000_000


class EventKind(models.Model):
    """A kind of event (book day, talk, contest…), seeded by a migration, edited in admin.

    `code` is stable: the API and the figures use it (`talk` feeds the `talks` indicator)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, validators=between(0, SMALLINT_MAX)
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("event kind")
        verbose_name_plural = _("event kinds")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi


class NationalDay(models.Model):
    """A day (or week) suggested to every library each year: 21/4, 23/4, 30/4, Tết…

    A solar day recurs on `month`/`day`; a lunar day or one whose dates the province sets each
    year (the lifelong-learning week) is suggested only for the years it has a
    `NationalDayDate`."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    kind = models.ForeignKey(EventKind, on_delete=models.PROTECT, related_name="+")
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=between(1, 12)
    )
    day = models.PositiveSmallIntegerField(
        _("day"), null=True, blank=True, validators=between(1, 31)
    )
    length_days = models.PositiveSmallIntegerField(
        _("length in days"), default=1, validators=between(1, 31)
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("national day")
        verbose_name_plural = _("national days")
        ordering = ["month", "day", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi


class NationalDayDate(models.Model):
    """The dates of a national day in one year, where they move: a lunar day, or the
    lifelong-learning week the province sets each year."""

    national_day = models.ForeignKey(NationalDay, on_delete=models.CASCADE, related_name="dates")
    year = models.PositiveSmallIntegerField(_("year"), validators=between(1900, 2999))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))

    class Meta:
        verbose_name = _("national day date")
        verbose_name_plural = _("national day dates")
        constraints = [
            models.UniqueConstraint(
                fields=["national_day", "year"], name="one_date_per_national_day_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.national_day} · {self.year}"


class EventState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    REPORTED = "reported", pgettext_lazy("event state", "Reported")
    CANCELLED = "cancelled", _("Cancelled")


class Audience(models.TextChoices):
    CHILDREN = "children", _("Children")
    PUPILS = "pupils", _("Pupils")
    ADULTS = "adults", _("Adults")
    ELDERLY = "elderly", _("Elderly people")
    DISABLED = "disabled", _("People with disabilities")


class Event(models.Model):
    """An event a library organises (with co-organising libraries and partners), from its plan
    to its results.

    It counts in the figures on its start date, for `library` only: co-organisers and partners
    are listed, not counted. `attended_adults` and `attended_children` (under 16) are disjoint
    and add up to the attendance; `attended_groups` (pupils, elderly…) are shown, never added
    again."""

    library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="events", verbose_name=_("organiser")
    )
    kind = models.ForeignKey(
        EventKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind")
    )
    title = models.CharField(_("title"), max_length=300)
    co_organisers = models.ManyToManyField(
        Library, blank=True, related_name="co_organised_events", verbose_name=_("co-organisers")
    )
    partner_bodies = models.ManyToManyField(
        ManagingBody, blank=True, related_name="+", verbose_name=_("partner bodies")
    )
    partners = models.CharField(_("other partners"), max_length=500, blank=True)
    venue_library = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("venue (library)"),
    )
    venue_address = models.CharField(_("venue (address)"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    planned_adults = models.PositiveIntegerField(
        _("planned adults"), default=0, validators=between(0, MAX_ATTENDANCE)
    )
    planned_children = models.PositiveIntegerField(
        _("planned children"), default=0, validators=between(0, MAX_ATTENDANCE)
    )
    attended_adults = models.PositiveIntegerField(
        _("adults attending"), default=0, validators=between(0, MAX_ATTENDANCE)
    )
    attended_children = models.PositiveIntegerField(
        _("children attending"), default=0, validators=between(0, MAX_ATTENDANCE)
    )
    attended_groups = models.JSONField(_("attendance by group"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    results = models.TextField(_("results"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=EventState.choices, default=EventState.PLANNED
    )
    is_published = models.BooleanField(_("shown to the public"), default=True)
    # Places for registration on the public page; None: no registration.
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, validators=between(1, MAX_ATTENDANCE)
    )
    national_day = models.ForeignKey(
        NationalDay, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    occasion_year = models.PositiveSmallIntegerField(null=True, blank=True)
    series = models.UUIDField(null=True, blank=True, db_index=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    # The themed list of copies of a display or exhibition (catalog's saved lists).
    display_list = models.OneToOneField(
        "catalog.RecordList",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("themed list"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["library", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
            # A national day is made into one event per library and year.
            models.UniqueConstraint(
                fields=["library", "national_day", "occasion_year"],
                condition=Q(national_day__isnull=False),
                name="one_event_per_national_day_year",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def attendance(self) -> int:
        return self.attended_adults + self.attended_children

    @property
    def venue(self) -> str:
        if self.venue_library_id is not None and self.venue_library is not None:
            return self.venue_library.name
        return self.venue_address


class Registration(models.Model):
    """A person who registered for an event on the public page: a name and a phone, nothing
    more (Luật Thư viện Art. 8 and the personal data rules of DOMAIN §2.9). Only the organisers
    see them; erased 30 days after the event ends, or earlier on request."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    full_name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20)
    registered_at = models.DateTimeField(_("registered"))

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "pk"]

    def __str__(self) -> str:
        return f"{self.event_id} · {self.pk}"


class ContestRound(models.Model):
    """A round of a contest (vòng sơ khảo, chung khảo…), in its order."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    name = models.CharField(_("name"), max_length=200)
    held_on = models.DateField(_("held on"), null=True, blank=True)

    class Meta:
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="one_round_number_per_contest")
        ]

    def __str__(self) -> str:
        return self.name


class ContestEntrant(models.Model):
    """Who takes part in a contest: a reader or a pupil by name, or a whole class; the prize
    won, if any (rank 1 is the first prize)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="entrants")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("class, school or unit"), max_length=200, blank=True)
    is_class = models.BooleanField(_("a whole class"), default=False)
    prize = models.CharField(_("prize"), max_length=100, blank=True)
    prize_rank = models.PositiveSmallIntegerField(
        _("prize rank"), null=True, blank=True, validators=between(1, 99)
    )

    class Meta:
        ordering = ["event", "prize_rank", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class ContestScore(models.Model):
    """An entrant's result in a round: the score and whether they go on to the next round."""

    round = models.ForeignKey(ContestRound, on_delete=models.CASCADE, related_name="scores")
    entrant = models.ForeignKey(ContestEntrant, on_delete=models.CASCADE, related_name="scores")
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    advanced = models.BooleanField(_("goes on"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "entrant"], name="one_score_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.entrant_id}"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    DOCUMENT = "document", _("Document")


class EventAttachment(models.Model):
    """A photo or a document of an event (the plan as signed, a press cutting), kept under the
    media folder with its checksum; seen by the organisers' staff only."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=10, choices=AttachmentKind.choices)
    file_name = models.CharField(_("file name"), max_length=200)
    path = models.CharField(max_length=300, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        ordering = ["event", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.file_name
