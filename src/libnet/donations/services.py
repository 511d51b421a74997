"""Every write of donations: check → write → audit, one transaction each.

A donation is counted once as "donated books received" (on the day received) and each copy
catalogued from it once as "copies added" (catalog.add_items, in the donation's intake
batch with source `donation`); a line's copies are catalogued or passed on at most once
(checked here, and by a constraint on the table).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from libnet.catalog import services as catalog_services
from libnet.catalog.marc import normalise_isbn
from libnet.catalog.models import MAX_PRICE_VND, BibRecord, Item, ItemSource
from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.core.validation import check_date
from libnet.donations import policies, selectors, stats_sources
from libnet.donations.errors import DonationInvalid, DonationRefused
from libnet.donations.models import (
    MAX_COPIES_PER_LINE,
    MAX_GOAL_BOOKS,
    Condition,
    Donation,
    DonationLine,
    Donor,
    DonorKind,
    Drive,
    OnwardGift,
    OnwardGiftLine,
)
from libnet.network import selectors as network_selectors
from libnet.network.models import Library

_DONOR_FIELDS = ("kind", "name", "school_class")
_DRIVE_FIELDS = ("title", "starts_on", "ends_on", "goal_books", "goal_vnd", "covers_subtree")
_DONATION_FIELDS = ("receipt_number", "received_on", "donor", "drive", "money_vnd")


@dataclass(frozen=True)
class NewLine:
    """A title received in a donation: typed, or found by its ISBN (or its record)."""

    copies: int
    title: str = ""
    isbn: str = ""
    value_vnd: int | None = None
    condition: str = Condition.GOOD
    bib: BibRecord | None = None


def _check_value(value_vnd: int | None) -> None:
    if value_vnd is not None and not 0 <= value_vnd <= MAX_PRICE_VND:
        raise DonationInvalid("bad_value", max=f"{MAX_PRICE_VND:,}".replace(",", "."))


def _check_copies(copies: int) -> None:
    if not 1 <= copies <= MAX_COPIES_PER_LINE:
        raise DonationInvalid("bad_copies", max=MAX_COPIES_PER_LINE)


@transaction.atomic
def record_donor(
    *,
    library: Library,
    kind: str,
    name: str,
    by: Actor,
    contact: str = "",
    school_class: str = "",
    at: dt.datetime | None = None,
) -> Donor:
    """Record a donor at `library`. Raises DonationInvalid without a name or a known kind."""
    name = text.clean(name)
    if not name:
        raise DonationInvalid("name_required")
    if kind not in DonorKind.values:
        raise DonationInvalid("bad_kind")
    at = at or clock.now()
    donor = Donor.objects.create(
        library=library,
        kind=kind,
        name=name[:200],
        contact=text.clean(contact)[:300],
        school_class=text.clean(school_class)[:200],
        created_at=at,
        created_by=audit.user_of(by),
    )
    # The contact is personal data: the audit log keeps that it was given, not what it is.
    audit.record(
        "donor.create",
        subject=donor,
        by=by,
        at=at,
        library_id=library.pk,
        after=audit.snapshot(donor, _DONOR_FIELDS),
    )
    return donor


@transaction.atomic
def open_drive(
    *,
    library: Library,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    goal_books: int,
    by: Actor,
    goal_vnd: int | None = None,
    covers_subtree: bool = False,
    note: str = "",
    at: dt.datetime | None = None,
) -> Drive:
    """Open a donation drive of `library` (with the libraries below it, `covers_subtree`).

    Raises DonationInvalid for a missing title, a period ending before it starts, a goal
    out of range, and DateOutOfRange for dates out of range."""
    title = text.clean(title)
    if not title:
        raise DonationInvalid("title_required")
    check_date(starts_on, field=_("Starts on"), window="operational")
    check_date(ends_on, field=_("Ends on"), window="operational")
    if ends_on < starts_on:
        raise DonationInvalid("bad_period")
    if not 1 <= goal_books <= MAX_GOAL_BOOKS:
        raise DonationInvalid("bad_goal", max=f"{MAX_GOAL_BOOKS:,}".replace(",", "."))
    _check_value(goal_vnd)
    at = at or clock.now()
    drive = Drive.objects.create(
        library=library,
        covers_subtree=covers_subtree,
        title=title[:300],
        starts_on=starts_on,
        ends_on=ends_on,
        goal_books=goal_books,
        goal_vnd=goal_vnd or None,
        note=text.clean(note)[:500],
        created_at=at,
        created_by=audit.user_of(by),
    )
    audit.record(
        "drive.create",
        subject=drive,
        by=by,
        at=at,
        library_id=library.pk,
        after=audit.snapshot(drive, _DRIVE_FIELDS),
    )
    return drive


def _check_drive(drive: Drive, library: Library, received_on: dt.date) -> None:
    if drive.library_id != library.pk and not (
        drive.covers_subtree and drive.library_id in network_selectors.ancestor_ids(library.pk)
    ):
        raise DonationRefused("drive_not_open_here", drive=drive.title)
    if not drive.starts_on <= received_on <= drive.ends_on:
        raise DonationRefused(
            "outside_drive_period",
            drive=drive.title,
            start=drive.starts_on.strftime("%d/%m/%Y"),
            end=drive.ends_on.strftime("%d/%m/%Y"),
            day=received_on.strftime("%d/%m/%Y"),
        )


def _line(donation: Donation, new: NewLine) -> DonationLine:
    """The row of `new`, checked: a valid ISBN (its record found in the catalogue when there
    is one), a title typed or taken from the record, copies and value in range."""
    isbn = ""
    bib = new.bib
    if new.isbn.strip():
        normalised = normalise_isbn(new.isbn)
        if normalised is None:
            raise DonationInvalid("bad_isbn", isbn=text.clean(new.isbn))
        isbn = normalised
        if bib is None:
            bib = selectors.record_by_isbn(isbn)
    title = text.clean(new.title) or (bib.title if bib is not None else "")
    if not title:
        raise DonationInvalid("line_title_required")
    _check_copies(new.copies)
    _check_value(new.value_vnd)
    if new.condition not in Condition.values:
        raise DonationInvalid("bad_condition")
    return DonationLine(
        donation=donation,
        bib=bib,
        title=title[:500],
        isbn=isbn,
        copies=new.copies,
        value_vnd=new.value_vnd,
        condition=new.condition,
    )


def _next_receipt_number(library: Library, year: int) -> str:
    # The library's row is locked: two desks recording a donation at once take turns.
    Library.objects.select_for_update().filter(pk=library.pk).first()
    taken = set(
        Donation.objects.filter(
            library=library,
            receipt_number__startswith=policies.receipt_number(year=year, sequence=0)[:-4],
        ).values_list("receipt_number", flat=True)
    )
    sequence = len(taken) + 1
    while policies.receipt_number(year=year, sequence=sequence) in taken:
        sequence += 1
    return policies.receipt_number(year=year, sequence=sequence)


@transaction.atomic
def record_donation(
    *,
    library: Library,
    donor: Donor,
    received_on: dt.date,
    lines: Sequence[NewLine],
    by: Actor,
    drive: Drive | None = None,
    money_vnd: int | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> Donation:
    """Record books received at `library` from `donor` on `received_on`, with a receipt
    number, and count them as donated books received that day (catalogued or not).

    Raises DonationInvalid (no line, a bad line), DonationRefused (a donor of another
    library, a drive not open at this library or on that day) and DateOutOfRange; nothing is
    written then."""
    if donor.library_id != library.pk:
        raise DonationRefused("donor_of_other_library")
    check_date(received_on, field=_("Received on"), window="historical")
    if drive is not None:
        _check_drive(drive, library, received_on)
    if not lines:
        raise DonationInvalid("no_lines")
    _check_value(money_vnd)
    at = at or clock.now()
    donation = Donation(
        library=library,
        donor=donor,
        drive=drive,
        received_on=received_on,
        money_vnd=money_vnd or None,
        note=text.clean(note)[:500],
        created_at=at,
        created_by=audit.user_of(by),
    )
    rows = [_line(donation, new) for new in lines]
    donation.receipt_number = _next_receipt_number(library, received_on.year)
    donation.save()
    for row in rows:
        row.donation = donation
    DonationLine.objects.bulk_create(rows)
    copies = sum(row.copies for row in rows)
    stats_sources.count_received(library_id=library.pk, day=received_on, copies=copies)
    audit.record(
        "donation.create",
        subject=donation,
        by=by,
        at=at,
        library_id=library.pk,
        after={**audit.snapshot(donation, _DONATION_FIELDS), "copies": copies},
    )
    return donation


@transaction.atomic
def catalogue_donated_copies(
    *,
    line: DonationLine,
    copies: int,
    by: Actor,
    bib: BibRecord | None = None,
    at: dt.datetime | None = None,
) -> list[Item]:
    """Add `copies` copies of the donated title `line` to the catalogue of the donation's
    library (catalog.add_items, accession numbers from its default register), in the
    donation's intake batch with source `donation` (opened with its first copies): they are
    counted in "copies added" then, once. `bib` names the record when the line has none yet.

    Raises DonationRefused when the line has no record or fewer copies left, and passes on
    catalog's refusal of a copy; nothing is written then."""
    line = (
        DonationLine.objects.select_for_update(of=("self",))
        .select_related("donation__donor")
        .get(pk=line.pk)
    )
    donation = line.donation
    if bib is not None:
        line.bib = bib
    if line.bib is None:
        raise DonationRefused("no_record", title=line.title)
    refusal = policies.copies_refusal(asked=copies, remaining=line.remaining)
    if refusal == "bad_copies":
        raise DonationInvalid("bad_copies", max=MAX_COPIES_PER_LINE)
    if refusal is not None:
        raise DonationRefused(refusal, remaining=line.remaining, title=line.title)
    at = at or clock.now()
    if donation.intake_batch is None:
        donation.intake_batch = catalog_services.open_intake_batch(
            library=donation.library,
            source=ItemSource.DONATION,
            received_on=donation.received_on,
            by=by,
            document_number=donation.receipt_number,
            supplier=donation.donor.name,
            at=at,
        )
        donation.save(update_fields=["intake_batch"])
    price = line.value_vnd // line.copies if line.value_vnd else None
    added = catalog_services.add_items(
        copies=[
            catalog_services.NewCopy(
                bib_id=line.bib.pk,
                library=donation.library,
                source=ItemSource.DONATION,
                price_vnd=price,
                intake_batch=donation.intake_batch,
            )
            for _copy in range(copies)
        ],
        by=by,
        at=at,
        note=donation.receipt_number,
    )
    if added.refused:
        reason = next(iter(added.refused.values()))
        raise DonationRefused("add_refused", reason=reason.message)
    line.catalogued += copies
    line.save(update_fields=["bib", "catalogued"])
    audit.record(
        "donation.catalogue",
        subject=donation,
        by=by,
        at=at,
        library_id=donation.library_id,
        after={"line": line.pk, "copies": copies, "bib": line.bib.pk},
    )
    return added.items


@transaction.atomic
def pass_on_donated_books(
    *,
    library: Library,
    destination: Library,
    given_on: dt.date,
    lines: Sequence[tuple[DonationLine, int]],
    by: Actor,
    note: str = "",
    at: dt.datetime | None = None,
) -> OnwardGift:
    """Give donated books of `library` that are not catalogued on to `destination`, a library
    below it (a commune or school library), and count them as passed on that day.

    A gift, not a loan: unlike a rotation batch nothing comes back, and the destination
    catalogues them as its own. Raises DonationRefused (the same library, one not below it,
    a day before the books were received, more copies than are left, nothing given) and
    DateOutOfRange; nothing is written then."""
    if destination.pk == library.pk:
        raise DonationRefused("same_library")
    if library.pk not in network_selectors.ancestor_ids(destination.pk):
        raise DonationRefused("not_below", library=destination.name)
    check_date(given_on, field=_("Given on"), window="historical")
    wanted = [(line, copies) for line, copies in lines if copies]
    if not wanted:
        raise DonationRefused("nothing_to_pass_on")
    locked = {
        row.pk: row
        for row in DonationLine.objects.select_for_update(of=("self",))
        .filter(pk__in=[line.pk for line, _copies in wanted], donation__library=library)
        .select_related("donation")
    }
    at = at or clock.now()
    gift = OnwardGift(
        library=library,
        destination=destination,
        given_on=given_on,
        note=text.clean(note)[:500],
        created_at=at,
        created_by=audit.user_of(by),
    )
    gift_lines: list[OnwardGiftLine] = []
    for line, copies in wanted:
        row = locked.get(line.pk)
        if row is None:
            raise DonationRefused("nothing_to_pass_on")
        refusal = policies.copies_refusal(asked=copies, remaining=row.remaining)
        if refusal == "bad_copies":
            raise DonationInvalid("bad_copies", max=MAX_COPIES_PER_LINE)
        if refusal is not None:
            raise DonationRefused(refusal, remaining=row.remaining, title=row.title)
        if given_on < row.donation.received_on:
            raise DonationRefused(
                "before_received", received=row.donation.received_on.strftime("%d/%m/%Y")
            )
        row.passed_on += copies
        gift_lines.append(OnwardGiftLine(gift=gift, line=row, copies=copies))
    gift.save()
    for gift_line in gift_lines:
        gift_line.gift = gift
        gift_line.line.save(update_fields=["passed_on"])
    OnwardGiftLine.objects.bulk_create(gift_lines)
    copies_given = sum(gift_line.copies for gift_line in gift_lines)
    stats_sources.count_passed_on(library_id=library.pk, day=given_on, copies=copies_given)
    audit.record(
        "donation.pass_on",
        subject=gift,
        by=by,
        at=at,
        library_id=library.pk,
        after={
            "destination": destination.pk,
            "given_on": given_on.isoformat(),
            "copies": copies_given,
        },
    )
    return gift
