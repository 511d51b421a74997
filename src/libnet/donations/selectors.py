"""Reads of donations: a record by ISBN, a drive's progress, the figures of a page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, QuerySet, Sum

from libnet.catalog.marc import normalise_isbn
from libnet.catalog.models import BibIsbn, BibRecord
from libnet.donations import policies
from libnet.donations.models import Donation, DonationLine, Drive, OnwardGiftLine
from libnet.network import selectors as network_selectors
from libnet.network.models import Library


def record_by_isbn(isbn: str) -> BibRecord | None:
    """The catalogue record holding `isbn` (any form: hyphens, ISBN-10), or None; the oldest
    when several do."""
    isbn13 = normalise_isbn(isbn)
    if isbn13 is None:
        return None
    first = BibIsbn.objects.filter(isbn13=isbn13).select_related("bib").order_by("bib_id").first()
    return first.bib if first is not None else None


@dataclass(frozen=True)
class DriveProgress:
    """What a drive has gathered: donations, books received, money, and the share of the goal."""

    donations: int
    books: int
    money_vnd: int
    percent: int | None
    money_percent: int | None


def drive_progress(drives: Iterable[Drive]) -> dict[int, DriveProgress]:
    """The progress of each of `drives`, by id (two queries for any number of drives)."""
    drives = list(drives)
    ids = [drive.pk for drive in drives]
    books = dict(
        DonationLine.objects.filter(donation__drive_id__in=ids)
        .values_list("donation__drive_id")
        .annotate(total=Sum("copies"))
        .order_by()
    )
    counts = {
        drive_id: (count, money or 0)
        for drive_id, count, money in Donation.objects.filter(drive_id__in=ids)
        .values_list("drive_id")
        .annotate(count=Count("pk"), money=Sum("money_vnd"))
        .order_by()
    }
    result = {}
    for drive in drives:
        count, money = counts.get(drive.pk, (0, 0))
        received = books.get(drive.pk) or 0
        result[drive.pk] = DriveProgress(
            donations=count,
            books=received,
            money_vnd=money,
            percent=policies.progress_percent(received=received, goal=drive.goal_books),
            money_percent=policies.progress_percent(received=money, goal=drive.goal_vnd),
        )
    return result


def donation_totals(donation_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Copies and estimated value of each donation of `donation_ids`, by id (one query)."""
    return {
        donation_id: (copies or 0, value or 0)
        for donation_id, copies, value in DonationLine.objects.filter(
            donation_id__in=list(donation_ids)
        )
        .values_list("donation_id")
        .annotate(copies=Sum("copies"), value=Sum("value_vnd"))
        .order_by()
    }


def lines_left(library_id: int) -> QuerySet[DonationLine]:
    """Lines of the library's donations with copies neither catalogued nor passed on."""
    return (
        DonationLine.objects.filter(donation__library_id=library_id)
        .filter(catalogued__lt=F("copies") - F("passed_on"))
        .select_related("donation", "donation__donor")
        .order_by("donation__received_on", "pk")
    )


def passed_on_copies(gift_ids: Iterable[int]) -> dict[int, int]:
    """Copies in each onward gift, by id (one query)."""
    return dict(
        OnwardGiftLine.objects.filter(gift_id__in=list(gift_ids))
        .values_list("gift_id")
        .annotate(total=Sum("copies"))
        .order_by()
    )


def pass_on_destinations(library: Library) -> QuerySet[Library]:
    """The libraries `library` may pass donated books on to: those below it in the network."""
    below = network_selectors.subtree_ids([library.pk]) - {library.pk}
    return Library.objects.filter(pk__in=below, is_active=True).order_by("sort_key", "code")


@dataclass(frozen=True)
class YearSummary:
    """A year of donations at some libraries: donations and books received, copies of them
    catalogued so far, books passed on."""

    donations: int
    books_received: int
    catalogued: int
    passed_on: int


def year_summary(library_ids: Iterable[int], year: int) -> YearSummary:
    """The donations of `library_ids` received in `year`, and the books they passed on that
    year (three queries)."""
    ids = list(library_ids)
    lines = DonationLine.objects.filter(
        donation__library_id__in=ids, donation__received_on__year=year
    ).aggregate(books=Sum("copies"), catalogued=Sum("catalogued"))
    passed_on = OnwardGiftLine.objects.filter(
        gift__library_id__in=ids, gift__given_on__year=year
    ).aggregate(copies=Sum("copies"))
    return YearSummary(
        donations=Donation.objects.filter(library_id__in=ids, received_on__year=year).count(),
        books_received=lines["books"] or 0,
        catalogued=lines["catalogued"] or 0,
        passed_on=passed_on["copies"] or 0,
    )
