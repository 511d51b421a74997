"""Staff pages of digitisation projects, under /staff/digital/projects/. Thin: access getter →
one service → render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from libnet.catalog import access as catalog_access
from libnet.core.errors import LibnetError
from libnet.digital import access, project_selectors, projects
from libnet.digital.models import Access, DigitisationProject, ItemState, ProjectState
from libnet.digital.project_errors import ProjectRefused
from libnet.network import access as network_access
from libnet.network.models import Library


def _date(value: str | None, *, missing: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise ProjectRefused(missing) from None


def _number(value: str | None) -> int:
    try:
        return int((value or "0").strip() or 0)
    except ValueError:
        raise ProjectRefused("target_pages_invalid") from None


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """The digitisation projects of the user's libraries; a new one planned by a cataloguer."""
    network_access.require_role(request.user, "view")
    digitising = network_access.visible_library_ids(request.user, access.PERMISSION)
    error = ""
    if request.method == "POST":
        try:
            library = network_access.get_library_for_staff(
                request.user, request.POST.get("library", ""), access.PERMISSION
            )
            made = projects.create_project(
                library=library,
                name=request.POST.get("name", ""),
                plan=request.POST.get("plan", ""),
                starts_on=_date(request.POST.get("starts_on"), missing="dates_reversed"),
                ends_on=_date(request.POST.get("ends_on"), missing="dates_reversed"),
                target_pages=_number(request.POST.get("target_pages")),
                by=request.user,
            )
        except LibnetError as refusal:
            if refusal.status == 404:
                raise
            error = refusal.message
        else:
            messages.success(request, _("Digitisation project planned."))
            return redirect("digital_projects:detail", made.pk)
    return render(
        request,
        "digital/projects.html",
        {
            "projects": project_selectors.projects_for_staff(request.user),
            "libraries": Library.objects.filter(pk__in=digitising).order_by("sort_key", "code"),
            "values": request.POST if request.method == "POST" else None,
            "error": error,
        },
        status=400 if error else 200,
    )


def _act(request: HttpRequest, project: DigitisationProject) -> None:
    action = request.POST.get("action", "")
    if action == "add":
        barcode = (request.POST.get("barcode") or "").strip()
        record_number = (request.POST.get("record") or "").strip()
        copy = (
            catalog_access.get_item_by_barcode_for_staff(request.user, barcode) if barcode else None
        )
        record = (
            catalog_access.get_record_for_staff(request.user, int(record_number))
            if record_number.isdigit()
            else None
        )
        projects.add_item(
            project=project,
            record=record,
            copy=copy,
            description=request.POST.get("description", ""),
            by=request.user,
        )
        messages.success(request, _("Document added to the project."))
    elif action == "state":
        projects.change_project_state(
            project=project, to=request.POST.get("to", ""), by=request.user
        )
    else:
        item = project_selectors.get_item(project, _number(request.POST.get("item")))
        if action == "check":
            projects.check_condition(
                item=item,
                condition=request.POST.get("condition", ""),
                fit_to_scan=request.POST.get("fit") == "yes",
                by=request.user,
            )
        elif action == "step":
            object_id = (request.POST.get("object") or "").strip()
            projects.advance_item(
                item=item,
                to=request.POST.get("to", ""),
                note=request.POST.get("note", ""),
                digital_object=(
                    access.get_object_for_staff(request.user, int(object_id))
                    if object_id.isdigit()
                    else None
                ),
                object_access=request.POST.get("access", ""),
                by=request.user,
            )
        else:
            raise ProjectRefused("step_out_of_order", state=item.get_state_display(), next="—")
        messages.success(request, _("Step recorded."))


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, project_id: int) -> HttpResponse:
    """A project: its plan, its documents with their state and steps, the condition check and
    the next step of each, the objects to link."""
    write = request.method == "POST"
    project = project_selectors.get_project_for_staff(request.user, project_id, write=write)
    error = ""
    if write:
        try:
            _act(request, project)
        except LibnetError as refusal:
            if refusal.status == 404 and request.POST.get("action") != "add":
                raise
            error = refusal.message
        else:
            return redirect("digital_projects:detail", project.pk)
        project.refresh_from_db()
    can_work = (
        project.library_id in network_access.visible_library_ids(request.user, access.PERMISSION)
        and project.state != ProjectState.CLOSED
    )
    items = list(project_selectors.project_items(project))
    for item in items:
        item.next_step = (  # type: ignore[attr-defined]  # the page's next step, for the template
            project_selectors.next_step(item.state) if item.fit_to_scan is not False else None
        )
    following = project_selectors.PROJECT_STATES.index(project.state) + 1
    return render(
        request,
        "digital/project.html",
        {
            "project": project,
            "items": items,
            "progress": project_selectors.progress(project),
            "states": [(state, ItemState(state).label) for state in project_selectors.STEPS],
            "objects": project_selectors.objects_to_link(project) if can_work else [],
            "reader_access": [
                (Access.PUBLIC, Access.PUBLIC.label),
                (Access.ON_SITE, Access.ON_SITE.label),
            ],
            "next_project_state": (
                ProjectState(project_selectors.PROJECT_STATES[following])
                if following < len(project_selectors.PROJECT_STATES)
                else None
            ),
            "can_work": can_work,
            "values": request.POST if write else None,
            "error": error,
        },
        status=400 if error else 200,
    )
