"""Copies added to the catalogue (one at a desk, or a batch of an import) and edited."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from libnet.catalog import changes, policies
from libnet.catalog import stats_sources as catalog_stats
from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import (
    MAX_PRICE_VND,
    AccessionRegister,
    BibRecord,
    IntakeBatch,
    Item,
    ItemSource,
    ItemStatus,
    ItemType,
    ShelfLocation,
)
from libnet.catalog.services.registers import Numbering, default_register, grouped
from libnet.core import audit, bulk, clock, plain_sql, text
from libnet.core.audit import Actor
from libnet.core.errors import LibnetError
from libnet.core.validation import check_date, date_window
from libnet.network.models import Library

BARCODE = re.compile(r"^[A-Za-z0-9.\-_/]{1,64}$")
ITEM_AUDIT_FIELDS = (
    "barcode",
    "accession_number",
    "home_library",
    "current_library",
    "shelf_location",
    "call_number",
    "item_type",
    "status",
    "source",
    "price_vnd",
    "acquired_on",
    "notes",
)


def check_price(price_vnd: int | None) -> None:
    """Raise CatalogRefused("invalid_price") for a price outside 0 … MAX_PRICE_VND đồng."""
    if policies.price_refusal(price_vnd):
        raise CatalogRefused(
            "invalid_price", max=grouped(MAX_PRICE_VND), value=grouped(price_vnd or 0)
        )


def check_acquired_on(acquired_on: dt.date | None) -> None:
    """Raise DateOutOfRange for an acquisition date in the future or before 1900."""
    if acquired_on is not None:
        check_date(acquired_on, field=str(_("Acquired on")), window="historical")


# The values of each choice, once: `TextChoices.values` builds its list at every call.
_TYPES, _SOURCES, _STATUSES = (
    frozenset(choices.values) for choices in (ItemType, ItemSource, ItemStatus)
)


def _check_choices(
    *, item_type: str | None = None, source: str | None = None, status: str | None = None
) -> None:
    """Raise CatalogRefused("invalid_choice") for a type, source or status libnet does not know."""
    for value, known, choices, label in (
        (item_type, _TYPES, ItemType, _("Type")),
        (source, _SOURCES, ItemSource, _("Source")),
        (status, _STATUSES, ItemStatus, _("Status")),
    ):
        if value is not None and value not in known:
            raise CatalogRefused(
                "invalid_choice",
                field=label,
                value=value,
                allowed=", ".join(choices.values),
            )


@dataclass
class NewCopy:
    """A copy to add to the catalogue: its record, its owner (`library`) and what is known of
    it. Without a barcode one is made from the owner's code; without an accession number the
    register gives the next one; without a register, the owner's default register numbers it.
    """

    bib_id: int
    library: Library
    barcode: str = ""
    accession_number: str = ""
    register: AccessionRegister | None = None
    shelf_location: ShelfLocation | None = None
    call_number: str = ""
    item_type: str = ItemType.BOOK
    status: str = ItemStatus.AVAILABLE
    source: str = ItemSource.PURCHASE
    price_vnd: int | None = None
    acquired_on: dt.date | None = None
    notes: str = ""
    # The library code the copy had in the system it was imported from, when none mapped.
    source_library_code: str = ""
    # Where the copy is now, when not at its owner.
    current_library: Library | None = None
    # The weeding decision of a copy added as withdrawn (TT 02/2020 Art. 28).
    withdrawal_reference: str = ""
    # The batch it was received in (the general register's Part I): the copy takes its
    # source, and its date when none is given. It must be the owner's batch.
    intake_batch: IntakeBatch | None = None


@dataclass
class AddedItems:
    """What add_items did. `items`: the copies added, in the order given. By position in the
    list given: `refused`, why a copy was not added; `far_ahead`, the register's next number
    where an imported accession number was kept far past it (the counter stays)."""

    items: list[Item] = field(default_factory=list)
    refused: dict[int, LibnetError] = field(default_factory=dict)
    far_ahead: dict[int, str] = field(default_factory=dict)


@dataclass
class _Draft:
    """A copy on its way in: its checked values, and the number the register gives it."""

    copy: NewCopy
    barcode: str
    accession_number: str
    register: AccessionRegister | None
    sequence: int | None = None


def _draft(copy: NewCopy, *, imported: bool, acquired: tuple[dt.date, dt.date]) -> _Draft:
    """The copy's values in their one form, checked as far as the copy alone tells.
    `acquired`: the first and last acquisition date accepted (check_acquired_on's window).

    Raises CatalogRefused (a badly written barcode, a price or choice out of range, a register
    or shelf of another library) or DateOutOfRange (the acquisition date)."""
    barcode = text.identifier(copy.barcode)
    if barcode and not BARCODE.match(barcode):
        raise CatalogRefused("invalid_barcode", barcode=barcode)
    check_price(copy.price_vnd)
    if copy.acquired_on is not None and not acquired[0] <= copy.acquired_on <= acquired[1]:
        check_acquired_on(copy.acquired_on)
    _check_choices(item_type=copy.item_type, source=copy.source, status=copy.status)
    if copy.register is not None and copy.register.library_id != copy.library.pk:
        raise CatalogRefused("register_other_library", prefix=copy.register.prefix)
    if copy.shelf_location is not None and copy.shelf_location.library_id != copy.library.pk:
        raise CatalogRefused("shelf_location_other_library", name=copy.shelf_location.name)
    if copy.intake_batch is not None and copy.intake_batch.library_id != copy.library.pk:
        raise CatalogRefused("batch_of_other_library")
    # An imported number is kept as the other system wrote it; a typed one takes its one form.
    number = (
        text.clean(copy.accession_number) if imported else text.identifier(copy.accession_number)
    )
    return _Draft(copy=copy, barcode=barcode, accession_number=number, register=copy.register)


def _refuse_numbers_in_use(drafts: dict[int, _Draft], result: AddedItems) -> None:
    """Refuse the copies whose barcode (in the network) or accession number (in the owner's
    library) is already used, by a copy in the catalogue or by one earlier in `drafts`."""
    barcodes = {draft.barcode for draft in drafts.values() if draft.barcode}
    taken = (
        set(Item.objects.filter(barcode__in=barcodes).values_list("barcode", flat=True))
        if barcodes
        else set()
    )
    numbers = {draft.accession_number for draft in drafts.values() if draft.accession_number}
    taken_numbers: set[tuple[int, str]] = (
        set(
            Item.objects.filter(accession_number__in=numbers).values_list(
                "home_library_id", "accession_number"
            )
        )
        if numbers
        else set()
    )
    for position, draft in list(drafts.items()):
        library = draft.copy.library
        if draft.barcode and draft.barcode in taken:
            result.refused[position] = CatalogRefused("duplicate_barcode", barcode=draft.barcode)
        elif draft.accession_number and (library.pk, draft.accession_number) in taken_numbers:
            result.refused[position] = CatalogRefused(
                "duplicate_accession_number", number=draft.accession_number, library=library.code
            )
        else:
            taken.add(draft.barcode)
            taken_numbers.add((library.pk, draft.accession_number))
            continue
        del drafts[position]


def _number(
    drafts: dict[int, _Draft], result: AddedItems, *, imported: bool, confirm_jump: bool
) -> None:
    """Give the copies their accession numbers, register by register (catalog.services.
    registers.Numbering), and refuse those whose typed number the register does not take."""
    defaults: dict[int, AccessionRegister | None] = {}
    by_register: dict[int, list[int]] = {}
    registers: dict[int, AccessionRegister] = {}
    for position, draft in drafts.items():
        if draft.register is None:
            library = draft.copy.library
            if library.pk not in defaults:
                defaults[library.pk] = default_register(library)
            draft.register = defaults[library.pk]
        if draft.register is not None:
            registers[draft.register.pk] = draft.register
            by_register.setdefault(draft.register.pk, []).append(position)
    for register_id, positions in by_register.items():
        numbering = Numbering(
            registers[register_id],
            asked=[drafts[p].accession_number for p in positions if drafts[p].accession_number],
        )
        generated: list[int] = []
        for position in positions:
            draft = drafts[position]
            draft.register = numbering.register
            asked = draft.accession_number
            try:
                number, sequence, far_ahead = numbering.take(
                    asked, imported=imported, confirm_jump=confirm_jump
                )
            except CatalogRefused as refusal:
                result.refused[position] = refusal
                del drafts[position]
                continue
            draft.accession_number, draft.sequence = number, sequence
            if far_ahead is not None:
                result.far_ahead[position] = far_ahead
            if not asked:
                generated.append(position)
        _renumber_clashes(drafts, generated, numbering)
        numbering.save()


def _renumber_clashes(
    drafts: dict[int, _Draft], positions: list[int], numbering: Numbering
) -> None:
    """Give the next free number to the copies of `positions` whose new number a copy of the
    same library already carries outside the register's order (one imported, or entered
    before the register was)."""
    while positions:
        wanted = {drafts[p].accession_number: p for p in positions}
        library_ids = {drafts[p].copy.library.pk for p in positions}
        clashes = Item.objects.filter(
            home_library_id__in=library_ids, accession_number__in=list(wanted)
        ).values_list("home_library_id", "accession_number")
        positions = [
            wanted[number]
            for library_id, number in clashes
            if drafts[wanted[number]].copy.library.pk == library_id
        ]
        for position in positions:
            draft = drafts[position]
            draft.accession_number, draft.sequence, _far = numbering.take("", imported=False)


def _give_barcodes(drafts: dict[int, _Draft]) -> None:
    """A barcode for each copy without one: the owner's code and the copy's accession
    sequence (or the catalogue's size), with -1, -2 … when that one is taken."""
    missing = [position for position, draft in drafts.items() if not draft.barcode]
    if not missing:
        return
    hint = Item.objects.count() + 1 if any(drafts[p].sequence is None for p in missing) else 0
    bases: dict[int, str] = {}
    for offset, position in enumerate(missing):
        draft = drafts[position]
        code = re.sub(r"[^A-Z0-9]", "", draft.copy.library.code.upper())
        bases[position] = f"{code}{(draft.sequence or hint + offset):07d}"
    in_batch = {draft.barcode for draft in drafts.values() if draft.barcode}
    candidates = dict(bases)
    suffixes = dict.fromkeys(bases, 0)
    while candidates:
        in_use = set(
            Item.objects.filter(barcode__in=list(candidates.values())).values_list(
                "barcode", flat=True
            )
        )
        clashing: dict[int, str] = {}
        for position, candidate in candidates.items():
            if candidate in in_use or candidate in in_batch:
                suffixes[position] += 1
                clashing[position] = f"{bases[position]}-{suffixes[position]}"
            else:
                drafts[position].barcode = candidate
                in_batch.add(candidate)
        candidates = clashing


def add_items(
    *,
    copies: Sequence[NewCopy],
    by: Actor,
    at: dt.datetime | None = None,
    imported: bool = False,
    confirm_jump: bool = False,
    note: str = "",
) -> AddedItems:
    """Add `copies` to the catalogue; returns what was added and, per copy, what was refused.

    A refused copy (a barcode or accession number already in use, a value out of range, a
    typed number the register does not take: catalog.services.registers.Numbering) is left
    out and the others are added. `imported`: numbers written by another system, kept as
    they are. Each copy added is audited ("item.create") and counted in its owner's daily
    figures (copies added; titles added with a title's first copy there), and the records
    are told to the index (catalog.changes): a few statements for the whole list, so an
    import batch costs little more than one copy. Raises IntegrityError when another
    transaction took a barcode or number meanwhile (nothing is written then).
    """
    at = at or clock.now()
    result = AddedItems()
    # No savepoint of its own inside the caller's transaction: SQLite would copy each page
    # the batch changes into a statement journal. Refusals are returned, not raised, so only
    # a database error ends it early, and then the caller's transaction is rolled back whole
    # (an import redoes the batch; add_item's own savepoint takes it back).
    with transaction.atomic(savepoint=False):
        drafts: dict[int, _Draft] = {}
        acquired = date_window("historical")
        for position, copy in enumerate(copies):
            try:
                drafts[position] = _draft(copy, imported=imported, acquired=acquired)
            except LibnetError as refusal:
                result.refused[position] = refusal
        _refuse_numbers_in_use(drafts, result)
        _number(drafts, result, imported=imported, confirm_jump=confirm_jump)
        _give_barcodes(drafts)
        if not drafts:
            return result
        items = [_item(draft, at) for _position, draft in sorted(drafts.items())]
        bulk.insert_rows(items, with_ids=True)
        audit.record_many(
            "item.create",
            (
                audit.Entry(
                    item, item.home_library_id, after=audit.snapshot(item, ITEM_AUDIT_FIELDS)
                )
                for item in items
            ),
            by=by,
            at=at,
            note=note,
        )
        # Copies and titles added: defined once, in catalog/stats_sources.py.
        catalog_stats.count_copies(items)
        changes.records_changed(item.bib_id for item in items)
        result.items = items
        return result


def _item(draft: _Draft, at: dt.datetime) -> Item:
    """The new copy's row, built without Model.__init__ (an import batch builds hundreds)."""
    copy = draft.copy
    batch = copy.intake_batch
    return plain_sql.new(
        Item,
        bib_id=copy.bib_id,
        barcode=draft.barcode,
        register_id=draft.register.pk if draft.register is not None else None,
        accession_number=draft.accession_number,
        accession_sequence=draft.sequence,
        home_library_id=copy.library.pk,
        current_library_id=(copy.current_library or copy.library).pk,
        shelf_location_id=copy.shelf_location.pk if copy.shelf_location is not None else None,
        call_number=text.clean(copy.call_number),
        item_type=copy.item_type,
        status=copy.status,
        source=batch.source if batch is not None else copy.source,
        price_vnd=copy.price_vnd,
        acquired_on=copy.acquired_on or (batch.received_on if batch is not None else None),
        notes=text.clean(copy.notes),
        source_library_code=copy.source_library_code,
        withdrawal_reference=text.clean(copy.withdrawal_reference),
        intake_batch_id=batch.pk if batch is not None else None,
        created_at=at,
        updated_at=at,
    )


def add_item(
    *,
    bib: BibRecord,
    library: Library,
    by: Actor,
    barcode: str = "",
    register: AccessionRegister | None = None,
    accession_number: str = "",
    confirm_jump: bool = False,
    imported: bool = False,
    shelf_location: ShelfLocation | None = None,
    call_number: str = "",
    item_type: str = ItemType.BOOK,
    status: str = ItemStatus.AVAILABLE,
    source: str = ItemSource.PURCHASE,
    price_vnd: int | None = None,
    acquired_on: dt.date | None = None,
    notes: str = "",
    source_library_code: str = "",
    current_library: Library | None = None,
    intake_batch: IntakeBatch | None = None,
    at: dt.datetime | None = None,
) -> Item:
    """Add a copy of `bib` owned by `library`; returns it (add_items for one copy).

    Without an accession number, the next one of the register (or the library's default
    register) is taken. A typed number far past the register's next free one needs
    `confirm_jump`; `imported` numbers come from another system and are kept as written.
    Without a barcode, one is generated from the library code. Raises CatalogRefused for a
    barcode or accession number already in use or badly written, a price out of range;
    DateOutOfRange for an acquisition date out of range.
    """
    copy = NewCopy(
        bib_id=bib.pk,
        library=library,
        barcode=barcode,
        accession_number=accession_number,
        register=register,
        shelf_location=shelf_location,
        call_number=call_number,
        item_type=item_type,
        status=status,
        source=source,
        price_vnd=price_vnd,
        acquired_on=acquired_on,
        notes=notes,
        source_library_code=source_library_code,
        current_library=current_library,
        intake_batch=intake_batch,
    )
    try:
        with transaction.atomic():
            added = add_items(
                copies=[copy], by=by, at=at, imported=imported, confirm_jump=confirm_jump
            )
            if added.refused:
                raise added.refused[0]
    except IntegrityError as error:
        # Another desk took the barcode or the number between the check and the write.
        raise (
            CatalogRefused("duplicate_barcode", barcode=text.identifier(barcode))
            if "barcode" in str(error)
            else CatalogRefused(
                "duplicate_accession_number", number=accession_number, library=library.code
            )
        ) from error
    item = added.items[0]
    plain_sql.cache_related(item, bib=bib)
    return item


_EDITABLE_ITEM_FIELDS = frozenset(
    {"shelf_location", "call_number", "item_type", "source", "price_vnd", "acquired_on", "notes"}
)


def update_item(*, item: Item, by: Actor, at: dt.datetime | None = None, **changed: Any) -> Item:
    """Change the descriptive fields of a copy (not its status: see change_item_status)."""
    unknown = set(changed) - _EDITABLE_ITEM_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    with transaction.atomic():
        at = at or clock.now()
        item = Item.objects.select_for_update().get(pk=item.pk)
        check_price(changed.get("price_vnd"))
        check_acquired_on(changed.get("acquired_on"))
        _check_choices(item_type=changed.get("item_type"), source=changed.get("source"))
        location = changed.get("shelf_location")
        if location is not None and location.library_id != item.home_library_id:
            raise CatalogRefused("shelf_location_other_library", name=location.name)
        before = audit.snapshot(item, changed.keys())
        for name, value in changed.items():
            setattr(item, name, text.clean(value) if isinstance(value, str) else value)
        item.updated_at = at
        item.save(update_fields=[*changed.keys(), "updated_at"])
        # The record's place in "newest acquired" order; its holdings as exported (852 $c $h).
        if changed.keys() & {"acquired_on", "shelf_location", "call_number"}:
            changes.records_changed([item.bib_id])
        audit.record(
            "item.update",
            subject=item,
            by=by,
            at=at,
            library_id=item.home_library_id,
            before=before,
            after=audit.snapshot(item, changed.keys()),
        )
        return item
