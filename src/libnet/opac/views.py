"""Public catalogue pages, open to anyone: search, records, the library directory.

Thin: parse → public getter or engine → render. Nothing here needs a login, and nothing
here shows a reader's personal data.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from libnet.core import clock
from libnet.network.models import LibraryKind
from libnet.opac import access, exports, facets, searching, selectors
from libnet.opac.errors import ExportRefused, PublicNotFound
from libnet.opac.forms import SearchForm
from libnet.opac.sharing import qr_code_data_uri
from libnet.search import engine
from libnet.search.errors import QuerySyntaxError, SearchRefused
from libnet.search.services import count_lookup

NEW_BOOKS_ON_HOME = 8
SUBJECTS_ON_HOME = 16
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
    return render(request, "opac/home.html", _browse_context())


@require_GET
def record_detail(request, record_id: int):
    bib = access.get_public_record(record_id)
    share_url = request.build_absolute_uri(reverse("opac:record", args=[bib.pk]))
    return render(
        request,
        "opac/record.html",
        {
            "bib": bib,
            "holdings": selectors.copies_by_library(bib),
            "share_url": share_url,
            "share_qr": qr_code_data_uri(share_url),
        },
    )


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
                (bib, exports.citation(bib), export.holdings.get(bib.pk, []))
                for bib in export.records
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
