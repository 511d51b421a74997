"""One reader's page and what the issuing library does with the card: renew, block,
unblock, the OPAC PIN, consents, the class, the card as PDF, the export of everything held
about the reader, and erasure on request.

Every reader is looked up through patrons.access: a reader who never used one of the user's
libraries is 404, like one that does not exist; a change is the issuing library's
(access.get_patron_for_change).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.core import audit, clock, pages
from libnet.core.errors import LibnetError, NotFound
from libnet.patrons import access, documents, policies, selectors, services
from libnet.patrons.forms import BlockForm, ClassForm, ConsentForm, EraseForm, PinForm
from libnet.patrons.models import Consent, Patron


def _detail_context(request: HttpRequest, patron: Patron) -> dict[str, Any]:
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
def detail(request: HttpRequest, patron_id: int) -> HttpResponse:
    """The reader's page: all of it for the issuing library, the card and the loans there for
    a library the reader only used (patrons/README.md, who may do what)."""
    patron = access.get_patron_for_staff(request.user, patron_id)
    return render(request, "patrons/detail.html", _detail_context(request, patron))


def _act(
    request: HttpRequest, patron_id: int, action: Callable[[Patron], object], success: str
) -> HttpResponse:
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
def renew(request: HttpRequest, patron_id: int) -> HttpResponse:
    return _act(
        request,
        patron_id,
        lambda patron: services.renew_card(patron=patron, by=request.user),
        _("The card was renewed."),
    )


@login_required
@require_POST
def block(request: HttpRequest, patron_id: int) -> HttpResponse:
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
def unblock(request: HttpRequest, patron_id: int) -> HttpResponse:
    return _act(
        request,
        patron_id,
        lambda patron: services.unblock_patron(patron=patron, by=request.user),
        _("The card is unblocked."),
    )


@login_required
@require_POST
def set_pin(request: HttpRequest, patron_id: int) -> HttpResponse:
    pin = request.POST.get("pin", "")
    return _act(
        request,
        patron_id,
        lambda patron: services.set_pin(patron=patron, pin=pin, by=request.user),
        _("The PIN is set. Give it to the reader in person."),
    )


@login_required
@require_POST
def record_consent(request: HttpRequest, patron_id: int) -> HttpResponse:
    form = ConsentForm(request.POST)
    given_by = form.data.get("given_by", "")
    giver_name = form.data.get("giver_name", "")
    purpose = form.data.get("purpose") or policies.LIBRARY_SERVICE
    return _act(
        request,
        patron_id,
        lambda patron: services.record_consent(
            patron=patron,
            given_by=given_by,
            giver_name=giver_name,
            purpose=purpose,
            by=request.user,
        ),
        _("The consent is recorded."),
    )


@login_required
@require_POST
def withdraw_consent(request: HttpRequest, patron_id: int, consent_id: int) -> HttpResponse:
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
def change_class(request: HttpRequest, patron_id: int) -> HttpResponse:
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
def card_pdf(request: HttpRequest, patron_id: int) -> HttpResponse:
    patron = access.get_patron_for_change(request.user, patron_id)
    return pages.inline_pdf(documents.card_pdf(patron), f"the-{patron.card_number}.pdf")


@login_required
@require_GET
def export(request: HttpRequest, patron_id: int) -> HttpResponse:
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
def erase(request: HttpRequest, patron_id: int) -> HttpResponse:
    patron = access.get_patron_for_change(request.user, patron_id, policies.ERASE)
    card_number = patron.card_number
    form = EraseForm(request.POST or None)

    def erase_patron(data: dict[str, Any]) -> HttpResponse:
        services.erase_patron(patron=patron, by=request.user, reason=data["reason"])
        messages.success(
            request,
            _("The reader's personal data were erased; the card %(number)s no longer exists.")
            % {"number": card_number},
        )
        return redirect("patrons:list")

    done = pages.submit(request, form, erase_patron)
    if done is not None:
        return done
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
