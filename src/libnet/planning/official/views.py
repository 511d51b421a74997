"""The official statistics pages: /staff/planning/statistics/<library>/?form=&period=, with
&format=xlsx or pdf for the documents. Thin: access getter → the form → render."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from libnet.core import clock
from libnet.core.errors import LibnetError
from libnet.planning import access
from libnet.planning.official import checks, documents, layouts
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
            "explanations": documents.explanation_lines(form),
            "disagreements": checks.disagreements(form),
        }
    )
    return render(request, "planning/statistics.html", context)
