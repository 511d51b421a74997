"""Staff pages of surveys and inspections, under /staff/training/inspections/: the visits a
user made and those of their libraries, recording one, its page (findings per item,
conclusion, recommendations and their closing), and the minutes (biên bản) as PDF. The
inspected library reads its inspections; any other library gets 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.core import pages
from libnet.core.errors import LibnetError
from libnet.core.inputs import row_id
from libnet.network.models import Library, ManagingBody
from libnet.training import access, documents, selectors, services
from libnet.training.errors import InspectionNotFound
from libnet.training.forms import InspectionForm, RecommendationForm, organiser_choices
from libnet.training.models import Inspection, Rating


@login_required
@require_GET
def inspection_list(request: HttpRequest) -> HttpResponse:
    """The visits the user made, and those of the libraries they work for."""
    access.require_training_role(request.user)
    inspections = (
        access.inspections_for_staff(request.user)
        .select_related("library", "by_library", "body")
        .order_by("-visited_on", "-pk")
    )
    can_inspect = bool(access.inspectable_library_ids(request.user)[0])
    return render(
        request,
        "training/inspections.html",
        {"inspections": inspections, "can_inspect": can_inspect},
    )


@login_required
@require_http_methods(["GET", "POST"])
def inspection_new(request: HttpRequest) -> HttpResponse:
    inspectable, library_ids, body_ids = access.inspectable_library_ids(request.user)
    if not inspectable:
        raise InspectionNotFound("library_not_found")
    libraries = Library.objects.filter(pk__in=inspectable, is_active=True).order_by(
        "sort_key", "code"
    )
    organisers = organiser_choices(
        list(Library.objects.filter(pk__in=library_ids).order_by("sort_key", "code")),
        list(ManagingBody.objects.filter(pk__in=body_ids).order_by("sort_key", "code")),
    )
    form = InspectionForm(
        request.POST or None,
        libraries=[(library.code, library.name) for library in libraries],
        organisers=organisers,
    )

    def create(data: dict[str, Any]) -> HttpResponse:
        library = access.get_inspectable_library(request.user, data["library"])
        kind, _colon, code = data["organiser"].partition(":")
        by_library, body = access.get_organiser(
            request.user,
            library_code=code if kind == "library" else "",
            body_code=code if kind == "body" else "",
        )
        inspection = services.record_inspection(
            library=library,
            kind=data["kind"],
            visited_on=data["visited_on"],
            by_library=by_library,
            body=body,
            inspectors=data["inspectors"],
            checklist=data["checklist"],
            by=request.user,
        )
        messages.success(request, _("The visit is recorded. Rate the items of the checklist."))
        return redirect("training:inspection", inspection.pk)

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    return render(
        request,
        "training/inspection_new.html",
        {"form": form},
        status=pages.form_status(request),
    )


def _detail(
    request: HttpRequest, inspection: Inspection, *, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "inspection": inspection,
        "lines": selectors.inspection_sheet(inspection),
        "ratings": Rating.choices,
        "recommendations": list(inspection.recommendations.all()),
        "can_change": access.can_change_inspection(request.user, inspection),
        "recommendation_form": extra.pop("recommendation_form", None) or RecommendationForm(),
        **extra,
    }
    return render(request, "training/inspection.html", context, status=status)


@login_required
@require_GET
def inspection_detail(request: HttpRequest, inspection_id: int) -> HttpResponse:
    return _detail(request, access.get_inspection_for_staff(request.user, inspection_id))


@login_required
@require_POST
def findings(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The ratings and notes of the checklist's items (`rating-<id>`, `note-<id>`) and the
    conclusion."""
    inspection = access.get_inspection_for_organiser(request.user, inspection_id)
    chosen = {
        item_id: (str(value), str(request.POST.get(f"note-{key.removeprefix('rating-')}", "")))
        for key, value in request.POST.items()
        if key.startswith("rating-")
        and (item_id := row_id(key.removeprefix("rating-"))) is not None
    }
    try:
        services.record_findings(
            inspection=inspection,
            findings=chosen,
            summary=request.POST.get("summary"),
            by=request.user,
        )
    except LibnetError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The findings are recorded."))
    return redirect("training:inspection", inspection.pk)


@login_required
@require_POST
def recommendation_add(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = access.get_inspection_for_organiser(request.user, inspection_id)
    form = RecommendationForm(request.POST)

    def add(data: dict[str, Any]) -> HttpResponse:
        services.add_recommendation(
            inspection=inspection,
            text=data["text"],
            follow_up_on=data["follow_up_on"],
            by=request.user,
        )
        messages.success(request, _("The recommendation is added."))
        return redirect("training:inspection", inspection.pk)

    done = pages.submit(request, form, add)
    if done is not None:
        return done
    return _detail(request, inspection, recommendation_form=form, status=400)


@login_required
@require_POST
def recommendation_close(
    request: HttpRequest, inspection_id: int, recommendation_id: int
) -> HttpResponse:
    inspection = access.get_inspection_for_organiser(request.user, inspection_id)
    recommendation = access.get_recommendation(inspection, recommendation_id)
    try:
        services.close_recommendation(
            recommendation=recommendation,
            closing_note=request.POST.get("closing_note", ""),
            by=request.user,
        )
    except LibnetError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The recommendation is closed."))
    return redirect("training:inspection", inspection.pk)


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The minutes (biên bản) of the visit, as a PDF."""
    inspection = access.get_inspection_for_staff(request.user, inspection_id)
    return pages.inline_pdf(documents.minutes_pdf(inspection), f"bien-ban-{inspection.pk}.pdf")
