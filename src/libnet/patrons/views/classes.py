"""A school's class lists: importing one from Excel or CSV (a preview first, then confirm),
the classes, a class's pupils and card sheets, and the school-year rollover."""

from __future__ import annotations

import base64
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.core import clock, pages
from libnet.core.errors import LibnetError, NotFound
from libnet.network.models import SCHOOL_KINDS, Library
from libnet.patrons import access, documents, imports, selectors, services
from libnet.patrons.forms import ImportForm, RolloverForm, add_refusal
from libnet.patrons.views.common import mark_card_states, school_desks

IMPORT_SESSION_KEY = "libnet_pupil_import"


# ---------------------------------------------------------------- pupil import


def _import_form_page(
    request: HttpRequest,
    form: ImportForm,
    report: imports.ImportReport | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(request, "patrons/import.html", {"form": form, "report": report}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_pupils(request: HttpRequest) -> HttpResponse:
    """Upload a class list → preview (a dry run with per-row errors) → confirm."""
    school_desks(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        school = form.cleaned_data["school"]
        upload = form.cleaned_data["file"]
        if upload.size > imports.MAX_FILE_BYTES:
            form.add_error(
                "file",
                _("The file is larger than %(limit)s MB; split the class lists.")
                % {"limit": imports.MAX_FILE_BYTES // (1024 * 1024)},
            )
            return _import_form_page(request, form)
        raw = upload.read()
        consents = form.collected_consents()
        try:
            report = imports.import_pupils(
                school=school,
                raw=raw,
                filename=upload.name,
                by=request.user,
                dry_run=True,
                default_class=form.cleaned_data["default_class"],
                consents=consents,
            )
        except LibnetError as refusal:
            add_refusal(form, refusal, default="file")
            return _import_form_page(request, form, status=400)
        request.session[IMPORT_SESSION_KEY] = {
            "school": school.pk,
            "filename": upload.name,
            "default_class": form.cleaned_data["default_class"],
            "raw": base64.b64encode(raw).decode("ascii"),
            "consents_on": consents.given_on.isoformat() if consents else None,
            "consents_by": consents.collected_by if consents else "",
        }
        return _import_form_page(request, form, report)
    return _import_form_page(request, form, status=400 if form.is_bound else 200)


@login_required
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending:
        messages.error(request, _("Nothing to import: upload the class list again."))
        return redirect("patrons:import")
    school = access.get_library_for_desk(request.user, pending["school"])
    consents = (
        imports.CollectedConsents(
            given_on=dt.date.fromisoformat(pending["consents_on"]),
            collected_by=pending.get("consents_by", ""),
        )
        if pending.get("consents_on")
        else None
    )
    report = imports.import_pupils(
        school=school,
        raw=base64.b64decode(pending["raw"]),
        filename=pending["filename"],
        by=request.user,
        default_class=pending["default_class"],
        consents=consents,
    )
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request,
        _("%(created)s pupils added, %(updated)s updated, %(failed)s rows refused.")
        % report.as_dict(),
    )
    return render(
        request,
        "patrons/import.html",
        {"form": ImportForm(user=request.user), "report": report, "done": True},
    )


# ---------------------------------------------------------------- classes and the rollover


@login_required
@require_GET
def classes(request: HttpRequest) -> HttpResponse:
    schools = [
        {"school": school, "classes": selectors.school_classes(school=school)}
        for school in school_desks(request.user)
    ]
    return render(request, "patrons/classes.html", {"schools": schools})


def _school_for_desk(request: HttpRequest, library_id: int) -> Library:
    school = access.get_library_for_desk(request.user, library_id)
    if school.kind not in SCHOOL_KINDS:
        raise NotFound("library_not_found")
    return school


@login_required
@require_GET
def class_detail(request: HttpRequest, library_id: int) -> HttpResponse:
    school = _school_for_desk(request, library_id)
    school_class = request.GET.get("class", "")
    pupils = list(selectors.class_pupils(school=school, school_class=school_class))
    today = clock.local_date()
    mark_card_states(pupils, today)
    return render(
        request,
        "patrons/class.html",
        {
            "school": school,
            "school_class": school_class,
            "pupils": pupils,
            "today": today,
        },
    )


@login_required
@require_GET
def class_cards(request: HttpRequest, library_id: int) -> HttpResponse:
    """The cards of a whole class on A4 sheets of ten, in name order."""
    school = _school_for_desk(request, library_id)
    school_class = request.GET.get("class", "")
    pupils = list(selectors.class_pupils(school=school, school_class=school_class))
    title = _("Reader cards, class %(class)s") % {"class": school_class}
    stem = slugify(f"{school.code}-{school_class}") or "class"
    return pages.inline_pdf(documents.cards_sheet_pdf(pupils, title=title), f"cards-{stem}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def rollover(request: HttpRequest, library_id: int) -> HttpResponse:
    """Preview the move up of every class, then apply it."""
    school = _school_for_desk(request, library_id)
    form = RolloverForm(request.POST if request.method == "POST" else (request.GET or None))
    final_grade = form.cleaned_data.get("final_grade") if form.is_valid() else None
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.rollover_school_year(
                school=school, by=request.user, final_grade=final_grade
            )
        except LibnetError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("%(moved)s pupils moved up a class; %(left)s left the school.")
                % {"moved": plan.moving_count, "left": plan.leaver_count},
            )
            return redirect("patrons:classes")
    plan = selectors.rollover_plan(school=school, today=clock.local_date(), final_grade=final_grade)
    return render(request, "patrons/rollover.html", {"school": school, "plan": plan, "form": form})
