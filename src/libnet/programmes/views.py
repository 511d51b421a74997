"""Staff pages of the cooperation programme, under /staff/programmes/: the programmes one is
a party to, starting one, a programme's page (its schools, activities, targets, reviews) and
a review with its figures, the departments' text, and the paper as PDF and DOCX."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.core import pages
from libnet.core.errors import LibnetError, ValidationFailed
from libnet.network import access as network_access
from libnet.network.models import BodyKind, Library, ManagingBody
from libnet.programmes import access, activities, documents, policies, selectors, services
from libnet.programmes.errors import ProgrammeInvalid, ProgrammeSideDenied
from libnet.programmes.models import Programme, ReviewKind

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _date(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise ValidationFailed(
            "invalid", detail=_("%(field)s: give a date.") % {"field": field}
        ) from None


def _my_parties(request: HttpRequest) -> list[Library | ManagingBody]:
    bodies = list(
        network_access.bodies_by_ids(network_access.body_ids(request.user, access.BODY_EDIT))
    )
    libraries = list(
        Library.objects.filter(
            pk__in=network_access.visible_library_ids(request.user, access.LIBRARY_EDIT),
            is_active=True,
        ).order_by("sort_key", "code")
    )
    return [*bodies, *libraries]


def _other_parties() -> list[Library | ManagingBody]:
    bodies = list(
        ManagingBody.objects.filter(
            kind__in=[
                BodyKind.CULTURE_DEPARTMENT,
                BodyKind.EDUCATION_DEPARTMENT,
                BodyKind.COMMUNE_OFFICE,
            ],
            valid_to__isnull=True,
        )
    )
    libraries = list(Library.objects.filter(is_active=True).order_by("sort_key", "code"))
    return [*bodies, *libraries]


@login_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    """The programmes the user is a party to."""
    access.require_programme_pages(request.user)
    return render(
        request,
        "programmes/list.html",
        {
            "programmes": access.programmes_for(request.user),
            "can_start": access.can_start_programmes(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_new(request: HttpRequest) -> HttpResponse:
    """Record a programme between one of the user's units and the other side."""
    if not access.can_start_programmes(request.user):
        raise ProgrammeSideDenied("party_editor_only")
    error = ""
    status = 200
    if request.method == "POST":
        try:
            if (
                not request.POST.get("party", "").strip()
                or not request.POST.get("other_party", "").strip()
            ):
                raise ProgrammeInvalid("parties_required")
            mine = access.get_party(request.user, request.POST.get("party", ""))
            other = access.get_other_party(request.POST.get("other_party", ""))
            is_culture = isinstance(mine, ManagingBody) and mine.kind == BodyKind.CULTURE_DEPARTMENT
            if isinstance(mine, Library):
                is_culture = policies.can_be_culture_library(kind=mine.kind, sector=mine.sector)
            culture, education = (mine, other) if is_culture else (other, mine)
            programme = services.create_programme(
                title=request.POST.get("title", ""),
                reference=request.POST.get("reference", ""),
                culture=culture,
                education=education,
                starts_on=_date(request.POST.get("starts_on", ""), _("Starts")),
                ends_on=_date(request.POST.get("ends_on", ""), _("Ends")),
                goals=request.POST.get("goals", ""),
                by=request.user,
            )
        except LibnetError as refusal:
            error, status = refusal.message, refusal.status
        else:
            messages.success(request, _("The programme is recorded."))
            return redirect("programmes:detail", programme.pk)
    return render(
        request,
        "programmes/new.html",
        {
            "parties": _my_parties(request),
            "others": _other_parties(),
            "error": error,
            "posted": request.POST,
        },
        status=status,
    )


def _detail(
    request: HttpRequest, programme: Programme, *, error: str = "", status: int = 200
) -> HttpResponse:
    sides = access.editing_sides(request.user, programme)
    fields = policies.editable_fields(sides)
    schools = selectors.schools_of(programme)
    offered_schools: list[Library] = []
    if "schools" in fields:
        offered_schools = list(
            Library.objects.filter(is_active=True, kind__in=list(policies.SCHOOL_KINDS)).order_by(
                "sort_key", "code"
            )
        )
    targets = dict(programme.targets.values_list("measure", "value"))
    measures = [
        (code, label, targets.get(code)) for code, label in activities.measure_labels().items()
    ]
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "sides": sides,
            "fields": fields,
            "schools": schools,
            "school_ids": {school.pk for school in schools},
            "offered_schools": offered_schools,
            "linked": selectors.linked_facts(programme),
            "candidates": selectors.candidates(programme) if "activities" in fields else {},
            "kinds": activities.KINDS,
            "measures": measures,
            "reviews": selectors.reviews_of(programme),
            "periods": selectors.suggested_periods(programme),
            "error": error,
        },
        status=status,
    )


@login_required
@require_GET
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access.get_programme_for_staff(request.user, programme_id)
    return _detail(request, programme)


def _act(
    request: HttpRequest, programme: Programme, fields: set[str], act: Any, done: str
) -> HttpResponse:
    """Check the user's side may change `fields`, run `act`, and come back to the page."""
    access.require_fields(request.user, programme, fields)
    try:
        act()
    except LibnetError as refusal:
        return _detail(request, programme, error=refusal.message, status=refusal.status)
    messages.success(request, done)
    return redirect("programmes:detail", programme.pk)


@login_required
@require_POST
def programme_schools(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The education side chooses the programme's schools."""
    programme = access.get_programme_for_staff(request.user, programme_id)
    codes = request.POST.getlist("school")

    def act() -> None:
        services.choose_schools(
            programme=programme,
            schools=[access.get_school(code) for code in codes],
            by=request.user,
        )

    return _act(request, programme, {"schools"}, act, _("The schools are saved."))


@login_required
@require_POST
def programme_link(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Count a batch or an event in the programme, or stop counting it (`unlink`)."""
    programme = access.get_programme_for_staff(request.user, programme_id)
    kind = request.POST.get("kind", "")
    try:
        object_id = int(request.POST.get("object_id", ""))
    except ValueError:
        object_id = 0

    def act() -> None:
        if request.POST.get("unlink"):
            services.unlink_activity(
                programme=programme, kind=kind, object_id=object_id, by=request.user
            )
        else:
            services.link_activity(
                programme=programme, kind=kind, object_id=object_id, by=request.user
            )

    return _act(request, programme, {"activities"}, act, _("The activities are saved."))


@login_required
@require_POST
def programme_targets(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access.get_programme_for_staff(request.user, programme_id)
    targets: dict[str, int | None] = {}
    for code in activities.measure_labels():
        value = request.POST.get(f"target_{code}", "").strip().replace(".", "")
        # "²" passes isdigit() alone, and int() refuses it; -1 is refused as out of range.
        is_number = value.isascii() and value.isdigit()
        targets[code] = None if not value else int(value) if is_number else -1

    return _act(
        request,
        programme,
        {"targets"},
        lambda: services.set_targets(programme=programme, targets=targets, by=request.user),
        _("The targets are saved."),
    )


def _review_args(kind: str, period: str) -> list[Any]:
    return [kind, period or "all"]


def _sheet(
    request: HttpRequest, programme_id: int, kind: str, period: str
) -> selectors.ReviewSheet:
    programme = access.get_programme_for_staff(request.user, programme_id)
    period = "" if period == "all" else period
    code = services.review_period_code(programme, kind, period)
    return selectors.review_sheet(programme, kind, code)


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, programme_id: int, kind: str, period: str) -> HttpResponse:
    """A review: its figures worked out from what was recorded, each side's text (each
    writes its own), the paper as PDF and DOCX."""
    sheet = _sheet(request, programme_id, kind, period)
    programme = sheet.programme
    sides = access.editing_sides(request.user, programme)
    fields = policies.editable_fields(sides)
    if request.method == "POST":
        parts: dict[str, Any] = {
            name: request.POST[name]
            for name in ("culture_text", "education_text", "next_steps")
            if name in request.POST
        }
        access.require_fields(request.user, programme, set(parts))
        services.save_review(
            programme=programme,
            kind=kind,
            period=sheet.period.code if sheet.period else "",
            by=request.user,
            **parts,
        )
        messages.success(request, _("The review is saved."))
        return redirect(
            "programmes:review",
            programme.pk,
            *_review_args(kind, sheet.period.code if sheet.period else ""),
        )
    return render(
        request,
        "programmes/review.html",
        {
            "programme": programme,
            "sheet": sheet,
            "fields": fields,
            "args": _review_args(kind, sheet.period.code if sheet.period else ""),
        },
    )


@login_required
@require_GET
def review_pdf(request: HttpRequest, programme_id: int, kind: str, period: str) -> HttpResponse:
    sheet = _sheet(request, programme_id, kind, period)
    return pages.inline_pdf(documents.review_pdf(sheet), documents.file_name(sheet, "pdf"))


@login_required
@require_GET
def review_docx(request: HttpRequest, programme_id: int, kind: str, period: str) -> HttpResponse:
    sheet = _sheet(request, programme_id, kind, period)
    response = HttpResponse(documents.review_docx(sheet), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{documents.file_name(sheet, "docx")}"'
    return response


@login_required
@require_POST
def review_open(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Open a review from the programme's page: a mid-term review of a period, or the final."""
    programme = access.get_programme_for_staff(request.user, programme_id)
    kind = request.POST.get("kind", ReviewKind.MID_TERM)
    try:
        code = services.review_period_code(programme, kind, request.POST.get("period", ""))
    except LibnetError as refusal:
        return _detail(request, programme, error=refusal.message, status=refusal.status)
    return redirect("programmes:review", programme.pk, *_review_args(kind, code))
