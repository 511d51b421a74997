"""The official statistics pages: /staff/planning/statistics/<library>/?form=&period=, with
&format=xlsx or pdf for the documents. Thin: access getter → the form → render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from libnet.core import clock
from libnet.core.errors import LibnetError, NotFound, ValidationFailed
from libnet.network.models import Library
from libnet.planning import access, selectors
from libnet.planning.errors import PlanningPermissionDenied
from libnet.planning.models import EvaluationState, PerformanceEvaluation
from libnet.planning.official import (
    checks,
    documents,
    evaluation,
    evaluation_documents,
    evaluation_services,
    layouts,
)
from libnet.planning.official.sheets import official_form
from libnet.planning.periods import InvalidPeriod, Period, PeriodKind, label, month_of, parse

_CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def closed_periods(today: dt.date) -> list[Period]:
    """The last closed period of every kind planning offers, for the period picker.

    Kinds are taken from `PeriodKind`: the codes are tried in each of the forms planning
    reads, and a kind whose code is none of them is left out rather than guessed."""
    candidates: list[Period] = []
    for year in (today.year - 1, today.year):
        codes = [f"{year}", f"{year}-EY", f"{year}-SY", f"{year}-H1", f"{year}-H2"]
        codes += [f"{year}-Q{quarter}" for quarter in range(1, 5)]
        codes += [f"{year}-{month:02d}" for month in range(1, 13)]
        for code in codes:
            try:
                candidates.append(parse(code))
            except InvalidPeriod:
                continue
    latest: list[Period] = []
    for kind in PeriodKind:
        closed = [p for p in candidates if p.kind == kind and p.end < today]
        if closed:
            latest.append(max(closed, key=lambda period: period.end))
    return latest


@login_required
@require_GET
def statistics(request, code: str):
    """An official statistics form of a library (and the libraries below it) for a period."""
    library = access.get_library_for_reports(request.user, code)
    today = clock.today()
    form_code = (request.GET.get("form") or "tt18").strip()
    period_code = (request.GET.get("period") or "").strip() or month_of(
        today.replace(day=1) - dt.timedelta(days=1)
    ).code
    period = access.period_from(period_code)
    output = request.GET.get("format", "")
    context: dict[str, object] = {
        "library": library,
        "period": period,
        "period_text": label(period, dates=True),
        "form_code": form_code,
        "forms": [(code_, layouts.shipped_layouts()[code_]) for code_ in layouts.form_codes()],
        "choices": closed_periods(today),
    }
    try:
        form = official_form(form_code, library, period)
    except LibnetError as refusal:
        if refusal.status in (403, 404):
            raise
        context["error"] = refusal.message
        return render(request, "planning/statistics.html", context, status=refusal.status)
    if output in _CONTENT_TYPES:
        content = documents.form_xlsx(form) if output == "xlsx" else documents.form_pdf(form)
        response = HttpResponse(content, content_type=_CONTENT_TYPES[output])
        name = f"thong-ke-{form.code}-{library.code}-{period.code}.{output}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context.update(
        {
            "form": form,
            "rows": [
                (
                    row,
                    documents.number_text(row.period),
                    documents.number_text(row.to_date),
                )
                for row in form.rows
            ],
            # What each row counts is under its label; these say where the figures come from.
            "explanations": documents.explanation_lines(form, rows=False),
            "disagreements": checks.disagreements(form),
        }
    )
    return render(request, "planning/statistics.html", context)


# --- TT 05/2020 performance evaluation ------------------------------------------------------


def _criteria(found: PerformanceEvaluation | None, library: Library, period: Period):
    """The criteria with the figures as sent, or as they stand now for a draft."""
    if found is not None and found.criteria:
        return [
            evaluation.Criterion(
                code=spec["code"],
                label=spec["label"],
                unit=spec["unit"],
                counts=spec["counts"],
                value=evaluation.from_sent(found.criteria.get(spec["code"])),
            )
            for spec in evaluation.template()["criteria"]
        ]
    own_ids, _reporting = selectors.reporting_children(library, period)
    return evaluation.criteria_of(evaluation.figures_for(library, period, own_ids))


def _evaluation_context(request, library: Library, period: Period) -> dict[str, object]:
    found = PerformanceEvaluation.objects.filter(library=library, period=period.code).first()
    criteria = _criteria(found, library, period)
    state = found.state if found is not None else EvaluationState.DRAFT
    return {
        "library": library,
        "period": period,
        "period_text": label(period, dates=True),
        "evaluation": found,
        "state_label": EvaluationState(state).label,
        "due_on": found.due_on if found is not None else evaluation.due_on(period),
        "criteria": [
            (
                criterion,
                documents.number_text(criterion.value),
                (found.self_ratings.get(criterion.code, "") if found is not None else ""),
            )
            for criterion in criteria
        ],
        "can_prepare": access.can_prepare_report(request.user, library)
        and state in evaluation.EDITABLE,
        "can_evaluate": access.can_evaluate(request.user, found)
        and state == EvaluationState.SUBMITTED,
        "ratings": evaluation.ratings(),
        "methods": evaluation.methods(),
        "rating_label": evaluation.ratings().get(found.rating, "") if found is not None else "",
        "method_label": evaluation.methods().get(found.method, "") if found is not None else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def performance_evaluation(request, code: str, period: str):
    """A library's TT 05/2020 evaluation for an evaluation or school year: the self-assessment
    (Mẫu 01) the library fills in and sends, and the result (Mẫu 02) the body above gives."""
    library = access.get_library_for_reports(request.user, code)
    found_period = access.period_from(period)
    evaluation_services.check_period(found_period)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("save", "submit"):
                access.get_library_to_prepare_report(request.user, library.code)
                evaluation_services.save_self_assessment(
                    library=library,
                    period=found_period,
                    self_ratings={
                        key.removeprefix("self_"): value
                        for key, value in request.POST.items()
                        if key.startswith("self_")
                    },
                    strengths=request.POST.get("strengths", ""),
                    weaknesses=request.POST.get("weaknesses", ""),
                    proposals=request.POST.get("proposals", ""),
                    by=request.user,
                )
                if action == "submit":
                    evaluation_services.submit_self_assessment(
                        library=library, period=found_period, by=request.user
                    )
                    message = _("Self-assessment sent.")
                else:
                    message = _("Self-assessment saved.")
            elif action in ("evaluate", "return"):
                found = PerformanceEvaluation.objects.filter(
                    library=library, period=found_period.code
                ).first()
                if found is None:
                    raise NotFound("not_found")
                if not access.can_evaluate(request.user, found):
                    raise PlanningPermissionDenied("cannot_decide")
                if action == "evaluate":
                    evaluation_services.evaluate(
                        evaluation_row=found,
                        rating=request.POST.get("rating", ""),
                        method=request.POST.get("method", ""),
                        conclusion=request.POST.get("conclusion", ""),
                        by=request.user,
                    )
                    message = _("Evaluation recorded.")
                else:
                    evaluation_services.return_self_assessment(
                        evaluation_row=found, reason=request.POST.get("reason", ""), by=request.user
                    )
                    message = _("Self-assessment returned to the library.")
            else:
                raise ValidationFailed("invalid", detail=_("Choose what to do."))
        except LibnetError as refusal:
            if refusal.status in (403, 404):
                raise
            context = _evaluation_context(request, library, found_period)
            context["error"] = refusal.message
            return render(request, "planning/evaluation.html", context, status=refusal.status)
        messages.success(request, message)
        return redirect("planning:evaluation", code=library.code, period=found_period.code)
    output = request.GET.get("format", "")
    if output == "pdf":
        found = PerformanceEvaluation.objects.filter(
            library=library, period=found_period.code
        ).first()
        criteria = _criteria(found, library, found_period)
        which = request.GET.get("form", "01")
        if found is None:
            raise NotFound("not_found")
        if which == "02":
            if found.state != EvaluationState.EVALUATED:
                raise NotFound("not_found")
            content = evaluation_documents.result_pdf(found, found_period, criteria)
        else:
            content = evaluation_documents.self_assessment_pdf(found, found_period, criteria)
        response = HttpResponse(content, content_type="application/pdf")
        name = f"danh-gia-mau-{which}-{library.code}-{found_period.code}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return render(
        request, "planning/evaluation.html", _evaluation_context(request, library, found_period)
    )
