"""Every write of a performance evaluation (TT 05/2020): check → write → audit, one
transaction, keyword-only arguments. Each transition locks the row and checks its state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from libnet.core import audit, clock, text, validation
from libnet.core.audit import Actor
from libnet.network import selectors as network_selectors
from libnet.network.models import Library
from libnet.planning import selectors
from libnet.planning.errors import EvaluationRefused
from libnet.planning.models import EvaluationState, PerformanceEvaluation
from libnet.planning.official import evaluation
from libnet.planning.periods import Period


def _user(by: Actor) -> Any:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def check_period(period: Period) -> None:
    """EvaluationRefused("evaluation_period") for anything but an evaluation or school year."""
    if period.kind not in evaluation.EVALUATION_KINDS:
        raise EvaluationRefused("evaluation_period", period=period.label)


def _text(value: str, field: str) -> str:
    # Paragraphs are kept: only the ends are trimmed.
    cleaned = text.nfc(value or "").strip()
    if len(cleaned) > evaluation.TEXT_LIMIT:
        raise EvaluationRefused("text_too_long", field=field, limit=evaluation.TEXT_LIMIT)
    return cleaned


def _for_update(library: Library, period: Period, at: dt.datetime) -> PerformanceEvaluation:
    """The library's evaluation of `period`, locked; made (a draft) when there is none."""
    check_period(period)
    if not library.runs_libnet:
        raise EvaluationRefused("not_reporting", library=library.name)
    today = clock.local_date(at)
    validation.check_date(
        min(max(today, period.start), period.end),
        field=_("Evaluation period"),
        window="operational",
        today=today,
    )
    found = (
        PerformanceEvaluation.objects.select_for_update()
        .filter(library=library, period=period.code)
        .first()
    )
    if found is not None:
        return found
    found, _created = PerformanceEvaluation.objects.get_or_create(
        library=library,
        period=period.code,
        defaults={"due_on": evaluation.due_on(period), "created_at": at, "updated_at": at},
    )
    return found


def _check_editable(found: PerformanceEvaluation) -> None:
    if found.state not in evaluation.EDITABLE:
        raise EvaluationRefused("not_editable", state=EvaluationState(found.state).label)


@transaction.atomic
def save_self_assessment(
    *,
    library: Library,
    period: Period,
    self_ratings: Mapping[str, str],
    strengths: str,
    weaknesses: str,
    proposals: str,
    by: Actor,
    at: dt.datetime | None = None,
) -> PerformanceEvaluation:
    """Write the library's self-assessment of `period` (Mẫu 01): met / not met per criterion
    and its strengths, shortcomings and proposals. Only a draft or a returned one changes."""
    at = at or clock.now()
    codes = {spec["code"] for spec in evaluation.template()["criteria"]}
    ratings = {code: value for code, value in self_ratings.items() if code in codes and value}
    if any(value not in evaluation.SELF_RATINGS for value in ratings.values()):
        raise EvaluationRefused("unknown_self_rating")
    texts = {
        "strengths": _text(strengths, _("Strengths")),
        "weaknesses": _text(weaknesses, _("Shortcomings")),
        "proposals": _text(proposals, _("Proposals")),
    }
    found = _for_update(library, period, at)
    _check_editable(found)
    found.self_ratings = ratings
    found.strengths, found.weaknesses, found.proposals = (
        texts["strengths"],
        texts["weaknesses"],
        texts["proposals"],
    )
    found.updated_at = at
    found.save(update_fields=["self_ratings", "strengths", "weaknesses", "proposals", "updated_at"])
    audit.record(
        "evaluation.save",
        subject=found,
        by=by,
        at=at,
        library_id=library.pk,
        after={"period": period.code, "self_ratings": ratings},
    )
    return found


@transaction.atomic
def submit_self_assessment(
    *, library: Library, period: Period, by: Actor, at: dt.datetime | None = None
) -> PerformanceEvaluation:
    """Send the self-assessment to the library or body above the library on the period's
    last day; its figures are frozen as they are now.

    EvaluationRefused for a period not over yet, one already sent, or nobody above.
    """
    at = at or clock.now()
    check_period(period)
    if clock.local_date(at) <= period.end:
        raise EvaluationRefused(
            "period_not_over", period=period.label, end=period.end.strftime("%d/%m/%Y")
        )
    found = _for_update(library, period, at)
    _check_editable(found)
    body_id = network_selectors.bodies_on(period.end).get(library.pk)
    parent_id = None if body_id else network_selectors.parents_on(period.end).get(library.pk)
    if body_id is None and parent_id is None:
        raise EvaluationRefused("no_evaluator", library=library.name)
    own_ids, _reporting = selectors.reporting_children(library, period)
    figures = evaluation.figures_for(library, period, own_ids)
    found.criteria = {
        criterion.code: evaluation.as_sent(criterion.value)
        for criterion in evaluation.criteria_of(figures)
    }
    found.state = evaluation.next_state(found.state, "submit") or found.state
    found.body_id, found.parent_id = body_id, parent_id
    found.submitted_at, found.submitted_by = at, _user(by)
    found.updated_at = at
    found.save(
        update_fields=[
            "criteria",
            "state",
            "body",
            "parent",
            "submitted_at",
            "submitted_by",
            "updated_at",
        ]
    )
    audit.record(
        "evaluation.submit",
        subject=found,
        by=by,
        at=at,
        library_id=library.pk,
        after={"period": period.code, "criteria": found.criteria},
    )
    return found


def _submitted(found: PerformanceEvaluation) -> PerformanceEvaluation:
    locked = PerformanceEvaluation.objects.select_for_update().get(pk=found.pk)
    if locked.state != EvaluationState.SUBMITTED:
        raise EvaluationRefused("not_submitted", state=EvaluationState(locked.state).label)
    return locked


@transaction.atomic
def evaluate(
    *,
    evaluation_row: PerformanceEvaluation,
    rating: str,
    method: str,
    conclusion: str,
    by: Actor,
    at: dt.datetime | None = None,
) -> PerformanceEvaluation:
    """Record the managing body's result (Mẫu 02) of a self-assessment that was sent."""
    at = at or clock.now()
    if rating not in evaluation.ratings():
        raise EvaluationRefused("unknown_rating")
    if method not in evaluation.methods():
        raise EvaluationRefused("unknown_method")
    conclusion = _text(conclusion, _("Conclusion"))
    if not conclusion:
        raise EvaluationRefused("conclusion_required")
    found = _submitted(evaluation_row)
    found.state = evaluation.next_state(found.state, "evaluate") or found.state
    found.rating, found.method, found.conclusion = rating, method, conclusion
    found.evaluated_at, found.evaluated_by = at, _user(by)
    found.updated_at = at
    found.save(
        update_fields=[
            "state",
            "rating",
            "method",
            "conclusion",
            "evaluated_at",
            "evaluated_by",
            "updated_at",
        ]
    )
    audit.record(
        "evaluation.evaluate",
        subject=found,
        by=by,
        at=at,
        library_id=found.library_id,
        after={"period": found.period, "rating": rating, "method": method},
    )
    return found


@transaction.atomic
def return_self_assessment(
    *, evaluation_row: PerformanceEvaluation, reason: str, by: Actor, at: dt.datetime | None = None
) -> PerformanceEvaluation:
    """Send a self-assessment back to the library with the reason; it can be sent again."""
    at = at or clock.now()
    reason = text.clean(reason or "")
    if not reason:
        raise EvaluationRefused("return_reason_required")
    field = PerformanceEvaluation._meta.get_field("return_reason")
    if len(reason) > field.max_length:  # type: ignore[operator]  # a CharField's is set
        raise EvaluationRefused(
            "text_too_long", field=capfirst(str(field.verbose_name)), limit=field.max_length
        )
    found = _submitted(evaluation_row)
    found.state = evaluation.next_state(found.state, "return") or found.state
    found.return_reason = reason
    found.updated_at = at
    found.save(update_fields=["state", "return_reason", "updated_at"])
    audit.record(
        "evaluation.return",
        subject=found,
        by=by,
        at=at,
        library_id=found.library_id,
        after={"period": found.period},
        note=reason,
    )
    return found
