"""Classroom bookcases (tủ sách lớp học): a class's bookcase opened and closed, the school's
copies lent to it and returned.

A copy in a classroom bookcase is claimed (rotation.ItemClaim, kind "classroom": it is in no
rotation batch, transfer or mobile trip at the same time) and is "on rotation" at its own
school, which still holds it. Each barcode is lent or returned in its own transaction; a
refused one is reported and the others go through.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from libnet.catalog import services as catalog_services
from libnet.catalog.models import Item, ItemStatus
from libnet.core import audit, clock, text
from libnet.core.errors import LibnetError
from libnet.core.validation import check_date
from libnet.network.access import User
from libnet.network.models import Library
from libnet.rotation.models import ClaimKind, ItemClaim
from libnet.schools.errors import BookcaseRefused
from libnet.schools.models import CLASS_NAME_LENGTH, BookcaseCopy, ClassroomBookcase
from libnet.schools.services.standard import _user


@transaction.atomic
def open_bookcase(
    *,
    library: Library,
    class_name: object,
    teacher: object,
    opened_on: dt.date | None,
    by: User | None,
    at: dt.datetime | None = None,
) -> ClassroomBookcase:
    """Open a bookcase for a class (one open bookcase per class)."""
    at = at or clock.now()
    name = text.clean(str(class_name or ""))
    keeper = text.clean(str(teacher or ""))
    if not name or len(name) > CLASS_NAME_LENGTH:
        raise BookcaseRefused("class_required", limit=CLASS_NAME_LENGTH)
    if not keeper or len(keeper) > 120:
        raise BookcaseRefused("teacher_required")
    opened_on = opened_on or clock.local_date(at)
    check_date(opened_on, field=_("Opened on"), window="operational")
    if ClassroomBookcase.objects.filter(
        library=library, class_name__iexact=name, closed_on__isnull=True
    ).exists():
        raise BookcaseRefused("already_open", class_name=name)
    bookcase = ClassroomBookcase.objects.create(
        library=library, class_name=name, teacher=keeper, opened_on=opened_on
    )
    audit.record(
        "schools.bookcase_opened",
        subject=bookcase,
        by=by,
        at=at,
        library_id=library.pk,
        after={"class": name, "teacher": keeper},
    )
    return bookcase


@transaction.atomic
def close_bookcase(
    *, bookcase: ClassroomBookcase, by: User | None, at: dt.datetime | None = None
) -> ClassroomBookcase:
    """Close a class's bookcase once every copy lent to it has come back."""
    at = at or clock.now()
    bookcase = ClassroomBookcase.objects.select_for_update().get(pk=bookcase.pk)
    if bookcase.closed_on is not None:
        raise BookcaseRefused("closed")
    out = bookcase.copies.filter(returned_at__isnull=True).count()
    if out:
        raise BookcaseRefused("copies_out", count=out)
    bookcase.closed_on = clock.local_date(at)
    bookcase.save(update_fields=["closed_on"])
    audit.record(
        "schools.bookcase_closed", subject=bookcase, by=by, at=at, library_id=bookcase.library_id
    )
    return bookcase


@dataclass
class BookcaseOutcome:
    """What lending or returning a list of barcodes did: the copies done, the copies that left
    the bookcase without coming back to the shelf (recorded lost, missing, damaged or
    withdrawn meanwhile) and, per barcode, the refusals."""

    done: list[Item]
    refused: list[tuple[str, LibnetError]]
    gone: list[Item] = field(default_factory=list)


def _each(barcodes: Sequence[str], step: object) -> BookcaseOutcome:
    """Run `step` on each barcode once; BookcaseRefused("no_barcodes") when there is none."""
    outcome = BookcaseOutcome(done=[], refused=[])
    unique = list(dict.fromkeys(filter(None, (text.identifier(raw) for raw in barcodes))))
    if not unique:
        raise BookcaseRefused("no_barcodes")
    for barcode in unique:
        try:
            outcome.done.append(step(barcode))  # type: ignore[operator]  # a callable of one barcode
        except LibnetError as error:
            outcome.refused.append((barcode, error))
    return outcome


def _school_copy(bookcase: ClassroomBookcase, barcode: str) -> Item:
    item = (
        Item.objects.select_for_update(of=("self",))
        .select_related("bib")
        .filter(barcode=barcode, home_library_id=bookcase.library_id)
        .first()
    )
    if item is None:
        raise BookcaseRefused("not_the_schools", barcode=barcode)
    return item


def lend_to_bookcase(
    *,
    bookcase: ClassroomBookcase,
    barcodes: Sequence[str],
    by: User | None,
    at: dt.datetime | None = None,
) -> BookcaseOutcome:
    """Lend the school's copies `barcodes` to the class's bookcase: each must be on the
    school's shelf (available, at the school) and in no other movement."""
    at = at or clock.now()

    def lend(barcode: str) -> Item:
        with transaction.atomic():
            case = ClassroomBookcase.objects.select_for_update().get(pk=bookcase.pk)
            if case.closed_on is not None:
                raise BookcaseRefused("closed")
            item = _school_copy(case, barcode)
            if item.status != ItemStatus.AVAILABLE or item.current_library_id != case.library_id:
                raise BookcaseRefused(
                    "not_on_shelf", barcode=barcode, status=ItemStatus(item.status).label
                )
            try:
                with transaction.atomic():
                    ItemClaim.objects.create(
                        item=item, kind=ClaimKind.CLASSROOM, holder_id=case.pk, claimed_at=at
                    )
            except IntegrityError:
                raise BookcaseRefused("claimed", barcode=barcode) from None
            BookcaseCopy.objects.create(bookcase=case, item=item, lent_at=at, lent_by=_user(by))
            catalog_services.move_items(
                items=[item],
                to=ItemStatus.ON_ROTATION,
                by=by,
                at=at,
                reason=_("Classroom bookcase %(class_name)s") % {"class_name": case.class_name},
            )
            return item

    return _each(barcodes, lend)


# A copy lost, missing, damaged or withdrawn while it was in the bookcase (a stocktake, the
# copy's page) leaves the bookcase as it is: its row is closed and its claim released, so
# the bookcase can close and a copy found again can go to another class.
GONE = frozenset({ItemStatus.LOST, ItemStatus.MISSING, ItemStatus.DAMAGED, ItemStatus.WITHDRAWN})


def return_from_bookcase(
    *,
    bookcase: ClassroomBookcase,
    barcodes: Sequence[str],
    by: User | None,
    at: dt.datetime | None = None,
) -> BookcaseOutcome:
    """Take copies back from the class's bookcase to the school's shelf; a copy recorded
    lost, missing, damaged or withdrawn meanwhile leaves the bookcase and keeps its status."""
    at = at or clock.now()

    def take_back(barcode: str) -> Item:
        with transaction.atomic():
            item = _school_copy(bookcase, barcode)
            row = (
                BookcaseCopy.objects.select_for_update()
                .filter(bookcase=bookcase, item=item, returned_at__isnull=True)
                .first()
            )
            if row is None:
                raise BookcaseRefused("not_in_bookcase", barcode=barcode)
            if item.status != ItemStatus.ON_ROTATION and item.status not in GONE:
                raise BookcaseRefused(
                    "not_back", barcode=barcode, status=ItemStatus(item.status).label
                )
            row.returned_at = at
            row.returned_by = _user(by)
            row.save(update_fields=["returned_at", "returned_by"])
            ItemClaim.objects.filter(
                item=item, kind=ClaimKind.CLASSROOM, holder_id=bookcase.pk
            ).delete()
            if item.status in GONE:
                return item
            catalog_services.move_items(
                items=[item],
                to=ItemStatus.AVAILABLE,
                by=by,
                at=at,
                reason=_("Back from classroom bookcase %(class_name)s")
                % {"class_name": bookcase.class_name},
            )
            return item

    outcome = _each(barcodes, take_back)
    outcome.gone = [item for item in outcome.done if item.status in GONE]
    outcome.done = [item for item in outcome.done if item.status not in GONE]
    return outcome
