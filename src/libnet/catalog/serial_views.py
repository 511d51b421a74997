"""Serials pages, under /staff/serials/: the subscriptions, a title and a subscription added
or changed, a subscription's issues (added by hand, bound or discarded by year), the check-in
desk (scan or tick), and the claims for late issues with their letter. Thin: parse → access →
service → render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.catalog import access, selectors, serial_documents
from libnet.catalog.models import IssueState, SerialFrequency, SerialSubscription
from libnet.catalog.serial_forms import (
    AddIssueForm,
    DisposeForm,
    ScanForm,
    SerialTitleForm,
    SubscriptionEditForm,
    SubscriptionForm,
)
from libnet.catalog.services import serials
from libnet.core import clock, pages, text
from libnet.core.errors import LibnetError, NotFound
from libnet.network import access as network_access
from libnet.network.models import Library


def _libraries(request: HttpRequest, permission: str = "catalog") -> Any:
    ids = network_access.require_role(request.user, permission)
    return Library.objects.filter(pk__in=ids, is_active=True).order_by("sort_key", "code")


def _ids(request: HttpRequest, name: str) -> list[int]:
    """The ticked ids of a list form; an id that is no number is no id of the user's."""
    values = request.POST.getlist(name)
    if not all(value.isascii() and value.isdigit() and len(value) < 19 for value in values):
        raise NotFound("issue_not_found")
    return [int(value) for value in values]


@login_required
@require_GET
def serial_list(request: HttpRequest) -> HttpResponse:
    library_ids = network_access.require_role(request.user, "view")
    today = clock.today()
    subscriptions = list(selectors.serial_subscriptions(library_ids)[:500])
    return render(
        request,
        "catalog/serials/list.html",
        {
            "subscriptions": subscriptions,
            "today": today,
            "titles_held": selectors.serial_titles_held(library_ids, on=today),
            "can_catalog": bool(network_access.visible_library_ids(request.user, "catalog")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def title_new(request: HttpRequest) -> HttpResponse:
    _libraries(request)
    form = SerialTitleForm(request.POST or None)

    def create(data: dict[str, Any]) -> HttpResponse:
        title = serials.create_serial_title(
            title=data["title"],
            issn=data["issn"],
            frequency=data["frequency"],
            publisher=data["publisher"],
            is_popular=data["is_popular"],
            library=network_access.own_library(request.user, "catalog"),
            by=request.user,
        )
        messages.success(request, _("Serial %(title)s added.") % {"title": title.bib.title})
        return redirect(f"{reverse('serials:subscription_new')}?title={title.pk}")

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    return render(
        request, "catalog/serials/title_new.html", {"form": form}, status=pages.form_status(request)
    )


@login_required
@require_http_methods(["GET", "POST"])
def subscription_new(request: HttpRequest) -> HttpResponse:
    libraries = _libraries(request)
    initial: dict[str, Any] = {}
    own = network_access.own_library(request.user, "catalog")
    if own is not None:
        initial["library"] = own.code
    title_id = request.GET.get("title", "")
    if title_id.isascii() and title_id.isdigit() and len(title_id) < 19:
        initial["title"] = int(title_id)
    year = clock.today().year
    initial.update(starts_on=dt.date(year, 1, 1), ends_on=dt.date(year, 12, 31))
    form = SubscriptionForm(request.POST or None, libraries=libraries, initial=initial)

    def create(data: dict[str, Any]) -> HttpResponse:
        subscription = serials.subscribe(by=request.user, **data)
        messages.success(
            request,
            _("Subscription recorded: %(count)s issues expected.")
            % {"count": subscription.issues.count()},
        )
        return redirect("serials:subscription", subscription.pk)

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    return render(
        request,
        "catalog/serials/subscription_form.html",
        {"form": form, "subscription": None},
        status=pages.form_status(request),
    )


def _period(request: HttpRequest, subscription: SerialSubscription) -> tuple[int, int | None]:
    """The year of issues the subscription's page shows, and the month for a daily (a month
    of a daily is also what is bound into one volume)."""
    today = clock.today()
    running = subscription.starts_on <= today <= subscription.ends_on
    value = request.GET.get("year", "")
    if value.isascii() and value.isdigit() and len(value) == 4:
        year = int(value)
    else:
        year = today.year if running else subscription.starts_on.year
    if subscription.title.frequency != SerialFrequency.DAILY:
        return year, None
    value = request.GET.get("month", "")
    if value.isascii() and value.isdigit() and 1 <= int(value) <= 12:
        return year, int(value)
    return year, today.month if running and year == today.year else 1


def _detail(
    request: HttpRequest,
    subscription: SerialSubscription,
    *,
    add_form: AddIssueForm | None = None,
    dispose_form: DisposeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    year, month = _period(request, subscription)
    issues = subscription.issues.filter(expected_on__year=year)
    if month is not None:
        issues = issues.filter(expected_on__month=month)
    issues = issues.prefetch_related("copies").order_by("expected_on", "number")
    counts = dict.fromkeys(IssueState.values, 0)
    for state in subscription.issues.values_list("state", flat=True):
        counts[state] += 1
    years = list(range(subscription.starts_on.year, subscription.ends_on.year + 1))
    return render(
        request,
        "catalog/serials/subscription.html",
        {
            "subscription": subscription,
            "year": year,
            "years": years,
            "month": month,
            "months": range(1, 13) if month is not None else (),
            "issues": issues,
            "counts": counts,
            "can_change": network_access.can(request.user, "catalog", subscription.library),
            "add_form": add_form or AddIssueForm(),
            "dispose_form": dispose_form or DisposeForm(initial={"action": "bind"}),
        },
        status=status,
    )


@login_required
@require_GET
def subscription_detail(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = access.get_subscription_for_staff(request.user, subscription_id)
    return _detail(request, subscription)


@login_required
@require_http_methods(["GET", "POST"])
def subscription_edit(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = access.get_subscription_for_staff(request.user, subscription_id, "catalog")
    libraries = Library.objects.filter(pk=subscription.library_id)
    initial = {name: getattr(subscription, name) for name in serials.SUBSCRIPTION_FIELDS}
    form = SubscriptionEditForm(request.POST or None, libraries=libraries, initial=initial)

    def change(data: dict[str, Any]) -> HttpResponse:
        serials.change_subscription(subscription=subscription, by=request.user, **data)
        messages.success(request, _("Subscription changed; its expected issues follow it."))
        return redirect("serials:subscription", subscription.pk)

    done = pages.submit(request, form, change)
    if done is not None:
        return done
    return render(
        request,
        "catalog/serials/subscription_form.html",
        {"form": form, "subscription": subscription},
        status=pages.form_status(request),
    )


@login_required
@require_POST
def issue_add(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = access.get_subscription_for_staff(request.user, subscription_id, "catalog")
    form = AddIssueForm(request.POST)

    def add(data: dict[str, Any]) -> HttpResponse:
        issue = serials.add_issue(subscription=subscription, by=request.user, **data)
        messages.success(
            request, _("Issue %(issue)s added.") % {"issue": serials.issue_label(issue)}
        )
        url = reverse("serials:subscription", args=[subscription.pk])
        return redirect(f"{url}?year={issue.expected_on.year}")

    done = pages.submit(request, form, add)
    if done is not None:
        return done
    return _detail(request, subscription, add_form=form, status=400)


@login_required
@require_POST
def issues_dispose(request: HttpRequest, subscription_id: int) -> HttpResponse:
    """Bind the ticked issues into a volume, or discard them."""
    subscription = access.get_subscription_for_staff(request.user, subscription_id, "catalog")
    ticked = access.issues_for_staff(request.user, _ids(request, "issue"), "catalog")
    form = DisposeForm(request.POST)

    def dispose(data: dict[str, Any]) -> HttpResponse:
        issues = ticked
        if data["all_shown"]:
            year, month = _period(request, subscription)
            issues = list(selectors.received_issues_of_year(subscription, year, month=month))
        if data["action"] == "bind":
            volume = serials.bind_issues(
                issues=issues, barcode=data["barcode"], note=data["note"], by=request.user
            )
            messages.success(
                request,
                _("%(count)s issues bound into the volume %(barcode)s.")
                % {"count": len(issues), "barcode": volume.barcode},
            )
        else:
            serials.discard_issues(issues=issues, note=data["note"], by=request.user)
            messages.success(request, _("%(count)s issues discarded.") % {"count": len(issues)})
        return redirect(request.get_full_path())

    done = pages.submit(request, form, dispose)
    if done is not None:
        return done
    return _detail(request, subscription, dispose_form=form, status=400)


# ---------------------------------------------------------------- check-in


def _checkin(
    request: HttpRequest, libraries: Any, form: ScanForm, *, status: int = 200
) -> HttpResponse:
    today = clock.today()
    due = list(selectors.issues_due([library.pk for library in libraries], until=today)[:300])
    return render(
        request,
        "catalog/serials/checkin.html",
        {"form": form, "due": due, "today": today},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    """The check-in desk: scan an arriving issue (ISSN or cover barcode, and the issue), or
    tick the issues due that have come."""
    libraries = _libraries(request)
    own = network_access.own_library(request.user, "catalog")
    initial = {"library": own.code} if own is not None else {}
    is_scan = request.method == "POST" and "code" in request.POST
    form = ScanForm(request.POST if is_scan else None, libraries=libraries, initial=initial)
    if request.method == "POST" and not is_scan:
        issues = access.issues_for_staff(request.user, _ids(request, "issue"), "catalog")
        try:
            received = serials.receive_issues(
                issues=sorted(issues, key=lambda issue: issue.pk), by=request.user
            )
        except LibnetError as refusal:
            messages.error(request, refusal.message)
            return _checkin(request, libraries, form, status=400)
        messages.success(request, _("%(count)s issues received.") % {"count": len(received)})
        return redirect("serials:checkin")

    def receive(data: dict[str, Any]) -> HttpResponse:
        issue = serials.find_scanned_issue(
            library=data["library"], code=data["code"], issue=data["issue"]
        )
        serials.receive_issue(issue=issue, copies=data["copies"], by=request.user)
        messages.success(
            request,
            _("Received: %(title)s, %(issue)s.")
            % {"title": issue.subscription.title.bib.title, "issue": serials.issue_label(issue)},
        )
        return redirect("serials:checkin")

    done = pages.submit(request, form, receive)
    if done is not None:
        return done
    return _checkin(request, libraries, form, status=pages.form_status(request))


# ---------------------------------------------------------------- claims


@login_required
@require_http_methods(["GET", "POST"])
def claims(request: HttpRequest) -> HttpResponse:
    """Late issues to claim (tick, then claim) and the open claims, by supplier, with the
    letter to send each."""
    libraries = _libraries(request)
    library_ids = [library.pk for library in libraries]
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "claim":
                issues = access.issues_for_staff(request.user, _ids(request, "issue"), "catalog")
                made = serials.raise_claims(
                    issues=issues, note=request.POST.get("note", "")[:300], by=request.user
                )
                messages.success(request, _("%(count)s issues claimed.") % {"count": len(made)})
            elif action == "sent":
                chosen = access.claims_for_staff(request.user, _ids(request, "claim"), "catalog")
                count = serials.mark_claims_sent(claims=chosen, by=request.user)
                messages.success(request, _("%(count)s claims marked as sent.") % {"count": count})
            elif action == "cancel":
                chosen = access.claims_for_staff(request.user, _ids(request, "claim"), "catalog")
                count = serials.cancel_claims(
                    claims=chosen, note=request.POST.get("note", "")[:300], by=request.user
                )
                messages.success(request, _("%(count)s claims cancelled.") % {"count": count})
            else:
                raise NotFound("not_found")
        except NotFound:
            raise
        except LibnetError as refusal:
            messages.error(request, refusal.message)
            return _claims_page(request, library_ids, status=400)
        return redirect("serials:claims")
    return _claims_page(request, library_ids)


def _claims_page(
    request: HttpRequest, library_ids: list[int], *, status: int = 200
) -> HttpResponse:
    open_claims = list(selectors.serial_claims(library_ids))
    groups: dict[tuple[int, str], dict[str, Any]] = {}
    for claim in open_claims:
        subscription = claim.issue.subscription
        key = (subscription.library_id, subscription.supplier)
        group = groups.setdefault(
            key,
            {"library": subscription.library, "supplier": subscription.supplier, "claims": []},
        )
        group["claims"].append(claim)
    return render(
        request,
        "catalog/serials/claims.html",
        {"late": selectors.late_issues(library_ids), "groups": list(groups.values())},
        status=status,
    )


@login_required
@require_GET
def claim_letter(request: HttpRequest) -> HttpResponse:
    """The claim letter to one supplier of one library: its open claims, as a PDF."""
    library = network_access.get_library_for_staff(
        request.user, text.identifier(request.GET.get("library", "")), "catalog"
    )
    supplier = text.clean(request.GET.get("supplier", ""))
    chosen = [
        claim
        for claim in selectors.serial_claims([library.pk])
        if claim.issue.subscription.supplier == supplier
    ]
    if not chosen:
        raise NotFound("claim_not_found")
    content = serial_documents.claim_letter_pdf(
        chosen, library=library, supplier=supplier, on=clock.today()
    )
    return pages.inline_pdf(content, f"khieu-nai-bao-{library.code}.pdf")
