"""Staff pages of the school library's own papers: its plan for the school year (sent to its
managing body by 15/10), the register of pupil helpers and the classroom bookcases. Thin:
parse → access → one service → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from libnet.core import clock
from libnet.core.errors import LibnetError
from libnet.core.inputs import typed_date
from libnet.network.models import Library
from libnet.planning.periods import Period, label
from libnet.schools import access, selectors, services
from libnet.schools.errors import SchoolNotFound
from libnet.schools.models import ClassroomBookcase, PupilHelper

# --- the library plan ------------------------------------------------------------------------


def _plan_page(
    request: HttpRequest, library: Library, period: Period, *, error: str = "", status: int = 200
) -> HttpResponse:
    plan = selectors.library_plan(library, period.year)
    editable = plan is None or plan.state in ("", "returned")
    return render(
        request,
        "schools/plan.html",
        {
            "library": library,
            "period": period,
            "period_text": label(period, dates=True),
            "plan": plan,
            "values": request.POST if request.method == "POST" else None,
            "editable": editable,
            "can_prepare": access.can_prepare(request.user, library),
            "can_decide": access.can_decide_plan(request.user, plan),
            "error": error,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """The school library's plan for the school year: written and sent by the school, read
    and decided by its managing body."""
    if request.method == "GET":
        library = access.get_school_for_reading(request.user, code)
        return _plan_page(request, library, access.school_year_from(period))
    library = access.get_school_for_preparing(request.user, code)
    school_year = access.school_year_from(period)
    try:
        services.save_plan(
            library=library,
            school_year=school_year.year,
            goals=request.POST.get("goals", ""),
            activities=request.POST.get("activities", ""),
            book_introductions_per_month=request.POST.get("book_introductions_per_month", ""),
            needs=request.POST.get("needs", ""),
            by=request.user,
        )
    except LibnetError as refusal:
        return _plan_page(request, library, school_year, error=refusal.message, status=400)
    messages.success(request, _("Library plan saved."))
    return redirect("schools:plan", library.code, school_year.code)


@login_required
@require_POST
def plan_submit(request: HttpRequest, code: str, period: str) -> HttpResponse:
    library = access.get_school_for_preparing(request.user, code)
    school_year = access.school_year_from(period)
    try:
        sent = services.submit_plan(library=library, school_year=school_year.year, by=request.user)
    except LibnetError as refusal:
        return _plan_page(request, library, school_year, error=refusal.message, status=409)
    messages.success(request, _("Library plan sent to %(body)s.") % {"body": sent.body})
    return redirect("schools:plan", library.code, school_year.code)


@login_required
@require_POST
def plan_decide(request: HttpRequest, code: str, period: str) -> HttpResponse:
    school_year = access.school_year_from(period)
    found = access.get_plan_for_decision(request.user, code, school_year.year)
    accept = request.POST.get("decision") == "accept"
    try:
        services.decide_plan(
            plan=found, accept=accept, reason=request.POST.get("reason", ""), by=request.user
        )
    except LibnetError as refusal:
        return _plan_page(request, found.library, school_year, error=refusal.message, status=409)
    messages.success(
        request,
        _("Library plan accepted.") if accept else _("Library plan returned to the school."),
    )
    return redirect("schools:plan", found.library.code, school_year.code)


# --- pupil helpers ---------------------------------------------------------------------------


def _helpers_page(
    request: HttpRequest, library: Library, period: Period, *, error: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "schools/helpers.html",
        {
            "library": library,
            "period": period,
            "period_text": label(period, dates=True),
            "helpers": selectors.pupil_helpers(library, period.year),
            "values": request.POST if request.method == "POST" else None,
            "today": clock.today(),
            "error": error,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def helpers(request: HttpRequest, code: str, period: str) -> HttpResponse:
    """The register of pupils who help in the library (cộng tác viên), for the school's staff."""
    library = access.get_school_for_registers(request.user, code, write=request.method == "POST")
    school_year = access.school_year_from(period)
    if request.method == "GET":
        return _helpers_page(request, library, school_year)
    try:
        services.add_helper(
            library=library,
            school_year=school_year.year,
            full_name=request.POST.get("full_name", ""),
            class_name=request.POST.get("class_name", ""),
            duties=request.POST.get("duties", ""),
            joined_on=typed_date(request.POST.get("joined_on"), field=_("Joined on")),
            by=request.user,
        )
    except LibnetError as refusal:
        return _helpers_page(request, library, school_year, error=refusal.message, status=400)
    messages.success(request, _("Pupil entered in the register of helpers."))
    return redirect("schools:helpers", library.code, school_year.code)


@login_required
@require_POST
def helper_end(request: HttpRequest, code: str, period: str, helper_id: int) -> HttpResponse:
    library = access.get_school_for_registers(request.user, code, write=True)
    school_year = access.school_year_from(period)
    helper = PupilHelper.objects.filter(pk=helper_id, library=library).first()
    if helper is None:
        raise SchoolNotFound("helper_not_found")
    try:
        services.end_helper(
            helper=helper,
            left_on=typed_date(request.POST.get("left_on"), field=_("Left on")),
            by=request.user,
        )
    except LibnetError as refusal:
        return _helpers_page(request, library, school_year, error=refusal.message, status=400)
    messages.success(request, _("The day the pupil stopped helping is recorded."))
    return redirect("schools:helpers", library.code, school_year.code)


# --- classroom bookcases ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def bookcases(request: HttpRequest, code: str) -> HttpResponse:
    """The school's classroom bookcases; a new one opened for a class."""
    library = access.get_school_for_registers(request.user, code, write=request.method == "POST")
    error = ""
    if request.method == "POST":
        try:
            bookcase = services.open_bookcase(
                library=library,
                class_name=request.POST.get("class_name", ""),
                teacher=request.POST.get("teacher", ""),
                opened_on=typed_date(request.POST.get("opened_on"), field=_("Opened on")),
                by=request.user,
            )
        except LibnetError as refusal:
            error = refusal.message
        else:
            messages.success(request, _("Classroom bookcase opened."))
            return redirect("schools:bookcase", library.code, bookcase.pk)
    return render(
        request,
        "schools/bookcases.html",
        {
            "library": library,
            "bookcases": selectors.bookcases(library),
            "values": request.POST if request.method == "POST" else None,
            "error": error,
        },
        status=400 if error else 200,
    )


def _bookcase(
    request: HttpRequest, code: str, bookcase_id: int, *, write: bool
) -> ClassroomBookcase:
    library = access.get_school_for_registers(request.user, code, write=write)
    found = ClassroomBookcase.objects.filter(pk=bookcase_id, library=library).first()
    if found is None:
        raise SchoolNotFound("bookcase_not_found")
    return found


@login_required
@require_http_methods(["GET", "POST"])
def bookcase(request: HttpRequest, code: str, bookcase_id: int) -> HttpResponse:
    """A class's bookcase: the copies in it; copies lent to it or taken back by barcode (one a
    line, as a scanner types them), or the bookcase closed."""
    found = _bookcase(request, code, bookcase_id, write=request.method == "POST")
    outcome = None
    error = ""
    action = request.POST.get("action", "")
    if request.method == "POST":
        barcodes = request.POST.get("barcodes", "").splitlines()
        try:
            if action == "lend":
                outcome = services.lend_to_bookcase(
                    bookcase=found, barcodes=barcodes, by=request.user
                )
            elif action == "return":
                outcome = services.return_from_bookcase(
                    bookcase=found, barcodes=barcodes, by=request.user
                )
            elif action == "close":
                services.close_bookcase(bookcase=found, by=request.user)
                messages.success(request, _("Classroom bookcase closed."))
                return redirect("schools:bookcases", found.library.code)
        except LibnetError as refusal:
            error = refusal.message
        found.refresh_from_db()
    refused = bool(error) or bool(outcome and outcome.refused)
    return render(
        request,
        "schools/bookcase.html",
        {
            "library": found.library,
            "bookcase": found,
            "copies": selectors.bookcase_copies(found),
            "outcome": outcome,
            "action": action,
            "error": error,
        },
        status=400 if refused else 200,
    )
