"""Staff pages of weeding, under /staff/weeding/: the rounds with each library's cycle, opening
a round, the round's page (its steps, council, list, proposals from the data, decision,
publication and closing), the forms Mẫu 01–07b, and the content flags."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.core import clock, inputs, pages
from libnet.core.errors import LibnetError
from libnet.network.models import Library
from libnet.weeding import access, documents, policies, selectors, services
from libnet.weeding.forms import (
    AddByBarcodeForm,
    CopyForm,
    CouncilForm,
    DecisionForm,
    FlagForm,
    RoundForm,
    StepForm,
)
from libnet.weeding.models import ContentFlag, Disposal, RoundState, WeedingRound

MAX_PROPOSALS_SHOWN = 300


def _my_libraries(request: HttpRequest) -> Any:
    ids = access.require_weeding_role(request.user)
    return Library.objects.filter(pk__in=ids, is_active=True, runs_libnet=True).order_by(
        "sort_key", "code"
    )


@login_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    """The rounds of my libraries, and for each library its cycle: when the next is due."""
    libraries = list(_my_libraries(request)[:50])
    today = clock.today()
    by_library = selectors.library_cycles(libraries)
    cycles = [
        (library, by_library[library.pk], by_library[library.pk].is_early(today))
        for library in libraries
    ]
    rounds = access.rounds_for_staff(request.user).select_related("library")[:200]
    return render(request, "weeding/list.html", {"rounds": rounds, "cycles": cycles})


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request: HttpRequest) -> HttpResponse:
    libraries = _my_libraries(request)
    form = RoundForm(request.POST or None, libraries=libraries)

    def create(data: dict[str, Any]) -> HttpResponse:
        weeding_round = services.open_round(
            library=data["library"],
            plan=data["plan"],
            early_reason=data["early_reason"],
            on=data["requested_on"],
            by=request.user,
        )
        messages.success(
            request,
            _(
                "Weeding round %(number)s opened: %(stock)s copies held, at most %(cap)s may be weeded."
            )
            % {
                "number": weeding_round.pk,
                "stock": weeding_round.stock_at_opening,
                "cap": policies.cap(weeding_round.stock_at_opening),
            },
        )
        return redirect("weeding:round", weeding_round.pk)

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    return render(request, "weeding/new.html", {"form": form}, status=pages.form_status(request))


def _round_context(weeding_round: WeedingRound, **forms: Any) -> dict[str, Any]:
    state = weeding_round.state
    listed = list(selectors.round_copies(weeding_round))
    editable = state in policies.LIST_EDITABLE
    proposals: list[selectors.Proposal] = []
    if editable:
        proposals = selectors.proposals(weeding_round.library, today=clock.today())
    next_state = policies.NEXT_STATE.get(state)
    cycle = selectors.library_cycle(weeding_round.library, stock=weeding_round.stock_at_opening)
    opened_on = clock.local_date(weeding_round.opened_at)
    return {
        "round": weeding_round,
        "steps": list(weeding_round.steps.select_related("done_by")),
        "council": list(weeding_round.council.all()),
        "copies": listed,
        "editable": editable,
        "disposals": Disposal.choices,
        "council_editable": state in policies.COUNCIL_EDITABLE,
        "proposals": proposals[:MAX_PROPOSALS_SHOWN],
        "proposal_count": len(proposals),
        "cap": policies.cap(weeding_round.stock_at_opening),
        "next_state": next_state,
        "next_label": RoundState(next_state).label if next_state else "",
        "is_published": policies.is_published(
            published_on=weeding_round.published_on, on=clock.today()
        ),
        "publication_ends": policies.publication_ends(weeding_round.published_on)
        if weeding_round.published_on
        else None,
        "cycle": cycle,
        "early": cycle.is_early(opened_on),
        "documents": documents.FORMS,
        "step_form": forms.get("step_form") or StepForm(),
        "decision_form": forms.get("decision_form")
        or DecisionForm(initial={"decided_on": clock.today()}),
        "council_form": forms.get("council_form")
        or CouncilForm(
            initial={
                "members": "\n".join(
                    "; ".join(part for part in (m.name, m.role, m.organisation) if part)
                    for m in weeding_round.council.all()
                )
            }
        ),
        "barcode_form": forms.get("barcode_form") or AddByBarcodeForm(),
    }


def _round_page(
    request: HttpRequest,
    weeding_round: WeedingRound,
    *,
    error: LibnetError | None = None,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    context = _round_context(weeding_round, **forms)
    context["error"] = error.message if error else ""
    return render(request, "weeding/round.html", context, status=error.status if error else status)


@login_required
@require_GET
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    return _round_page(request, access.get_round_for_staff(request.user, round_id))


def _done(request: HttpRequest, weeding_round: WeedingRound, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("weeding:round", weeding_round.pk)


@login_required
@require_POST
def round_step(request: HttpRequest, round_id: int) -> HttpResponse:
    """The next step: approved, listed, council, minutes; or publish, or close."""
    weeding_round = access.get_round_for_staff(request.user, round_id)
    form = StepForm(request.POST)
    to = request.POST.get("to", "")
    if not form.is_valid():
        return _round_page(request, weeding_round, status=400, step_form=form)
    data = form.cleaned_data
    try:
        if to == RoundState.PUBLISHED:
            services.publish_round(weeding_round=weeding_round, on=data["done_on"], by=request.user)
        elif to == RoundState.CLOSED:
            services.close_round(weeding_round=weeding_round, on=data["done_on"], by=request.user)
        else:
            services.advance_round(
                weeding_round=weeding_round,
                to=to,
                on=data["done_on"],
                reference=data["reference"],
                note=data["note"],
                by=request.user,
            )
    except LibnetError as error:
        return _round_page(request, weeding_round, error=error, step_form=form)
    label = RoundState(to).label if to in RoundState.values else to
    return _done(request, weeding_round, _("Step recorded: %(step)s.") % {"step": label})


@login_required
@require_POST
def round_council(request: HttpRequest, round_id: int) -> HttpResponse:
    weeding_round = access.get_round_for_staff(request.user, round_id)
    form = CouncilForm(request.POST)
    if not form.is_valid():
        return _round_page(request, weeding_round, status=400, council_form=form)
    try:
        services.set_council(
            weeding_round=weeding_round, members=form.cleaned_data["members"], by=request.user
        )
    except LibnetError as error:
        return _round_page(request, weeding_round, error=error, council_form=form)
    return _done(request, weeding_round, _("The appraisal council is saved."))


@login_required
@require_POST
def round_add(request: HttpRequest, round_id: int) -> HttpResponse:
    """Put the ticked proposals on the list, each under the criterion the data found."""
    weeding_round = access.get_round_for_staff(request.user, round_id)
    ticked = set(inputs.row_ids(request.POST.getlist("item")))
    found = {
        proposal.item_id: proposal.criterion
        for proposal in selectors.proposals(weeding_round.library, today=clock.today())
        if proposal.item_id in ticked
    }
    try:
        items = access.copies_of_round_library(weeding_round, sorted(found))
        added = services.add_copies(
            weeding_round=weeding_round,
            copies=[(item, found[item.pk]) for item in items],
            disposal=request.POST.get("disposal", "destroy"),
            by=request.user,
        )
    except LibnetError as error:
        return _round_page(request, weeding_round, error=error)
    return _done(
        request, weeding_round, _("%(count)s copies put on the list.") % {"count": len(added)}
    )


@login_required
@require_POST
def round_add_barcode(request: HttpRequest, round_id: int) -> HttpResponse:
    """Put one copy on the list by its barcode, under a criterion chosen by hand."""
    weeding_round = access.get_round_for_staff(request.user, round_id)
    form = AddByBarcodeForm(request.POST)
    if not form.is_valid():
        return _round_page(request, weeding_round, status=400, barcode_form=form)
    data = form.cleaned_data
    try:
        item = access.copy_by_barcode(weeding_round, data["barcode"])
        services.add_copies(
            weeding_round=weeding_round,
            copies=[(item, data["criterion"])],
            disposal=data["disposal"],
            by=request.user,
        )
    except LibnetError as error:
        return _round_page(request, weeding_round, error=error, barcode_form=form)
    return _done(request, weeding_round, _("%(count)s copies put on the list.") % {"count": 1})


@login_required
@require_POST
def round_copy(request: HttpRequest, round_id: int, copy_id: int) -> HttpResponse:
    """Change a listed copy's disposal, criterion or note, or take it off the list."""
    weeding_round = access.get_round_for_staff(request.user, round_id)
    round_copy = access.get_round_copy(weeding_round, copy_id)
    try:
        if request.POST.get("remove"):
            services.remove_copy(round_copy=round_copy, by=request.user)
            return _done(request, weeding_round, _("The copy is off the list."))
        form = CopyForm(request.POST, prefix=f"copy{copy_id}")
        if not form.is_valid():
            return _round_page(request, weeding_round, status=400)
        services.change_copy(round_copy=round_copy, by=request.user, **form.cleaned_data)
    except LibnetError as error:
        return _round_page(request, weeding_round, error=error)
    return _done(request, weeding_round, _("The copy is changed."))


@login_required
@require_POST
def round_decision(request: HttpRequest, round_id: int) -> HttpResponse:
    """The weeding decision: every listed copy is withdrawn with its number."""
    weeding_round = access.get_round_for_staff(request.user, round_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _round_page(request, weeding_round, status=400, decision_form=form)
    try:
        services.decide_round(weeding_round=weeding_round, by=request.user, **form.cleaned_data)
    except LibnetError as error:
        return _round_page(request, weeding_round, error=error, decision_form=form)
    return _done(
        request,
        weeding_round,
        _("Decision %(number)s recorded: the listed copies are withdrawn.")
        % {"number": weeding_round.decision_number or form.cleaned_data["number"]},
    )


@login_required
@require_GET
def round_form_pdf(request: HttpRequest, round_id: int, form: str) -> HttpResponse:
    """One of the forms Mẫu 01–07b of the round, as PDF."""
    weeding_round = access.get_round_for_staff(request.user, round_id)
    content = documents.render_form(weeding_round, form)
    return pages.inline_pdf(content, f"thanh-loc-{weeding_round.pk}-mau-{form}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def flags(request: HttpRequest) -> HttpResponse:
    """Records flagged for their content (TT 02/2020 Art. 19.1) at my libraries; flag one."""
    libraries = _my_libraries(request)
    form = FlagForm(request.POST or None, libraries=libraries)

    def create(data: dict[str, Any]) -> HttpResponse:
        bib = access.get_record(data["record"])
        services.flag_content(
            library=data["library"], bib=bib, reason=data["reason"], by=request.user
        )
        messages.success(request, _("The record is flagged for weeding."))
        return redirect("weeding:flags")

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    open_flags = (
        ContentFlag.objects.filter(
            library_id__in=access.weeding_library_ids(request.user), cleared_at__isnull=True
        )
        .select_related("library", "bib", "flagged_by")
        .order_by("library__sort_key", "-flagged_at")[:500]
    )
    return render(
        request,
        "weeding/flags.html",
        {"form": form, "flags": open_flags},
        status=pages.form_status(request),
    )


@login_required
@require_POST
def flag_clear(request: HttpRequest, flag_id: int) -> HttpResponse:
    flag = access.get_flag_for_staff(request.user, flag_id)
    services.clear_content_flag(flag=flag, by=request.user)
    messages.success(request, _("The flag is cleared."))
    return redirect("weeding:flags")
