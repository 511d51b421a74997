"""Staff pages for readers, under /staff/readers/. Thin: parse → access → one service → render.

Every reader is looked up through patrons.access: a reader who never used one of the
user's libraries is 404, like one that does not exist.
"""

from __future__ import annotations

import base64
import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.catalog.documents import format_vnd
from libnet.core import audit, clock
from libnet.core.errors import LibnetError, NotFound
from libnet.network import access as network_access
from libnet.network.errors import RoleRequired
from libnet.network.models import SCHOOL_KINDS
from libnet.patrons import access, documents, imports, policies, selectors, services
from libnet.patrons.errors import DuplicateReader
from libnet.patrons.forms import (
    BlockForm,
    ClassForm,
    ConsentForm,
    EraseForm,
    ImportForm,
    IssueCardForm,
    PinForm,
    RolloverForm,
    add_refusal,
)
from libnet.patrons.models import Consent, Patron

PAGE_SIZE = 25
IMPORT_SESSION_KEY = "libnet_pupil_import"


def _desk_libraries(user):
    """The libraries where `user` issues cards; a user with none gets a 403 saying why."""
    network_access.require_role(user, "circulation")
    return access.libraries_for_desk(user)


def _school_desks(user):
    """The school libraries where `user` issues cards; a user with none gets a 403 saying why."""
    _desk_libraries(user)
    schools = access.schools_for_desk(user)
    if not schools.exists():
        raise RoleRequired("school_desk")
    return schools


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# ---------------------------------------------------------------- list and search


def _mark_card_states(readers, today) -> None:
    """Give each reader of a list `card_state`: the card's refusal code, "" when usable."""
    readers = list(readers)
    codes = selectors.card_refusal_codes(readers, on=today)
    for reader in readers:
        reader.card_state = codes.get(reader.pk, "")


@login_required
@require_GET
def patron_list(request):
    libraries = _desk_libraries(request.user)
    query = request.GET.get("q", "").strip()
    readers = access.patrons_for_staff(request.user).select_related(
        "category", "home_library", "school"
    )
    library = None
    if request.GET.get("library"):
        try:
            library = access.get_library_for_desk(request.user, int(request.GET["library"]))
        except ValueError:
            raise NotFound("library_not_found") from None
        readers = readers.filter(library_links__library=library)
    if query:
        readers = selectors.search_patrons(readers, query)
        exact = readers.filter(card_number=policies.normalize_card_number(query)).first()
        if exact is not None:
            return redirect("patrons:detail", exact.pk)  # a scanned card goes straight to it
    page = Paginator(readers.order_by("name_sort_key", "card_number"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = clock.local_date()
    _mark_card_states(page.object_list, today)
    return render(
        request,
        "patrons/list.html",
        {
            "query": query,
            "page": page,
            "libraries": libraries,
            "library": library,
            "today": today,
            # A reader whose card another library issued shows no personal column here.
            "issuer_ids": access.staff_library_ids(request.user),
        },
    )


# ---------------------------------------------------------------- issuing a card


@login_required
@require_http_methods(["GET", "POST"])
def issue(request):
    _desk_libraries(request.user)
    fields_url = reverse("patrons:issue_fields")
    candidates = []
    if request.method == "POST":
        form = IssueCardForm(request.POST, user=request.user, fields_url=fields_url)
        if form.is_valid():
            data = form.cleaned_data
            try:
                patron = services.issue_card(
                    library=data["library"],
                    full_name=data["full_name"],
                    category=data["category"],
                    by=request.user,
                    birth_date=data["birth_date"],
                    gender=data["gender"],
                    phone=data["phone"],
                    email=data["email"],
                    address=data["address"],
                    school=data.get("school"),
                    school_class=data.get("school_class", ""),
                    card_number=data["card_number"],
                    consents=form.consents(),
                    confirm_duplicate=data["confirm_duplicate"],
                )
            except DuplicateReader as refusal:
                candidates = refusal.candidates
                form.add_error(None, refusal.message)
            except LibnetError as refusal:
                add_refusal(form, refusal)
            else:
                fee = policies.card_fee_due_vnd(
                    card_fee_vnd=patron.category.card_fee_vnd,
                    is_fee_exempt=patron.category.is_fee_exempt,
                )
                messages.success(
                    request,
                    (
                        _("Card %(number)s issued. Card fee: %(fee)s đ.")
                        if fee
                        else _("Card %(number)s issued. No card fee for this category.")
                    )
                    % {"number": patron.card_number, "fee": format_vnd(fee)},
                )
                return redirect("patrons:detail", patron.pk)
    else:
        form = IssueCardForm(user=request.user, fields_url=fields_url)
    return render(request, "patrons/issue.html", {"form": form, "candidates": candidates})


@login_required
@require_GET
def issue_fields(request):
    """The school and consent fields for the chosen category and date of birth (htmx)."""
    _desk_libraries(request.user)
    form = IssueCardForm(user=request.user, initial=request.GET.dict())
    return render(request, "patrons/_issue_extra.html", {"form": form})


# ---------------------------------------------------------------- one reader


def _detail_context(request, patron: Patron) -> dict:
    today = clock.local_date()
    refusal = selectors.card_refusal(patron=patron, on=today)
    full = patron.staff_relation == policies.ISSUER
    open_loans = (
        patron.loans.filter(closed_at__isnull=True)
        .select_related("item__bib", "library")
        .order_by("due_on")
    )
    if not full:
        # A library the reader only used sees the reader's loans there, nothing else.
        open_loans = open_loans.filter(library_id__in=access.staff_library_ids(request.user))
    context = {
        "patron": patron,
        "full": full,
        "today": today,
        "card_refusal": refusal.code if refusal else "",
        "open_loans": list(open_loans),
    }
    if not full:
        return context
    return {
        **context,
        "fee_due": policies.card_fee_due_vnd(
            card_fee_vnd=patron.category.card_fee_vnd, is_fee_exempt=patron.category.is_fee_exempt
        ),
        "age": policies.age_on(patron.birth_date, today) if patron.birth_date else None,
        "libraries_used": selectors.libraries_used(patron),
        "consents": selectors.consents_of(patron),
        "missing_consents": selectors.missing_consents(patron=patron, on=today),
        "open_holds": patron.holds.filter(closed_at__isnull=True).count(),
        "history": audit.entries_for(patron)[:20],
        "block_form": BlockForm(),
        "pin_form": PinForm(),
        "consent_form": ConsentForm(),
        "class_form": ClassForm(
            initial={"school": patron.school_id, "school_class": patron.school_class}
        ),
        "show_class": patron.category.needs_school or bool(patron.school_id),
    }


@login_required
@require_GET
def detail(request, patron_id: int):
    """The reader's page: all of it for the issuing library, the card and the loans there for
    a library the reader only used (patrons/README.md, who may do what)."""
    patron = access.get_patron_for_staff(request.user, patron_id)
    return render(request, "patrons/detail.html", _detail_context(request, patron))


def _act(request, patron_id: int, action, success: str):
    """Run one service on the reader, then go back to the reader's page with its outcome.

    Only the library that issued the card changes it: access.get_patron_for_change.
    """
    patron = access.get_patron_for_change(request.user, patron_id)
    try:
        action(patron)
    except LibnetError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, success)
    return redirect("patrons:detail", patron.pk)


@login_required
@require_POST
def renew(request, patron_id: int):
    return _act(
        request,
        patron_id,
        lambda patron: services.renew_card(patron=patron, by=request.user),
        _("The card was renewed."),
    )


@login_required
@require_POST
def block(request, patron_id: int):
    form = BlockForm(request.POST)
    reason = form.data.get("reason", "")
    return _act(
        request,
        patron_id,
        lambda patron: services.block_patron(patron=patron, reason=reason, by=request.user),
        _("The card is blocked."),
    )


@login_required
@require_POST
def unblock(request, patron_id: int):
    return _act(
        request,
        patron_id,
        lambda patron: services.unblock_patron(patron=patron, by=request.user),
        _("The card is unblocked."),
    )


@login_required
@require_POST
def set_pin(request, patron_id: int):
    pin = request.POST.get("pin", "")
    return _act(
        request,
        patron_id,
        lambda patron: services.set_pin(patron=patron, pin=pin, by=request.user),
        _("The PIN is set. Give it to the reader in person."),
    )


@login_required
@require_POST
def record_consent(request, patron_id: int):
    form = ConsentForm(request.POST)
    given_by = form.data.get("given_by", "")
    giver_name = form.data.get("giver_name", "")
    return _act(
        request,
        patron_id,
        lambda patron: services.record_consent(
            patron=patron, given_by=given_by, giver_name=giver_name, by=request.user
        ),
        _("The consent is recorded."),
    )


@login_required
@require_POST
def withdraw_consent(request, patron_id: int, consent_id: int):
    patron = access.get_patron_for_change(request.user, patron_id)
    consent = Consent.objects.filter(pk=consent_id, patron=patron).first()
    if consent is None:
        raise NotFound("not_found")
    return _act(
        request,
        patron.pk,
        lambda _patron: services.withdraw_consent(consent=consent, by=request.user),
        _("The consent is withdrawn; the record is kept."),
    )


@login_required
@require_POST
def change_class(request, patron_id: int):
    form = ClassForm(request.POST)
    form.is_valid()
    school = form.cleaned_data.get("school")
    school_class = form.data.get("school_class", "")
    return _act(
        request,
        patron_id,
        lambda patron: services.change_class(
            patron=patron, school_class=school_class, school=school, by=request.user
        ),
        _("The class is changed."),
    )


@login_required
@require_GET
def card_pdf(request, patron_id: int):
    patron = access.get_patron_for_change(request.user, patron_id)
    return _pdf_response(documents.card_pdf(patron), f"the-{patron.card_number}.pdf")


@login_required
@require_GET
def export(request, patron_id: int):
    """Everything held about the reader, as a JSON file to hand over on request."""
    patron = access.get_patron_for_change(request.user, patron_id, policies.EXPORT)
    data = services.export_patron_data(patron=patron, by=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="reader-{patron.card_number}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request, patron_id: int):
    patron = access.get_patron_for_change(request.user, patron_id, policies.ERASE)
    card_number = patron.card_number
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.erase_patron(
                patron=patron, by=request.user, reason=form.cleaned_data["reason"]
            )
        except LibnetError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("The reader's personal data were erased; the card %(number)s no longer exists.")
                % {"number": card_number},
            )
            return redirect("patrons:list")
    return render(
        request,
        "patrons/erase.html",
        {
            "patron": patron,
            "form": form,
            "open_loans": patron.loans.filter(closed_at__isnull=True).count(),
            "open_holds": patron.holds.filter(closed_at__isnull=True).count(),
        },
    )


# ---------------------------------------------------------------- pupil import


def _import_form_page(request, form, report=None, status=200):
    return render(request, "patrons/import.html", {"form": form, "report": report}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_pupils(request):
    """Upload a class list → preview (a dry run with per-row errors) → confirm."""
    _school_desks(request.user)
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
def import_confirm(request):
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
def classes(request):
    schools = [
        {"school": school, "classes": selectors.school_classes(school=school)}
        for school in _school_desks(request.user)
    ]
    return render(request, "patrons/classes.html", {"schools": schools})


def _school_for_desk(request, library_id: int):
    school = access.get_library_for_desk(request.user, library_id)
    if school.kind not in SCHOOL_KINDS:
        raise NotFound("library_not_found")
    return school


@login_required
@require_GET
def class_detail(request, library_id: int):
    school = _school_for_desk(request, library_id)
    school_class = request.GET.get("class", "")
    pupils = list(selectors.class_pupils(school=school, school_class=school_class))
    today = clock.local_date()
    _mark_card_states(pupils, today)
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
def class_cards(request, library_id: int):
    """The cards of a whole class on A4 sheets of ten, in name order."""
    school = _school_for_desk(request, library_id)
    school_class = request.GET.get("class", "")
    pupils = list(selectors.class_pupils(school=school, school_class=school_class))
    title = _("Reader cards, class %(class)s") % {"class": school_class}
    stem = slugify(f"{school.code}-{school_class}") or "class"
    return _pdf_response(documents.cards_sheet_pdf(pupils, title=title), f"cards-{stem}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def rollover(request, library_id: int):
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
