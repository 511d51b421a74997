"""Staff pages of donations, under /staff/donations/: drives and their progress, donations
received (with the receipt and thank-you letter as PDF), cataloguing their copies, donors,
and the donated books passed on to the libraries below."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.catalog import access as catalog_access
from libnet.core import clock, pages
from libnet.core.errors import LibnetError
from libnet.donations import access, documents, selectors, services
from libnet.donations.forms import (
    CatalogueForm,
    DonationForm,
    DonorForm,
    DriveForm,
    LineFormSet,
    PassOnForm,
)
from libnet.donations.models import Donation
from libnet.donations.services import NewLine
from libnet.network import access as network_access
from libnet.network.errors import RoleRequired

RECENT = 100


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The drives the user sees with their progress, and the donations of their libraries."""
    network_access.require_role(request.user, "view")
    drives = list(access.drives_for_staff(request.user).select_related("library")[:RECENT])
    progress = selectors.drive_progress(drives)
    records_donations = bool(access.donation_library_ids(request.user))
    context: dict[str, Any] = {
        "drives": [(drive, progress[drive.pk]) for drive in drives],
        "records_donations": records_donations,
    }
    if records_donations:
        donations = list(
            access.donations_for_staff(request.user).select_related("library", "donor", "drive")[
                :RECENT
            ]
        )
        totals = selectors.donation_totals(donation.pk for donation in donations)
        year = clock.today().year
        context["year"] = year
        context["summary"] = selectors.year_summary(access.donation_library_ids(request.user), year)
        context["donations"] = [
            (donation, totals.get(donation.pk, (0, 0))) for donation in donations
        ]
        gifts = list(
            access.gifts_for_staff(request.user).select_related("library", "destination")[:RECENT]
        )
        copies = selectors.passed_on_copies(gift.pk for gift in gifts)
        context["gifts"] = [(gift, copies.get(gift.pk, 0)) for gift in gifts]
    return render(request, "donations/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def drive_new(request: HttpRequest) -> HttpResponse:
    access.require_donation_role(request.user)
    form = DriveForm(
        request.POST or None,
        libraries=access.libraries_for_donations(request.user),
        initial={"library": network_access.own_library(request.user)},
    )

    def create(data: dict[str, Any]) -> HttpResponse:
        drive = services.open_drive(
            library=data["library"],
            title=data["title"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            goal_books=data["goal_books"],
            goal_vnd=data["goal_vnd"],
            covers_subtree=data["covers_subtree"],
            note=data["note"],
            by=request.user,
        )
        messages.success(request, _("Drive “%(title)s” opened.") % {"title": drive.title})
        return redirect("donations:drive", drive.pk)

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    return render(
        request, "donations/drive_new.html", {"form": form}, status=pages.form_status(request)
    )


@login_required
@require_GET
def drive(request: HttpRequest, drive_id: int) -> HttpResponse:
    """A drive's progress; the donations for it that the user's libraries recorded."""
    found = access.get_drive_for_staff(request.user, drive_id)
    donations = list(
        access.donations_for_staff(request.user)
        .filter(drive=found)
        .select_related("library", "donor")[:RECENT]
    )
    totals = selectors.donation_totals(donation.pk for donation in donations)
    return render(
        request,
        "donations/drive.html",
        {
            "drive": found,
            "progress": selectors.drive_progress([found])[found.pk],
            "donations": [(donation, totals.get(donation.pk, (0, 0))) for donation in donations],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def donors(request: HttpRequest) -> HttpResponse:
    """The donors of the user's libraries, and a form to add one."""
    access.require_donation_role(request.user)
    form = DonorForm(
        request.POST or None,
        libraries=access.libraries_for_donations(request.user),
        initial={"library": network_access.own_library(request.user)},
    )

    def create(data: dict[str, Any]) -> HttpResponse:
        donor = services.record_donor(
            library=data["library"],
            kind=data["kind"],
            name=data["name"],
            contact=data["contact"],
            school_class=data["school_class"],
            by=request.user,
        )
        messages.success(request, _("Donor “%(name)s” added.") % {"name": donor.name})
        return redirect("donations:donors")

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    listed = access.donors_for_staff(request.user).select_related("library")[:500]
    return render(
        request,
        "donations/donors.html",
        {"form": form, "donors": listed},
        status=pages.form_status(request),
    )


def _new_lines(formset: Any) -> list[NewLine]:
    return [
        NewLine(
            copies=line.cleaned_data["copies"],
            title=line.cleaned_data["title"],
            isbn=line.cleaned_data["isbn"],
            value_vnd=line.cleaned_data["value_vnd"],
            condition=line.cleaned_data["condition"],
        )
        for line in formset
        if not line.is_blank()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def donation_new(request: HttpRequest) -> HttpResponse:
    """Record books received: the library, the donor, the drive, the day, the titles."""
    access.require_donation_role(request.user)
    form = DonationForm(
        request.POST or None,
        libraries=access.libraries_for_donations(request.user),
        donors=access.donors_for_staff(request.user),
        drives=access.drives_for_staff(request.user).select_related("library"),
        initial={"received_on": clock.today(), "library": network_access.own_library(request.user)},
    )
    lines = LineFormSet(request.POST or None, prefix="lines")

    def create(data: dict[str, Any]) -> HttpResponse | None:
        if not lines.is_valid():
            return None
        donation = services.record_donation(
            library=data["library"],
            donor=data["donor"],
            drive=data["drive"],
            received_on=data["received_on"],
            money_vnd=data["money_vnd"],
            note=data["note"],
            lines=_new_lines(lines),
            by=request.user,
        )
        messages.success(
            request,
            _("Donation recorded, receipt number %(number)s.")
            % {"number": donation.receipt_number},
        )
        return redirect("donations:donation", donation.pk)

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    return render(
        request,
        "donations/donation_new.html",
        {"form": form, "lines": lines, "donors_url": reverse("donations:donors")},
        status=pages.form_status(request),
    )


def _donation_context(request: HttpRequest, donation: Donation, **extra: Any) -> dict[str, Any]:
    lines = list(donation.lines.select_related("bib"))
    left = [line for line in lines if line.remaining]
    can_catalogue = network_access.can(request.user, "catalog", donation.library)
    context: dict[str, Any] = {
        "donation": donation,
        "lines": [
            (line, CatalogueForm(prefix=f"catalogue-{line.pk}", initial={"copies": line.remaining}))
            for line in lines
        ],
        "copies": sum(line.copies for line in lines),
        "value": sum(line.value_vnd or 0 for line in lines),
        "can_catalogue": can_catalogue,
        "can_see_contact": access.can_see_contact(request.user, donation.donor),
        "pass_on_form": PassOnForm(
            destinations=selectors.pass_on_destinations(donation.library),
            lines=left,
            initial={"given_on": clock.today()},
        )
        if left
        else None,
        "gifts": donation.library.onward_gifts.filter(lines__line__donation=donation)
        .select_related("destination")
        .distinct(),
    }
    context.update(extra)
    return context


@login_required
@require_GET
def donation(request: HttpRequest, donation_id: int) -> HttpResponse:
    found = access.get_donation_for_staff(request.user, donation_id)
    return render(request, "donations/donation.html", _donation_context(request, found))


@login_required
@require_POST
def catalogue(request: HttpRequest, donation_id: int, line_id: int) -> HttpResponse:
    """Add copies of a donated title to the catalogue of the library that received it."""
    found = access.get_donation_for_staff(request.user, donation_id)
    line = access.get_line_for_staff(request.user, found, line_id)
    if not network_access.can(request.user, "catalog", found.library):
        raise RoleRequired("catalog")
    form = CatalogueForm(request.POST, prefix=f"catalogue-{line.pk}")
    if form.is_valid():
        try:
            bib = None
            if form.cleaned_data["record"]:
                bib = catalog_access.get_record_for_staff(request.user, form.cleaned_data["record"])
            copies = services.catalogue_donated_copies(
                line=line, copies=form.cleaned_data["copies"], bib=bib, by=request.user
            )
        except LibnetError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(count)s copies of “%(title)s” added to the catalogue: %(numbers)s.")
                % {
                    "count": len(copies),
                    "title": line.title,
                    "numbers": ", ".join(copy.accession_number for copy in copies),
                },
            )
            return redirect("donations:donation", found.pk)
    else:
        for field_errors in form.errors.values():
            for field_error in field_errors:
                messages.error(request, str(field_error))
    return render(request, "donations/donation.html", _donation_context(request, found), status=400)


@login_required
@require_POST
def pass_on(request: HttpRequest, donation_id: int) -> HttpResponse:
    """Give donated books of this donation, not catalogued, to a library below."""
    found = access.get_donation_for_staff(request.user, donation_id)
    left = [line for line in found.lines.all() if line.remaining]
    form = PassOnForm(
        request.POST, destinations=selectors.pass_on_destinations(found.library), lines=left
    )

    def give(data: dict[str, Any]) -> HttpResponse:
        gift = services.pass_on_donated_books(
            library=found.library,
            destination=data["destination"],
            given_on=data["given_on"],
            lines=form.chosen_lines(),
            note=data["note"],
            by=request.user,
        )
        messages.success(
            request,
            _("Books passed on to %(library)s.") % {"library": gift.destination.name},
        )
        return redirect("donations:donation", found.pk)

    done = pages.submit(request, form, give)
    if done is not None:
        return done
    return render(
        request,
        "donations/donation.html",
        _donation_context(request, found, pass_on_form=form, pass_on_open=True),
        status=400,
    )


@login_required
@require_GET
def receipt(request: HttpRequest, donation_id: int) -> HttpResponse:
    """The receipt and thank-you letter (giấy biên nhận, thư cảm ơn) as PDF."""
    found = access.get_donation_for_staff(request.user, donation_id)
    content = documents.receipt_pdf(found, list(found.lines.all()))
    return pages.inline_pdf(content, f"bien-nhan-{found.receipt_number}.pdf")
