"""The reader list (search by name, card or phone; a scanned card goes straight to its
reader) and issuing a card."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from libnet.catalog.documents import format_vnd
from libnet.core import clock, pages
from libnet.core.errors import LibnetError, NotFound
from libnet.patrons import access, policies, selectors, services
from libnet.patrons.errors import DuplicateReader
from libnet.patrons.forms import IssueCardForm, add_refusal
from libnet.patrons.models import Patron
from libnet.patrons.views.common import desk_libraries, mark_card_states

PAGE_SIZE = 25


@login_required
@require_GET
def patron_list(request: HttpRequest) -> HttpResponse:
    libraries = desk_libraries(request.user)
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
    mark_card_states(page.object_list, today)
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


@login_required
@require_http_methods(["GET", "POST"])
def issue(request: HttpRequest) -> HttpResponse:
    desk_libraries(request.user)
    fields_url = reverse("patrons:issue_fields")
    if request.method == "POST":
        form = IssueCardForm(request.POST, user=request.user, fields_url=fields_url)
    else:
        form = IssueCardForm(user=request.user, fields_url=fields_url)
    candidates: list[Patron] = []

    def issue_card(data: dict[str, Any]) -> HttpResponse:
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

    def refused(refusal: LibnetError) -> None:
        if isinstance(refusal, DuplicateReader):
            candidates.extend(refusal.candidates)
            form.add_error(None, refusal.message)
        else:
            add_refusal(form, refusal)

    done = pages.submit(request, form, issue_card, refused=refused)
    if done is not None:
        return done
    return render(request, "patrons/issue.html", {"form": form, "candidates": candidates})


@login_required
@require_GET
def issue_fields(request: HttpRequest) -> HttpResponse:
    """The school and consent fields for the chosen category and date of birth (htmx)."""
    desk_libraries(request.user)
    form = IssueCardForm(user=request.user, initial=request.GET.dict())
    return render(request, "patrons/_issue_extra.html", {"form": form})
