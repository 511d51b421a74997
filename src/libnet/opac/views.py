"""Public catalogue pages, open to anyone: search, records, the library directory.

Thin: parse → public getter or engine → render. Nothing here needs a login, and nothing
here shows a reader's personal data.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.catalog.citations import citation
from libnet.circulation import selectors as circulation_selectors
from libnet.circulation import services as circulation_services
from libnet.circulation.errors import HoldRefused, RenewalRefused
from libnet.core import clock
from libnet.digital import copies as digital_copies
from libnet.digital import text_selectors as digital_text
from libnet.events import selectors as events_selectors
from libnet.network.models import Library, LibraryKind
from libnet.opac import access, exports, facets, readers, searching, selectors
from libnet.opac.errors import ExportRefused, PublicNotFound, SignInRefused
from libnet.opac.forms import PlaceHoldForm, ReaderSignInForm, SearchForm
from libnet.opac.sharing import qr_code_data_uri
from libnet.patrons import selectors as patrons_selectors
from libnet.patrons import services as patrons_services
from libnet.patrons.errors import CardRefused
from libnet.search import engine
from libnet.search.errors import QuerySyntaxError, SearchRefused
from libnet.search.services import count_lookup
from libnet.weeding import policies as weeding_policies
from libnet.weeding import selectors as weeding_selectors

NEW_BOOKS_ON_HOME = 8
SUBJECTS_ON_HOME = 16
UPCOMING_EVENTS = 4
LIBRARIES_PER_PAGE = 40


def _browse_context() -> dict[str, object]:
    """What the home page and an empty search offer to browse: subjects, new books, libraries."""
    return {
        "subjects": selectors.top_subjects(SUBJECTS_ON_HOME),
        "new_books": selectors.new_books(NEW_BOOKS_ON_HOME),
        "library_kinds": selectors.library_kinds_in_use(),
    }


@require_GET
def home(request):
    context = _browse_context()
    context["upcoming_events"] = events_selectors.upcoming_public_events(limit=UPCOMING_EVENTS)
    return render(request, "opac/home.html", context)


def _hold_form(bib, reader, data=None) -> PlaceHoldForm | None:
    """The hold form for `reader`: only libraries where the card is valid and a copy of the
    title is owned (circulation.selectors.pickup_libraries), the reader's own one chosen
    first; None when there is none."""
    libraries = circulation_selectors.pickup_libraries(bib=bib, patron=reader)
    if not libraries:
        return None
    return PlaceHoldForm(
        data,
        pickup_choices=[(library.code, library.name) for library in libraries],
        initial={"pickup_library": libraries[0].code},
    )


@require_GET
def record_detail(request, record_id: int):
    bib = access.get_public_record(record_id)
    holdings = selectors.copies_by_library(bib)
    share_url = request.build_absolute_uri(reverse("opac:record", args=[bib.pk]))
    context = {
        "bib": bib,
        "holdings": holdings,
        "share_url": share_url,
        "share_qr": qr_code_data_uri(share_url),
    }
    # A restricted original is read on site only; readers get its digital copy (NĐ 93 Art. 5–8).
    if any(copy.restriction for group in holdings for copy in group.copies):
        context["digital_copy"] = digital_copies.published_object_of(request, bib)
    # Only a signed-in reader costs more queries; a visitor without a session reads none here.
    if readers.signed_in_reader_id(request) is not None:
        reader = readers.signed_in_reader(request)
        if reader is not None:
            context["reader_signed_in"] = True
            context["hold_form"] = _hold_form(bib, reader)
    return render(request, "opac/record.html", context)


# ---------------------------------------------------------------- the reader's account


def _sign_in_url(next_url: str) -> str:
    return f"{reverse('opac:account_login')}?next={next_url}"


def _safe_next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("opac:account")


@never_cache
@require_http_methods(["GET", "POST"])
def account_login(request):
    """Sign in with the card number and PIN; repeated failures pause the card and the address."""
    next_url = _safe_next(request)
    if readers.signed_in_reader_id(request) is not None and request.method == "GET":
        return redirect(next_url)
    form = ReaderSignInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            card_number = form.cleaned_data["card_number"]
            locked_minutes = readers.locked_for_minutes(request, card_number)
            if locked_minutes:
                error = SignInRefused("too_many_attempts", minutes=locked_minutes)
                form.add_error(None, error.message)
                status = error.status
            else:
                try:
                    patron = patrons_services.authenticate_reader(
                        card_number=card_number, pin=form.cleaned_data["pin"]
                    )
                except CardRefused as refusal:
                    # The right PIN, but a child's card waiting for consent: say so, and
                    # do not count it as a guess.
                    readers.clear_failures(card_number)
                    form.add_error(None, SignInRefused(refusal.code).message)
                    status = 403
                else:
                    if patron is not None:
                        readers.clear_failures(card_number)
                        readers.sign_in(request, patron)
                        return redirect(next_url)
                    readers.record_failure(request, card_number)
                    form.add_error(None, SignInRefused("wrong_card_or_pin").message)
    return render(
        request, "opac/account_login.html", {"form": form, "next": next_url}, status=status
    )


@require_POST
def account_logout(request):
    readers.sign_out(request)
    messages.success(request, _("You are signed out. Thank you for using the library."))
    return redirect("opac:home")


@never_cache
@require_GET
def account(request):
    """The signed-in reader's loans and holds, and nobody else's."""
    reader = readers.signed_in_reader(request)
    if reader is None:
        return redirect(_sign_in_url(request.path))
    today = clock.today()
    card_refusal = patrons_selectors.card_refusal(patron=reader, on=today)
    loans = list(circulation_selectors.open_loans(patron=reader))
    return render(
        request,
        "opac/account.html",
        {
            "reader": reader,
            "loans": loans,
            "overdue_count": sum(1 for loan in loans if loan.due_on < today),
            "holds": list(circulation_selectors.open_holds(patron=reader)),
            "today": today,
            "card_problem": CardRefused(card_refusal.code, **card_refusal.params).message
            if card_refusal
            else "",
        },
    )


@require_POST
def account_renew(request, loan_id: int):
    reader = readers.signed_in_reader(request)
    if reader is None:
        return redirect(_sign_in_url(reverse("opac:account")))
    loan = readers.get_own_loan(reader, loan_id)
    try:
        # by=None: the reader acts for themselves; the audit log records no staff member.
        loan = circulation_services.renew_loan(loan=loan, by=None)
    except RenewalRefused as error:
        messages.error(
            request,
            _("%(title)s was not renewed: %(reason)s")
            % {"title": loan.item.bib.title, "reason": error.message},
        )
    else:
        messages.success(
            request,
            _("Renewed: %(title)s. Now due back %(due_on)s.")
            % {"title": loan.item.bib.title, "due_on": loan.due_on.strftime("%d/%m/%Y")},
        )
    return redirect("opac:account")


@require_POST
def account_hold_cancel(request, hold_id: int):
    reader = readers.signed_in_reader(request)
    if reader is None:
        return redirect(_sign_in_url(reverse("opac:account")))
    hold = readers.get_own_hold(reader, hold_id)
    try:
        circulation_services.cancel_hold(
            hold=hold, by=None, reason=_("Cancelled by the reader in the catalogue")
        )
    except HoldRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Hold cancelled: %(title)s.") % {"title": hold.bib.title})
    return redirect("opac:account")


@require_POST
def place_hold(request, record_id: int):
    """Đặt mượn: the signed-in reader asks for a title, to collect at a library holding it."""
    record_url = reverse("opac:record", args=[record_id])
    reader = readers.signed_in_reader(request)
    if reader is None:
        return redirect(_sign_in_url(record_url))
    bib = access.get_public_record(record_id)
    form = _hold_form(bib, reader, request.POST)
    if form is None or not form.is_valid():
        # A library the form did not offer (the card is not valid there, or it owns no copy).
        messages.error(
            request,
            _(
                "Choose where to collect the book among the libraries offered: your card is "
                "valid there and they own a copy."
            ),
        )
        return redirect(record_url)
    pickup_library = Library.objects.get(code=form.cleaned_data["pickup_library"])
    try:
        circulation_services.place_hold(
            bib=bib, patron=reader, pickup_library=pickup_library, by=None
        )
    except HoldRefused as error:
        messages.error(request, error.message)
        return redirect(record_url)
    messages.success(
        request,
        _("Your hold is placed. %(library)s will keep a copy for you; see it in your account.")
        % {"library": pickup_library.name},
    )
    return redirect("opac:account")


@require_GET
def library_list(request):
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("kind", "")
    if kind not in LibraryKind.values:
        kind = ""
    libraries = selectors.library_directory(query=query, kind=kind)
    page = Paginator(libraries, LIBRARIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "opac/libraries.html",
        {
            "query": "",
            "library_query": query,
            "kind": kind,
            "kinds": selectors.library_kinds_in_use(),
            "page": page,
        },
    )


@require_GET
def library_detail(request, code: str):
    library = access.get_public_library(code)
    return render(
        request,
        "opac/library.html",
        {
            "library": library,
            "holdings": selectors.holdings_at(library),
            "new_books": selectors.new_books_at(library),
            "sub_libraries": selectors.sub_libraries(library),
            "weeding_lists": list(weeding_selectors.published_rounds(library, on=clock.today())),
        },
    )


def weeding_list(request, code: str, round_id: int):
    """A weeding list on public notice at the library (TT 02/2020: 15 days after the
    decision): the copies, their criterion and disposal; nothing about readers. After the 15
    days it is gone from the OPAC (staff keep it)."""
    library = access.get_public_library(code)
    weeding_round = (
        weeding_selectors.published_rounds(library, on=clock.today()).filter(pk=round_id).first()
    )
    if weeding_round is None or weeding_round.published_on is None:
        raise PublicNotFound("weeding_list_not_found")
    return render(
        request,
        "opac/weeding_list.html",
        {
            "library": library,
            "round": weeding_round,
            "copies": list(weeding_selectors.round_copies(weeding_round)),
            "ends_on": weeding_policies.publication_ends(weeding_round.published_on)
            - dt.timedelta(days=1),
        },
    )


def page_not_found(request, exception=None):
    """The site's 404 page: public and friendly, in the reader's language."""
    error = PublicNotFound("page_not_found")
    return render(
        request,
        "opac/error.html",
        {"code": error.code, "message": error.message, "status": 404},
        status=404,
    )


def _result_page(result) -> Page:
    """A Django page over the engine's result, for the shared pagination links."""
    return Paginator(range(result.total), result.page_size).get_page(result.page)


def _available_count(result) -> int | None:
    """How many of the results are on a shelf now (the engine's "available" facet)."""
    values = result.facets.get("available") or []
    return next((value.count for value in values if value.value == "true"), None)


@require_GET
def search(request):
    form = SearchForm(request.GET)
    context: dict[str, object] = {"form": form, "query": request.GET.get("q", "")}
    if not form.has_criteria():
        context.update(_browse_context())
        return render(request, "opac/search.html", context)
    if not form.is_valid():
        return render(request, "opac/search.html", context, status=400)
    search_request = searching.search_request(form, page=form.page)
    try:
        result = engine.search(search_request)
    except QuerySyntaxError as error:
        form.add_error("q", error.message)
        return render(request, "opac/search.html", context, status=400)
    except SearchRefused as error:  # a filter in a hand-made address names nothing
        form.add_error(None, error.message)
        return render(request, "opac/search.html", context, status=400)
    # One reader's search is one lookup (lượt tra cứu), counted for the library searched in.
    count_lookup(form.library_codes[0] if len(form.library_codes) == 1 else None)
    context.update(
        {
            "result": result,
            "sort": search_request.sort,
            "rows": searching.hits_with_places(result, form.library_codes),
            # Hits on digitised pages: under the records shown, and other objects beside them.
            "page_hits": digital_text.search_page_hits(
                request,
                form.cleaned_data.get("q") or "",
                [hit.bib_id for hit in result.hits],
                others=result.page == 1,
            ),
            "page": _result_page(result),
            "facet_groups": facets.facet_groups(result.facets, request.GET),
            "active_filters": facets.active_filters(
                request.GET, selectors.library_names(form.library_codes)
            ),
            "clear_filters_url": facets.clear_filters_url(request.GET),
            "available_count": _available_count(result),
            "suggestion_links": [
                (suggestion, facets.url_with(request.GET, q=suggestion))
                for suggestion in result.suggestions
            ],
            "export_query": facets.url_with(request.GET),
        }
    )
    return render(request, "opac/search.html", context)


def _export_list(request):
    """Run the search of an export link again; a bad address is a 400 page, never a 500.

    A query the engine cannot read raises QuerySyntaxError, which the error middleware shows.
    """
    form = SearchForm(request.GET)
    if not form.is_valid() or not form.has_criteria():
        raise ExportRefused("no_search")
    return form, searching.export_list(form)


@require_GET
def search_csv(request):
    """The result list as CSV. An export repeats a search already counted: no new lookup."""
    _form, export = _export_list(request)
    content = exports.results_csv(
        export.records,
        holdings=export.holdings,
        record_urls={
            bib.pk: request.build_absolute_uri(reverse("opac:record", args=[bib.pk]))
            for bib in export.records
        },
    )
    response = HttpResponse(content, content_type=exports.CSV_CONTENT_TYPE)
    filename = f"libnet-{clock.today().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def search_bibliography(request):
    """The result list as a bibliography, styled to print (or save as PDF from the browser)."""
    form, export = _export_list(request)
    return render(
        request,
        "opac/bibliography.html",
        {
            "form": form,
            "query": form.cleaned_data.get("q", ""),
            "entries": [
                (bib, citation(bib), export.holdings.get(bib.pk, [])) for bib in export.records
            ],
            "total": export.total,
            "limit": searching.EXPORT_LIMIT,
            "filters": facets.active_filters(
                request.GET, selectors.library_names(form.library_codes)
            ),
            "back_url": reverse("opac:search") + facets.url_with(request.GET),
            "printed_on": clock.today(),
        },
    )
