"""Overdue loans of a library, with filters (days late, class), and the reminder letters."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from libnet.circulation import documents, selectors
from libnet.circulation.forms import OverdueFilterForm
from libnet.circulation.models import Loan
from libnet.circulation.views.common import chosen_desk, desk_libraries
from libnet.core import clock, pages
from libnet.core.errors import NotFound
from libnet.network.models import Library
from libnet.patrons import access as patrons_access


def _overdue_filter(request: HttpRequest) -> tuple[OverdueFilterForm, Library, dt.date]:
    """The filters of the overdue list and the library it is for.

    Another library's list does not exist for the user (NotFound, as for any of its
    objects). Other filters that cannot be read (`?min_days=-5`) leave the form invalid,
    with a sentence for the field; the page shows it with status 400 (_overdue_page).
    """
    libraries = desk_libraries(request.user)
    form = OverdueFilterForm(request.GET or None, libraries=libraries)
    if form.is_bound and not form.is_valid() and "library" in form.errors:
        raise NotFound("library_not_found")
    library = form.cleaned_data.get("library") if form.is_bound and form.is_valid() else None
    if library is None:
        library = chosen_desk(request) or libraries.first()
    if library is None:
        raise NotFound("library_not_found")
    return form, library, clock.today()


def _overdue_loans(form: OverdueFilterForm, library: Library, today: dt.date) -> QuerySet[Loan]:
    loans = selectors.overdue_loans(library_ids=[library.pk], on=today)
    cleaned = form.cleaned_data if form.is_bound else {}
    min_days = cleaned.get("min_days") or 1
    loans = loans.filter(due_on__lte=today - dt.timedelta(days=min_days))
    if cleaned.get("school_class"):
        loans = loans.filter(patron__school_class=cleaned["school_class"])
    return loans.select_related("item__bib", "patron").order_by(
        "patron__school_class", "patron__name_sort_key", "patron_id", "due_on", "pk"
    )


def _overdue_page(
    request: HttpRequest, form: OverdueFilterForm, library: Library, today: dt.date
) -> HttpResponse:
    """The overdue list; with filters that cannot be read, the form and its errors (400)."""
    valid = not form.is_bound or form.is_valid()
    loans = list(_overdue_loans(form, library, today)) if valid else []
    classes = sorted(
        set(
            selectors.overdue_loans(library_ids=[library.pk], on=today)
            .filter(patron__home_library_id__in=patrons_access.staff_library_ids(request.user))
            .exclude(patron__school_class="")
            .values_list("patron__school_class", flat=True)
        )
    )
    for loan in loans:
        loan.days_overdue = (today - loan.due_on).days  # type: ignore[attr-defined]  # for the template
    return render(
        request,
        "circulation/overdue.html",
        {
            "form": form,
            "library": library,
            "loans": loans,
            "classes": classes,
            "reader_count": len({loan.patron_id for loan in loans}),
            # Phone and class only of readers whose card this library issued (patrons.access).
            "issuer_ids": patrons_access.staff_library_ids(request.user),
            "today": today,
            "letters_query": request.GET.urlencode(),
        },
        status=200 if valid else 400,
    )


@login_required
@require_GET
def overdue(request: HttpRequest) -> HttpResponse:
    form, library, today = _overdue_filter(request)
    return _overdue_page(request, form, library, today)


@login_required
@require_GET
def overdue_letters(request: HttpRequest) -> HttpResponse:
    """Reminder letters as a PDF, one page per reader, for the filters of the overdue list."""
    form, library, today = _overdue_filter(request)
    if form.is_bound and not form.is_valid():
        return _overdue_page(request, form, library, today)
    issuer_ids = patrons_access.staff_library_ids(request.user)
    letters = documents.overdue_letters(
        _overdue_loans(form, library, today),
        on=today,
        personal=lambda patron: patron.home_library_id in issuer_ids,
    )
    content = documents.overdue_letters_pdf(letters, library=library, on=today)
    return pages.inline_pdf(content, f"{library.code}-overdue-{today.isoformat()}.pdf")
