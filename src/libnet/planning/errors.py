"""Refusals of the planning app: a stable code and a message each."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, PermissionDenied


class PeriodRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "invalid_period": _(
            "Not a reporting period: %(period)s. Write 2026-10 (a month), 2026-Q3 (a quarter), "
            "2026-H1 (a half-year), 2026 (a year), 2026-EY (the evaluation year 1/12/2025–30/11/2026) or 2026-SY (a school year)."
        ),
    }


class PlanRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "unknown_indicator": _("No indicator with the code %(code)s."),
        "negative_target": _("A target cannot be negative (%(code)s)."),
        "no_plan": _("%(library)s has no plan for %(year)s yet."),
        "already_approved": _("This plan is already approved."),
        "not_parent": _("Only the library above %(library)s can approve its plan."),
        "invalid_year": _(
            "Plan year: choose a year from %(first)s to %(last)s (%(year)s is outside them)."
        ),
        "no_targets": _("Give at least one target: a plan without targets is not saved."),
        "target_too_large": _("The target for %(code)s is too large (at most %(limit)s)."),
    }


class ReportRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "not_editable": _(
            "The report is %(state)s: only a draft or a returned report can be changed or submitted."
        ),
        "not_submitted": _(
            "The report is %(state)s: only a submitted report can be accepted or returned."
        ),
        "reason_required": _("Give the reason for the change: adjustments are audited."),
        "return_reason_required": _(
            "Say why the report is returned, so the library can correct it."
        ),
        "comment_empty": _("The comment is empty."),
        "zero_adjustment": _("An adjustment of 0 changes nothing."),
        "adjustment_too_large": _("An adjustment can change a figure by at most %(limit)s."),
        "text_too_long": _("Keep the text under %(limit)s characters."),
        "manual_indicator": _(
            "%(code)s is entered by hand each month on the figures page, not adjusted in a report."
        ),
        "not_parent": _("Only the library the report is sent to can accept or return it."),
        "no_parent": _(
            "%(library)s has no library above it in this period: there is nobody to send the report to."
        ),
        "no_body": _(
            "%(library)s reports to no managing body in this period (the Department of Education or its commune office): ask the administrator to set the body it reports to."
        ),
        "period_not_over": _(
            "The period %(period)s is not over yet: submit its report after %(end)s."
        ),
        "not_reporting": _(
            "%(library)s does not run libnet: its figures are part of the report of %(parent)s."
        ),
    }


class FigureRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "not_manual": _(
            "%(code)s is computed from the transactions; it cannot be entered by hand."
        ),
        "note_required": _(
            "Say where the figure comes from (a note is required): hand-entered figures are audited."
        ),
        "negative_value": _("A figure cannot be negative."),
        "value_too_large": _("The figure is too large (at most %(limit)s)."),
        "text_too_long": _("Keep the text under %(limit)s characters."),
        "future_month": _("The month %(month)s has not started yet."),
        "computed_from_events": _(
            "%(code)s is computed from the library's events since %(month)s: record the event instead of entering the figure."
        ),
        "computed_from_projects": _(
            "%(code)s is counted from the library's digitisation projects since %(month)s: publish the digitised documents in the project instead of entering the figure."
        ),
    }


class PlanningPermissionDenied(PermissionDenied):
    """The user sees the library but their role there does not allow this."""

    messages: ClassVar[Messages] = {
        **PermissionDenied.messages,
        "cannot_prepare_report": _(
            "Preparing and sending the report of %(library)s takes a desk (circulation), "
            "reporting, principal or administrator role there."
        ),
        "cannot_enter_figures": _(
            "Entering the hand-counted figures of %(library)s takes a desk, cataloguing, "
            "reporting, principal or administrator role there."
        ),
        "cannot_set_targets": _(
            "Setting the targets of %(library)s takes a reporting, principal or administrator "
            "role there or at the library above it."
        ),
        "cannot_approve": _("Only the library above %(library)s approves its plan."),
        "cannot_decide": _(
            "Only the reporting officers of the library the report is sent to can accept or "
            "return it."
        ),
    }


class GroupingRefused(LibnetError):
    """A roll-up split asked for in a way libnet does not know."""

    status = 400
    messages: ClassVar[Messages] = {
        "unknown_grouping": _(
            "Figures can be grouped by administrative unit (by=admin_unit) only, not by %(by)s."
        ),
    }


class OfficialFormRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "unknown_form": _("No statistics form called %(form)s. The forms are: %(forms)s."),
        "public_libraries_only": _(
            "The Ministry's table counts public libraries; %(library)s is not one. Open it "
            "for the provincial library or a public library."
        ),
        "invalid_layout": _("The layout cannot be used: %(problems)s"),
    }


class EvaluationRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "evaluation_period": _(
            "A performance evaluation is for an evaluation year (2026-EY: 1/12/2025–30/11/2026) "
            "or, for a school library, a school year (2026-SY), not %(period)s."
        ),
        "period_not_over": _(
            "The self-assessment of %(period)s can be sent once the period is over, after %(end)s."
        ),
        "not_editable": _(
            "The self-assessment is %(state)s: only a draft or a returned one can be changed or sent."
        ),
        "not_submitted": _(
            "The self-assessment is %(state)s: only one that was sent can be evaluated or returned."
        ),
        "no_evaluator": _(
            "%(library)s has no library or managing body above it to send its self-assessment to."
        ),
        "unknown_self_rating": _("Each criterion is met, not met or left empty."),
        "unknown_rating": _("Choose the result of the evaluation."),
        "unknown_method": _("Choose how the library was evaluated."),
        "conclusion_required": _("Write the conclusion of the evaluation."),
        "return_reason_required": _(
            "Say why the self-assessment is returned, so the library can correct it."
        ),
        "text_too_long": _("%(field)s is too long: at most %(limit)s characters."),
        "not_reporting": _(
            "%(library)s does not run libnet: it is evaluated with the library above it."
        ),
    }
