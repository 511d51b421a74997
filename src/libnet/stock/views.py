"""Staff pages of the stocktake, under /staff/stock/: the list, opening one, the scanning
desk (keyboard scanner and scanner files), closing, the lists by outcome with their PDF and
XLSX, the record, marking missing copies lost, the province's year, and the general
register of a library for a year; compensation for copies lost on loan."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.catalog.models import BibRecord, ShelfLocation
from libnet.circulation import access as circulation_access
from libnet.circulation.models import LoanStatus
from libnet.core import clock, pages, text
from libnet.core.documents import format_number
from libnet.core.errors import LibnetError, NotFound
from libnet.core.xlsx import XLSX_CONTENT_TYPE
from libnet.network import access as network_access
from libnet.network.models import Library
from libnet.stock import (
    access,
    documents,
    register,
    register_documents,
    scanfile,
    selectors,
    services,
)
from libnet.stock import (
    compensation as compensation_services,
)
from libnet.stock.errors import (
    CompensationInvalid,
    CompensationRefused,
    StocktakeInvalid,
    StocktakeRefused,
)
from libnet.stock.forms import CompensationForm, ScanForm, StocktakeForm, UploadForm
from libnet.stock.models import (
    Compensation,
    Outcome,
    ScanSource,
    Stocktake,
    StocktakeScan,
    StocktakeState,
)

OUTCOMES = (Outcome.FOUND, Outcome.MISPLACED, Outcome.NOT_MISSING, Outcome.MISSING, Outcome.UNKNOWN)
RECENT_SCANS = 15


def _my_libraries(request: HttpRequest) -> Any:
    ids = access.require_stock_role(request.user)
    return Library.objects.filter(pk__in=ids, is_active=True).order_by("sort_key", "code")


@login_required
@require_GET
def stocktake_list(request: HttpRequest) -> HttpResponse:
    access.require_stock_role(request.user)
    stocktakes = access.stocktakes_for_staff(request.user).select_related("library")[:200]
    return render(request, "stock/list.html", {"stocktakes": stocktakes})


@login_required
@require_http_methods(["GET", "POST"])
def stocktake_new(request: HttpRequest) -> HttpResponse:
    libraries = _my_libraries(request)
    form = StocktakeForm(request.POST or None, libraries=libraries)

    def create(data: dict[str, Any]) -> HttpResponse:
        stocktake = services.open_stocktake(
            library=data["library"],
            reason=data["reason"],
            locations=list(data["locations"]),
            call_number_from=data["call_number_from"],
            call_number_to=data["call_number_to"],
            committee=data["committee"],
            note=data["note"],
            by=request.user,
        )
        messages.success(
            request,
            _("Stocktake %(number)s opened: %(count)s copies to count.")
            % {"number": stocktake.pk, "count": stocktake.lines.count()},
        )
        return redirect("stock:desk", stocktake.pk)

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    return render(request, "stock/new.html", {"form": form}, status=pages.form_status(request))


def _desk_context(stocktake: Stocktake, **extra: Any) -> dict[str, Any]:
    is_open = stocktake.state == StocktakeState.OPEN
    context: dict[str, Any] = {
        "stocktake": stocktake,
        "is_open": is_open,
        "feedback": None,
        "feedback_level": "ok",
        "chosen_location": None,
    }
    if is_open:
        context["desk"] = selectors.desk_counts(stocktake)
        context["recent"] = (
            StocktakeScan.objects.filter(stocktake=stocktake)
            .select_related("location")
            .order_by("-scanned_at", "-pk")[:RECENT_SCANS]
        )
        context["scan_form"] = ScanForm(library=stocktake.library)
        context["upload_form"] = UploadForm(library=stocktake.library)
    else:
        context["counts"] = selectors.outcome_counts(stocktake)
    context.update(extra)
    return context


def _desk_response(request: HttpRequest, stocktake: Stocktake, **extra: Any) -> HttpResponse:
    if pages.is_htmx(request):
        return render(request, "stock/_desk_work.html", _desk_context(stocktake, **extra))
    if extra.get("feedback"):
        level = messages.error if extra.get("feedback_level") == "error" else messages.success
        level(request, extra["feedback"])
    return redirect("stock:desk", stocktake.pk)


def _desk_page_context(stocktake: Stocktake, **extra: Any) -> dict[str, Any]:
    """The whole desk page: its working part, the committee, the scope and the lists."""
    return {
        **_desk_context(stocktake, **extra),
        "committee": list(stocktake.committee.all()),
        "scope": documents.scope_text(stocktake),
        "outcomes": [(code, documents.LIST_TITLES[code]) for code in OUTCOMES],
    }


@login_required
@require_GET
def desk(request: HttpRequest, stocktake_id: int) -> HttpResponse:
    stocktake = access.get_stocktake_for_staff(request.user, stocktake_id)
    return render(request, "stock/desk.html", _desk_page_context(stocktake))


@login_required
@require_GET
def tablet(request: HttpRequest, stocktake_id: int) -> HttpResponse:
    """The tablet's scanning page: scans are queued on the tablet (localStorage) and synced to
    the API when it is online (static/libnet/stock-tablet.js). Only while the stocktake is
    open: a closed one sends to its desk page, which says so."""
    stocktake = access.get_stocktake_for_staff(request.user, stocktake_id)
    if stocktake.state != StocktakeState.OPEN:
        messages.error(request, StocktakeRefused("not_open").message)
        return redirect("stock:desk", stocktake.pk)
    return render(
        request,
        "stock/tablet.html",
        {
            "stocktake": stocktake,
            "locations": ShelfLocation.objects.filter(library=stocktake.library),
        },
    )


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The stocktake tablet's service worker (templates/staff/offline_worker.js, through core.pages.service_worker), served from
    here so that its scope is /staff/stock/: a tablet page reloaded without a network is shown
    from the tablet's copy. Public: it holds no data, and the browser fetches it again to
    check for a new version even when the session has ended."""
    return pages.service_worker(
        request,
        scope=reverse("stock:list"),
        page_pattern=r"^\d+/tablet/$",
        cache_prefix="libnet-stock-",
        offline_text=_(
            "This stocktake's tablet page was never opened on this tablet while it had a network, so it cannot be shown now. Open it again when the network is back."
        ),
    )


@login_required
@require_POST
def scan(request: HttpRequest, stocktake_id: int) -> HttpResponse:
    """One barcode from the desk's scanner (Enter submits): what it is, said at once."""
    stocktake = access.get_stocktake_for_staff(request.user, stocktake_id)
    form = ScanForm(request.POST, library=stocktake.library)
    if not form.is_valid():
        return _desk_response(
            request, stocktake, feedback=_("Scan or type a barcode."), feedback_level="error"
        )
    location = form.cleaned_data["location"]
    try:
        result = services.record_scan(
            stocktake=stocktake,
            barcode=form.cleaned_data["barcode"],
            location=location,
            source=ScanSource.DESK,
            by=request.user,
        )
    except LibnetError as error:
        return _desk_response(
            request,
            stocktake,
            feedback=error.message,
            feedback_level="error",
            chosen_location=location,
        )
    level = "ok" if result.kind == Outcome.FOUND else "warning"
    return _desk_response(
        request,
        stocktake,
        feedback=services.scan_message(result),
        feedback_level=level,
        chosen_location=location,
    )


def _lines(upload: Any) -> Any:
    """The lines of an uploaded text file, decoded as UTF-8 as they are read."""
    stream = io.TextIOWrapper(upload.file, encoding="utf-8", errors="strict", newline=None)
    try:
        yield from stream
    except UnicodeDecodeError:
        raise StocktakeInvalid("not_text") from None
    finally:
        stream.detach()


BAD_LINE_REASONS = {
    "not_a_barcode": gettext_lazy("not a barcode"),
    "bad_timestamp": gettext_lazy("two columns but not one barcode and one timestamp"),
    "too_many_columns": gettext_lazy("more than a barcode and a timestamp"),
}


@login_required
@require_POST
def upload(request: HttpRequest, stocktake_id: int) -> HttpResponse:
    """A handheld scanner's file: every good line recorded at once, each bad line reported."""
    stocktake = access.get_stocktake_for_staff(request.user, stocktake_id)
    form = UploadForm(request.POST, request.FILES, library=stocktake.library)
    context: dict[str, Any] = {}
    if not form.is_valid():
        messages.error(
            request, " ".join(str(error) for errors in form.errors.values() for error in errors)
        )
        return redirect("stock:desk", stocktake.pk)
    try:
        parsed = scanfile.read(_lines(form.cleaned_data["file"]))
        if not parsed.scans and not parsed.bad_count:
            raise StocktakeInvalid("empty_file")
        result = services.record_scans(
            stocktake=stocktake,
            scans=parsed.scans,
            location=form.cleaned_data["location"],
            source=ScanSource.FILE,
            by=request.user,
        )
    except LibnetError as error:
        messages.error(request, error.message)
        return redirect("stock:desk", stocktake.pk)
    context["upload_report"] = {
        "accepted": result.accepted,
        "unknown": len(result.unknown),
        "repeated": result.repeated,
        "bad_count": parsed.bad_count,
        "bad": [(line.number, line.content, BAD_LINE_REASONS[line.reason]) for line in parsed.bad],
    }
    messages.success(
        request,
        _(
            "File read: %(accepted)s copies counted, %(unknown)s barcodes not in the stocktake, %(repeated)s repeated scans, %(bad)s bad lines."
        )
        % {
            "accepted": result.accepted,
            "unknown": len(result.unknown),
            "repeated": result.repeated,
            "bad": parsed.bad_count,
        },
    )
    if not parsed.bad_count:
        return redirect("stock:desk", stocktake.pk)
    return render(request, "stock/desk.html", _desk_page_context(stocktake, **context))


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, stocktake_id: int) -> HttpResponse:
    """Closing: first the live counts (GET), then the closing itself (POST)."""
    stocktake = access.get_stocktake_for_staff(request.user, stocktake_id)
    if request.method == "POST":
        try:
            services.close_stocktake(stocktake=stocktake, by=request.user)
        except LibnetError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Stocktake %(number)s is closed.") % {"number": stocktake.pk}
            )
        return redirect("stock:desk", stocktake.pk)
    if stocktake.state != StocktakeState.OPEN:
        raise StocktakeRefused("not_open")
    return render(
        request,
        "stock/close.html",
        {"stocktake": stocktake, "counts": selectors.outcome_counts(stocktake)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mark_lost(request: HttpRequest, stocktake_id: int) -> HttpResponse:
    """The committee's step after closing: the missing copies listed (GET), then marked lost
    and put on the weeding list (POST with confirm)."""
    stocktake = access.get_stocktake_for_staff(request.user, stocktake_id)
    if request.method == "POST":
        try:
            count = services.mark_missing_as_lost(
                stocktake=stocktake, confirm=request.POST.get("confirm") == "yes", by=request.user
            )
        except LibnetError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(count)s copies marked as lost and put on the weeding list.")
                % {"count": count},
            )
        return redirect("stock:desk", stocktake.pk)
    if stocktake.state != StocktakeState.CLOSED:
        raise StocktakeRefused("not_closed")
    if stocktake.lost_marked_at is not None:
        raise StocktakeRefused("already_marked")
    return render(
        request,
        "stock/mark_lost.html",
        {"stocktake": stocktake, "rows": selectors.outcome_rows(stocktake, Outcome.MISSING)},
    )


def _outcome(value: str) -> str:
    if value not in OUTCOMES:
        raise NotFound("not_found")
    return value


def _rows(stocktake: Stocktake, outcome: str) -> Any:
    if outcome == Outcome.UNKNOWN:
        return selectors.unknown_list(stocktake)
    return selectors.outcome_rows(stocktake, outcome)


@login_required
@require_GET
def outcome_list(request: HttpRequest, stocktake_id: int, outcome: str) -> HttpResponse:
    stocktake = access.get_stocktake_for_staff(request.user, stocktake_id)
    outcome = _outcome(outcome)
    return render(
        request,
        "stock/outcome_list.html",
        {
            "stocktake": stocktake,
            "outcome": outcome,
            "title": documents.LIST_TITLES[outcome],
            "rows": _rows(stocktake, outcome),
            "reasons": documents.UNKNOWN_REASON_LABELS,
            "live": stocktake.state == StocktakeState.OPEN,
        },
    )


@login_required
@require_GET
def outcome_file(request: HttpRequest, stocktake_id: int, outcome: str, fmt: str) -> HttpResponse:
    stocktake = access.get_stocktake_for_staff(request.user, stocktake_id)
    outcome = _outcome(outcome)
    rows = _rows(stocktake, outcome)
    filename = f"kiem-ke-{stocktake.pk}-{outcome}"
    if fmt == "pdf":
        return pages.inline_pdf(documents.list_pdf(stocktake, outcome, rows), f"{filename}.pdf")
    if fmt == "xlsx":
        response = HttpResponse(
            documents.list_xlsx(stocktake, outcome, rows), content_type=XLSX_CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    raise NotFound("not_found")


@login_required
@require_GET
def record_pdf(request: HttpRequest, stocktake_id: int) -> HttpResponse:
    """The stocktake record (biên bản kiểm kê) as a PDF."""
    stocktake = access.get_stocktake_for_staff(request.user, stocktake_id)
    closed = stocktake.state == StocktakeState.CLOSED
    outcomes = None if closed else selectors.live_outcomes(stocktake)
    content = documents.record_pdf(
        stocktake,
        selectors.outcome_counts(stocktake, outcomes),
        selectors.outcome_rows(stocktake, Outcome.MISSING, outcomes),
    )
    return pages.inline_pdf(content, f"bien-ban-kiem-ke-{stocktake.pk}.pdf")


@login_required
@require_GET
def province(request: HttpRequest) -> HttpResponse:
    """Which libraries held a stocktake this year, when, and their missing rate."""
    ids = network_access.require_role(request.user, "view")
    year = clock.today().year
    return render(
        request,
        "stock/province.html",
        {"rows": selectors.province_year(ids, year), "year": year},
    )


def _register_library(request: HttpRequest, code: str | None) -> Library:
    """The library whose register is asked for (its code), else the user's own; NotFound for
    one they do not work for."""
    if code:
        return access.get_library_for_stocktake(request.user, code)
    ids = access.require_stock_role(request.user)
    own = network_access.own_library(request.user, "catalog") or network_access.own_library(
        request.user, "circulation"
    )
    if own is not None and own.pk in ids:
        return own
    library: Library | None = _my_libraries(request).first()
    if library is None:
        raise NotFound("not_found")
    return library


@login_required
@require_GET
def register_page(request: HttpRequest) -> HttpResponse:
    """The general register of a library for a year (choosers for both), with its XLSX and
    PDF."""
    library = _register_library(request, request.GET.get("library"))
    year = register.register_year(request.GET.get("year"), today=clock.today())
    general = register.general_register(library, year)
    return render(
        request,
        "stock/register.html",
        {
            "register": general,
            "tables": register_documents.tables(general),
            "libraries": _my_libraries(request),
            "years": sorted(
                {year, *register.register_years(library, today=clock.today())}, reverse=True
            ),
        },
    )


@login_required
@require_GET
def register_file(request: HttpRequest, code: str, year: int, fmt: str) -> HttpResponse:
    library = access.get_library_for_stocktake(request.user, code)
    year = register.register_year(year, today=clock.today())
    general = register.general_register(library, year)
    filename = f"so-dang-ky-tong-quat-{library.code}-{year}"
    if fmt == "pdf":
        return pages.inline_pdf(
            register_documents.register_pdf(general, today=clock.today()), f"{filename}.pdf"
        )
    if fmt == "xlsx":
        response = HttpResponse(
            register_documents.register_xlsx(general, today=clock.today()),
            content_type=XLSX_CONTENT_TYPE,
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    raise NotFound("not_found")


@login_required
@require_GET
def compensation_list(request: HttpRequest) -> HttpResponse:
    """Lost copies on loan at the user's desks: a copy's barcode finds its loan; the lost
    loans not yet compensated, and the latest compensations."""
    network_access.require_role(request.user, "circulation")
    loans = circulation_access.loans_for_staff(request.user)
    barcode = text.identifier(request.GET.get("barcode", ""))
    if barcode:
        loan = (
            loans.filter(item__barcode=barcode, status__in=(LoanStatus.OPEN, LoanStatus.LOST))
            .order_by("-loaned_at", "-pk")
            .first()
        )
        if loan is not None:
            return redirect("stock:compensation", loan.pk)
        messages.error(
            request,
            _("No copy with barcode %(barcode)s is on loan or lost at your desks.")
            % {"barcode": barcode},
        )
    return render(
        request,
        "stock/compensation_list.html",
        {
            "lost": loans.filter(status=LoanStatus.LOST, compensation__isnull=True)
            .select_related("item__bib", "patron", "library")
            .order_by("-closed_at", "-pk")[:100],
            "settled": Compensation.objects.filter(loan__in=loans)
            .select_related("loan__item__bib", "loan__patron", "replacement")
            .order_by("-recorded_at", "-pk")[:50],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def compensation(request: HttpRequest, loan_id: int) -> HttpResponse:
    """A lost (or still open) loan: the reader brings a replacement copy or pays."""
    loan = circulation_access.get_loan_for_staff(request.user, loan_id)
    settled = Compensation.objects.filter(loan=loan).select_related("replacement").first()
    form = CompensationForm(request.POST or None)

    def settle(data: dict[str, Any]) -> HttpResponse:
        bib = None
        if data["replacement_record"]:
            bib = BibRecord.objects.filter(pk=data["replacement_record"]).first()
            if bib is None:
                raise CompensationInvalid("record_not_found")
        done = compensation_services.compensate_lost_loan(
            loan=loan,
            kind=data["kind"],
            by=request.user,
            receipt_number=data["receipt_number"],
            amount_vnd=data["amount_vnd"],
            replacement_bib=bib,
            replacement_price_vnd=data["replacement_price_vnd"],
            replacement_barcode=data["replacement_barcode"],
        )
        if done.replacement is not None:
            messages.success(
                request,
                _(
                    "Replacement copy %(barcode)s added to the register; the lost copy is on the weeding list."
                )
                % {"barcode": done.replacement.barcode},
            )
        else:
            messages.success(
                request,
                _("Payment of %(amount)s đồng recorded (receipt %(receipt)s).")
                % {"amount": format_number(done.amount_vnd), "receipt": done.receipt_number},
            )
        return redirect("stock:compensation", loan.pk)

    done = None if settled is not None else pages.submit(request, form, settle)
    if done is not None:
        return done
    if request.method == "POST" and settled is not None:
        messages.error(request, CompensationRefused("already_settled").message)
        return redirect("stock:compensation", loan.pk)
    rule = compensation_services.rule_for(loan.item.home_library)
    return render(
        request,
        "stock/compensation.html",
        {
            "loan": loan,
            "settled": settled,
            "form": form,
            "rule": rule,
            "amount_due": format_number(compensation_services.amount_due(loan)),
            "price": format_number(loan.item.price_vnd),
        },
        status=pages.form_status(request),
    )
