"""Staff pages of the TT 16/2022 school library standard. Thin: parse → access → one service
→ render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from libnet.core import clock
from libnet.core.errors import LibnetError
from libnet.core.pages import docx_download, inline_pdf
from libnet.network import access as network_access
from libnet.network.models import Library, SchoolLevel
from libnet.planning.periods import Period, label
from libnet.schools import access, documents, selectors, services
from libnet.schools.errors import SchoolPermissionDenied
from libnet.schools.models import CriteriaGroup, Measure


def default_school_year(today: dt.date) -> str:
    """The school year in progress on `today` (1/9 to 31/8), as planning names it."""
    return f"{today.year + 1 if today.month >= 9 else today.year}-SY"


def _period(request: HttpRequest) -> Period:
    return access.school_year_from(request.GET.get("period") or default_school_year(clock.today()))


@login_required
@require_GET
def index(request):
    """The schools the user works at, and the dashboards of the bodies they work for."""
    schools = Library.objects.filter(pk__in=access.school_ids(request.user)).order_by(
        "sort_key", "code"
    )
    bodies = list(network_access.bodies_by_ids(network_access.school_body_ids(request.user)))
    if not bodies and not schools.exists():
        raise SchoolPermissionDenied("not_school_staff")
    return render(
        request,
        "schools/index.html",
        {"schools": schools, "bodies": bodies, "period": default_school_year(clock.today())},
    )


@login_required
@require_GET
def criteria(request):
    """The criteria in force, each with its threshold or "not confirmed: for the province"."""
    version = selectors.current_version()
    rows = list(version.criteria.all()) if version else []
    return render(
        request,
        "schools/criteria.html",
        {
            "version": version,
            "levels": [
                (level, [row for row in rows if row.school_level == level]) for level in SchoolLevel
            ],
            "groups": dict(CriteriaGroup.choices),
        },
    )


def _school_context(request: HttpRequest, library: Library, period: Period) -> dict[str, object]:
    result, sent = selectors.assessment(library, period)
    return {
        "library": library,
        "period": period,
        "period_text": label(period, dates=True),
        "result": result,
        "sent": sent,
        "groups": dict(CriteriaGroup.choices),
        "levels": dict(SchoolLevel.choices),
        "school_levels": [(level, SchoolLevel(level).label) for level in library.school_levels],
        "enrolment_rows": selectors.enrolment_rows(library, period.year),
        "can_prepare": access.can_prepare(request.user, library),
        "can_decide": access.can_decide(request.user, sent),
        "works_here": library.pk in network_access.visible_library_ids(request.user),
        "editable": sent is None or sent.state == "returned",
        "entered_measures": (Measure.NUMBER, Measure.STATEMENT),
    }


@login_required
@require_GET
def school(request, code: str):
    """A school's assessment for a school year: enrolment, every criterion with its value,
    threshold and result, group and overall levels, and the self-assessment's state."""
    library = access.get_school_for_reading(request.user, code)
    period = _period(request)
    return render(request, "schools/school.html", _school_context(request, library, period))


def _act(
    request: HttpRequest,
    code: str,
    period_code: str,
    get: Callable[..., Library],
    action: Callable[[Library, Period], str],
) -> HttpResponse:
    library = get(request.user, code)
    period = access.school_year_from(period_code)
    try:
        message = action(library, period)
    except LibnetError as refusal:
        if refusal.status in (403, 404):
            raise
        context = _school_context(request, library, period)
        context["error"] = refusal.message
        return render(request, "schools/school.html", context, status=refusal.status)
    messages.success(request, message)
    return redirect(f"/staff/schools/{library.code}/?period={period.code}")


@login_required
@require_POST
def enrolment(request, code: str, period: str):
    def save(library: Library, school_year: Period) -> str:
        services.set_enrolment(
            library=library,
            school_year=school_year.year,
            class_name=request.POST.get("class_name", ""),
            school_level=request.POST.get("school_level", ""),
            pupils=request.POST.get("pupils", ""),
            teachers=request.POST.get("teachers", "0") or "0",
            by=request.user,
        )
        return _("Class enrolment saved.")

    return _act(request, code, period, access.get_school_for_preparing, save)


@login_required
@require_POST
def evidence(request, code: str, period: str):
    def save(library: Library, school_year: Period) -> str:
        answer = {"yes": True, "no": False}.get(request.POST.get("answer", ""))
        services.record_evidence(
            library=library,
            period=school_year,
            criterion_code=request.POST.get("criterion", ""),
            value=request.POST.get("value"),
            answer=answer,
            evidence=request.POST.get("evidence", ""),
            by=request.user,
        )
        return _("Evidence saved.")

    return _act(request, code, period, access.get_school_for_preparing, save)


@login_required
@require_POST
def submit(request, code: str, period: str):
    def send(library: Library, school_year: Period) -> str:
        sent = services.submit_self_assessment(library=library, period=school_year, by=request.user)
        return _("Self-assessment sent to %(body)s.") % {"body": sent.body.name}

    return _act(request, code, period, access.get_school_for_preparing, send)


@login_required
@require_POST
def decide(request, code: str, period: str):
    def decide_it(library: Library, school_year: Period) -> str:
        sent = access.get_assessment_for_decision(request.user, library.code, school_year)
        accept = request.POST.get("decision") == "accept"
        services.decide_self_assessment(
            assessment=sent, accept=accept, reason=request.POST.get("reason", ""), by=request.user
        )
        return (
            _("Self-assessment accepted.")
            if accept
            else _("Self-assessment returned to the school.")
        )

    return _act(request, code, period, access.get_school_for_reading, decide_it)


@login_required
@require_GET
def report_pdf(request, code: str, period: str):
    """The self-assessment report (TT 16/2022 Art. 25) as a PDF."""
    library = access.get_school_for_reading(request.user, code)
    school_year = access.school_year_from(period)
    result, sent = selectors.assessment(library, school_year)
    content = documents.assessment_pdf(library, school_year, result, sent)
    return inline_pdf(content, f"tu-danh-gia-{library.code}-{school_year.code}.pdf")


@login_required
@require_GET
def body(request, code: str):
    """A managing body's schools: level reached, those below the NĐ 93 Art. 17 minimums,
    self-assessments waiting and deadlines missed."""
    found = access.get_body_for_dashboard(request.user, code)
    period = _period(request)
    rows = selectors.body_dashboard(found, period)
    today = clock.today()
    return render(
        request,
        "schools/body.html",
        {
            "body": found,
            "period": period,
            "period_text": label(period, dates=True),
            "rows": rows,
            "late": [row for row in rows if row.is_late(today)],
            "plans_late": [row for row in rows if row.plan_is_late(today)],
            "below": [row for row in rows if row.below_minimum],
            "by_level": [
                (_("Level 2"), sum(1 for row in rows if row.level == 2)),
                (_("Level 1"), sum(1 for row in rows if row.level == 1)),
                (_("Level 1 not reached"), sum(1 for row in rows if row.level == 0)),
                (_("Cannot be assessed yet"), sum(1 for row in rows if row.level is None)),
            ],
            "waiting": [row for row in rows if row.sent and row.sent.state == "submitted"],
            "today": today,
        },
    )


@login_required
@require_GET
def report_docx(request, code: str, period: str):
    """The self-assessment report as a Word document, for the school's own remarks."""
    library = access.get_school_for_reading(request.user, code)
    school_year = access.school_year_from(period)
    result, sent = selectors.assessment(library, school_year)
    content = documents.assessment_docx(library, school_year, result, sent)
    return docx_download(content, f"tu-danh-gia-{library.code}-{school_year.code}.docx")
