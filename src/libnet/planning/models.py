"""Indicators, hand-entered figures, annual plans with targets, and periodic reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from libnet.core.inputs import INT64_MAX, SMALLINT_MAX, between
from libnet.network.models import Library, ManagingBody


class Derivation(models.TextChoices):
    COMPUTED = "computed", _("Computed from transactions")
    MANUAL = "manual", _("Entered by hand")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum over days")
    DISTINCT = "distinct", _("Distinct readers over the period")


class Indicator(models.Model):
    """A figure libraries report, with a stable code (seeded by a migration, edited in admin).

    `aggregation` says how days add up: most figures are sums; "active readers" counts each
    reader once per period however many months they borrowed in.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)
    unit_vi = models.CharField(_("unit (Vietnamese)"), max_length=40)
    unit_en = models.CharField(_("unit (English)"), max_length=40)
    definition = models.TextField(_("definition"), blank=True)
    source = models.CharField(_("source reference"), max_length=200, blank=True)
    derivation = models.CharField(
        _("derivation"), max_length=10, choices=Derivation.choices, default=Derivation.COMPUTED
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, validators=between(0, SMALLINT_MAX)
    )
    form_code = models.CharField(_("code on the form"), max_length=10, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the language of the page (the report form is always Vietnamese)."""
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi

    @property
    def unit(self) -> str:
        return self.unit_en if (get_language() or "vi").startswith("en") else self.unit_vi


class ManualFigure(models.Model):
    """A figure entered by hand for one library and one month (talks held, pages digitised).

    One of the sources of `rebuild_stats`: the month's value is written to the daily figures
    on the first day of the month, so a rebuild keeps it.
    """

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="manual_figures")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    value = models.BigIntegerField(_("value"), validators=between(0, INT64_MAX))
    note = models.CharField(_("note"), max_length=500)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"))

    class Meta:
        verbose_name = _("hand-entered figure")
        verbose_name_plural = _("hand-entered figures")
        constraints = [
            models.UniqueConstraint(
                fields=["library", "indicator", "month"], name="one_manual_figure_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.library.name} · {self.indicator} · {self.month:%m/%Y}: {self.value}"


class PlanState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")


class AnnualPlan(models.Model):
    """The targets of one library for one calendar year."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(_("year"), validators=between(1900, 2999))
    state = models.CharField(
        _("state"), max_length=10, choices=PlanState.choices, default=PlanState.PROPOSED
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        constraints = [
            models.UniqueConstraint(fields=["library", "year"], name="one_plan_per_library_year")
        ]

    def __str__(self) -> str:
        return f"{self.library.name} · {self.year} · {self.get_state_display()}"


class PlanTarget(models.Model):
    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.BigIntegerField(_("target"), validators=between(0, INT64_MAX))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["plan", "indicator"], name="one_target_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.indicator_id}: {self.value}"


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class Report(models.Model):
    """A library's report for one period, sent to the library above it in that period, or
    for a school library to the managing body it reports to then.

    `figures` is empty until submission; then it holds what was sent (computed figures plus
    adjustments, as {indicator code: value}), and the parent's roll-up adds exactly that.
    """

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("period"), max_length=10)
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    parent = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports_received",
        verbose_name=_("sent to"),
    )
    # A school library's report goes to the body that manages it (the Sở GD&ĐT, a commune
    # office) instead of a library; then `parent` is empty.
    body = models.ForeignKey(
        ManagingBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports_received",
        verbose_name=_("sent to body"),
    )
    due_on = models.DateField(_("due"))
    figures = models.JSONField(_("figures sent"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("accepted or returned"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_reason = models.CharField(_("reason for return"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["library", "period"], name="one_report_per_period")
        ]
        indexes = [
            models.Index(fields=["parent", "period", "state"]),
            models.Index(fields=["body", "period", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.library.name} · {self.period} · {self.get_state_display()}"


class ReportAdjustment(models.Model):
    """A change by hand to one computed figure of a report, with the reason for it."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="adjustments")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    delta = models.BigIntegerField(_("change"), validators=between(-INT64_MAX, INT64_MAX))
    reason = models.CharField(_("reason"), max_length=500)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    made_at = models.DateTimeField(_("made"))

    class Meta:
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.indicator_id} {self.delta:+d}"


class ReportComment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("comment"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_at = models.DateTimeField(_("written"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.text[:40]}"


class LegacyFigure(models.Model):
    """A daily figure carried over from before the library used libnet (its Excel reports).

    A library going live in the middle of the year brings the months already done, so its
    year's progress is whole. One of the sources of `rebuild_stats`. The demo's history of
    2026 is kept here too.
    """

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    indicator = models.CharField(_("indicator"), max_length=40)
    day = models.DateField(_("day"))
    value = models.BigIntegerField(_("value"), validators=between(-INT64_MAX, INT64_MAX))
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        verbose_name = _("figure carried over")
        verbose_name_plural = _("figures carried over")
        constraints = [
            models.UniqueConstraint(
                fields=["library", "indicator", "day"], name="one_legacy_figure_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.library_id} {self.indicator} {self.day}: {self.value}"


class OfficialFormLayout(models.Model):
    """The province's layout of one official statistics form (rows, labels, what each figure
    counts), replacing the one shipped in planning/data/official_forms.json.

    The official forms are not confirmed (DOMAIN §3.2, §8.2), so their layout is data: a
    province renumbers, relabels, drops or reorders rows here; `planning.official.layouts`
    checks it before it is saved.
    """

    code = models.SlugField(_("form"), max_length=40, unique=True)
    layout = models.JSONField(_("layout"))
    updated_at = models.DateTimeField(_("updated"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("official form layout")
        verbose_name_plural = _("official form layouts")

    def __str__(self) -> str:
        return self.code


class EvaluationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent")
    EVALUATED = "evaluated", _("Evaluated")
    RETURNED = "returned", _("Returned")


class PerformanceEvaluation(models.Model):
    """A library's yearly performance evaluation (TT 05/2020/TT-BVHTTDL): its self-assessment
    (Mẫu 01) for the evaluation year (1/12–30/11, `2026-EY`) or, for a school library, the
    school year (`2026-SY`), sent to the body above it, and that body's result (Mẫu 02).

    `criteria` is empty until the self-assessment is sent; then it holds the figures as sent
    ({code: value}), so the result is given on what the library reported.
    """

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="evaluations")
    period = models.CharField(_("period"), max_length=10)
    state = models.CharField(
        _("state"), max_length=10, choices=EvaluationState.choices, default=EvaluationState.DRAFT
    )
    parent = models.ForeignKey(
        Library,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations_received",
        verbose_name=_("sent to"),
    )
    body = models.ForeignKey(
        ManagingBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations_received",
        verbose_name=_("sent to body"),
    )
    due_on = models.DateField(_("due"))
    self_ratings = models.JSONField(_("self-assessment per criterion"), default=dict, blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("shortcomings"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    criteria = models.JSONField(_("figures sent"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rating = models.CharField(_("result"), max_length=20, blank=True)
    method = models.CharField(_("how it was evaluated"), max_length=20, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    evaluated_at = models.DateTimeField(_("evaluated"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_reason = models.CharField(_("reason for return"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("performance evaluation")
        verbose_name_plural = _("performance evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["library", "period"], name="one_evaluation_per_library_and_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.library.name} · {self.period} · {self.get_state_display()}"
