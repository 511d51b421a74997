"""Every write to the catalogue: records, registers and copies. Each one audited."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pymarc
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from libnet.catalog import access, marc, policies, stats_sources
from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import (
    MAX_ACCESSION_SEQUENCE,
    MAX_PRICE_VND,
    MAX_REGISTER_DIGITS,
    AccessionRegister,
    BibIsbn,
    BibRecord,
    Item,
    ItemSource,
    ItemStatus,
    ItemType,
    ShelfLocation,
    WeedingCandidate,
)
from libnet.core import audit, clock, plain_sql, text
from libnet.core.audit import Actor
from libnet.core.validation import check_date
from libnet.network.models import Library
from libnet.search import index as search_index

BARCODE = re.compile(r"^[A-Za-z0-9.\-_/]{1,64}$")
REGISTER_PREFIX = re.compile(r"^[A-Z0-9Đ]{1,12}$")
_ITEM_AUDIT_FIELDS = (
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


# ---------------------------------------------------------------- records


def _apply_columns(bib: BibRecord, extracted: marc.Extracted) -> None:
    for name, value in extracted.as_columns().items():
        setattr(bib, name, value)


def _write_isbns(bib: BibRecord, isbns: list[str], *, replace: bool) -> None:
    if replace:
        BibIsbn.objects.filter(bib=bib).delete()
    BibIsbn.objects.bulk_create([BibIsbn(bib=bib, isbn13=isbn) for isbn in dict.fromkeys(isbns)])


def create_record(
    *,
    marc_record: pymarc.Record,
    by: Actor,
    library: Library | None = None,
    at: dt.datetime | None = None,
) -> BibRecord:
    """Add a catalogue record from a MARC record (already NFC, UTF-8); returns it.

    Raises CatalogRefused("no_title") when 245 gives no title.
    """
    with transaction.atomic():
        at = at or clock.now()
        extracted = marc.extract(marc_record)
        if not extracted.title:
            raise CatalogRefused("no_title")
        bib = BibRecord(
            marc_json=marc.record_to_json(marc_record),
            created_at=at,
            updated_at=at,
            created_by=by if getattr(by, "is_authenticated", False) else None,  # type: ignore[misc]  # Actor narrowed at runtime
            created_at_library=library,
        )
        _apply_columns(bib, extracted)
        bib.save()
        _write_isbns(bib, extracted.isbns, replace=False)
        search_index.index_records([bib.pk])
        audit.record(
            "record.create",
            subject=bib,
            by=by,
            at=at,
            library_id=library.pk if library else None,
            after={"title": bib.title, "control_number": bib.control_number},
        )
        stats_sources.count_records([bib])
        return bib


def replace_record(
    *,
    bib: BibRecord,
    marc_record: pymarc.Record,
    by: Actor,
    library: Library | None = None,
    at: dt.datetime | None = None,
) -> BibRecord:
    """Replace the MARC of `bib` with `marc_record`, keeping its copies; returns it.

    Raises CatalogForbidden when `by` (or, without a person, `library`) may not change this
    shared record (catalog.policies.record_change_refusal), CatalogRefused("no_title") when
    245 gives no title.
    """
    with transaction.atomic():
        at = at or clock.now()
        check_record_change(bib=bib, by=by, library=library)
        extracted = marc.extract(marc_record)
        if not extracted.title:
            raise CatalogRefused("no_title")
        before = {"title": bib.title, "marc_json": bib.marc_json}
        bib.marc_json = marc.record_to_json(marc_record)
        bib.updated_at = at
        _apply_columns(bib, extracted)
        bib.save()
        _write_isbns(bib, extracted.isbns, replace=True)
        search_index.index_records([bib.pk])
        audit.record(
            "record.replace",
            subject=bib,
            by=by,
            at=at,
            library_id=library.pk if library else None,
            before=before,
            after={"title": bib.title},
        )
        return bib


def merge_record(
    *,
    bib: BibRecord,
    marc_record: pymarc.Record,
    by: Actor,
    library: Library | None = None,
    at: dt.datetime | None = None,
) -> BibRecord:
    """Add to `bib` the fields of `marc_record` it lacks (by tag and content); returns it.

    Existing fields are never removed or changed; only new variable fields are appended.
    Raises CatalogForbidden as replace_record does.
    """
    check_record_change(bib=bib, by=by, library=library)
    existing = marc.record_from_json(bib.marc_json)
    seen = {(f.tag, str(f)) for f in existing.get_fields()}
    added = 0
    for marc_field in marc_record.get_fields():
        if marc_field.tag < "010" or (marc_field.tag, str(marc_field)) in seen:
            continue
        existing.add_ordered_field(marc_field)
        added += 1
    if not added:
        return bib
    return replace_record(bib=bib, marc_record=existing, by=by, library=library, at=at)


def delete_record(
    *, bib: BibRecord, by: Actor, library: Library | None = None, at: dt.datetime | None = None
) -> None:
    """Delete a catalogue record that has no copies left, and take it out of the search index.

    Raises CatalogRefused("record_has_items") while any copy (even a withdrawn one) refers
    to it: the copies' history needs their record; CatalogForbidden as replace_record does.
    """
    with transaction.atomic():
        at = at or clock.now()
        check_record_change(bib=bib, by=by, library=library)
        copies = Item.objects.filter(bib=bib).count()
        if copies:
            raise CatalogRefused("record_has_items", count=copies)
        audit.record(
            "record.delete",
            subject=bib,
            by=by,
            at=at,
            library_id=library.pk if library else None,
            before={"title": bib.title, "control_number": bib.control_number},
        )
        search_index.remove_records([bib.pk])
        BibIsbn.objects.filter(bib=bib).delete()
        bib.delete()


def check_record_change(*, bib: BibRecord, by: Actor, library: Library | None = None) -> None:
    """Raise CatalogForbidden unless `by` may change the shared record `bib`.

    The one rule (catalog.policies.record_change_refusal) for every path that changes a
    record: the services below, MARC import (replace and merge, on the page and the command
    line) and any page or endpoint added later.
    """
    refusal = access.record_change_refusal(bib, access.record_editor(by, library))
    if refusal is not None:
        raise refusal


def find_duplicate(extracted: marc.Extracted) -> BibRecord | None:
    """Return the record that `extracted` duplicates: same 001+003, else ISBN, else match key."""
    if extracted.control_number:
        found = BibRecord.objects.filter(
            control_number=extracted.control_number,
            control_number_source=extracted.control_number_source,
        ).first()
        if found is not None:
            return found
    if extracted.isbns:
        row = BibIsbn.objects.filter(isbn13__in=extracted.isbns).select_related("bib").first()
        if row is not None:
            return row.bib
    key = extracted.match_key
    # A key with only punctuation and no year would match unrelated records.
    if key.split("|")[0] and key.split("|")[2]:
        return BibRecord.objects.filter(match_key=key).first()
    return None


# ---------------------------------------------------------------- registers


@transaction.atomic
def create_register(
    *,
    library: Library,
    prefix: str,
    name: str,
    by: Actor,
    digits: int = 6,
    separator: str = ".",
    is_default: bool = False,
) -> AccessionRegister:
    """Open an accession register with `prefix` at `library`."""
    prefix = text.identifier(prefix)
    if not REGISTER_PREFIX.match(prefix):
        raise CatalogRefused("invalid_prefix", prefix=prefix)
    if not 1 <= digits <= MAX_REGISTER_DIGITS:
        raise CatalogRefused("invalid_register_digits", max=MAX_REGISTER_DIGITS)
    if AccessionRegister.objects.filter(library=library, prefix=prefix).exists():
        raise CatalogRefused("duplicate_prefix", library=library.code, prefix=prefix)
    if is_default or not AccessionRegister.objects.filter(library=library).exists():
        AccessionRegister.objects.filter(library=library, is_default=True).update(is_default=False)
        is_default = True
    register = AccessionRegister.objects.create(
        library=library,
        prefix=prefix,
        name=text.clean(name) or prefix,
        digits=digits,
        separator=separator,
        is_default=is_default,
    )
    audit.record(
        "register.create",
        subject=register,
        by=by,
        library_id=library.pk,
        after={"prefix": prefix, "name": register.name},
    )
    return register


def default_register(library: Library) -> AccessionRegister | None:
    return (
        AccessionRegister.objects.filter(library=library).order_by("-is_default", "prefix").first()
    )


def proposed_accession_number(register: AccessionRegister) -> str:
    """Return the accession number the next copy in `register` would get (not reserved)."""
    return register.format_number(_first_free_sequence(register, register.next_number))


# How many numbers past the counter one query looks at for the first free one.
_FREE_NUMBER_WINDOW = 500


def _first_free_sequence(register: AccessionRegister, counter: int) -> int:
    """The first number from the register's counter on that no copy uses.

    Copies entered with a hand-typed number or imported can take numbers ahead of the
    counter; proposing one of those would only earn the librarian a refusal. A number far
    ahead (an imported one the counter did not follow) does not pull the proposal after it.
    """
    candidate = counter
    while True:
        window_end = candidate + _FREE_NUMBER_WINDOW
        used = set(
            Item.objects.filter(
                register=register,
                accession_sequence__gte=candidate,
                accession_sequence__lt=window_end,
            ).values_list("accession_sequence", flat=True)
        )
        while candidate in used:
            candidate += 1
        if candidate < window_end:
            return candidate


def _parse_accession(register: AccessionRegister, number: str) -> int | None:
    pattern = re.escape(register.prefix) + re.escape(register.separator) + r"?0*(\d+)$"
    match = re.match(pattern, number)
    return int(match.group(1)) if match else None


def accession_number_far_ahead(register: AccessionRegister, number: str) -> bool:
    """Whether `number` (of `register`) lies so far past its next free number that taking it
    without a confirmation would leave a gap by mistake (catalog.policies.is_accession_jump)."""
    sequence = _parse_accession(register, number)
    return sequence is not None and policies.is_accession_jump(
        sequence=sequence, next_free=_first_free_sequence(register, register.next_number)
    )


def _grouped(number: int) -> str:
    """125000 → 125.000, the way the pages and the register write amounts."""
    return f"{number:,}".replace(",", ".")


def _reserve_number(
    register: AccessionRegister, wanted: str | None, *, confirm_jump: bool, imported: bool
) -> tuple[str, int | None]:
    """Lock the register row and return (accession number, sequence) for a new copy.

    A typed number (`wanted`) must be written the register's way; far past the next free
    number it needs `confirm_jump`, and only then does the register continue after it. An
    imported number is taken as the other system wrote it; one far ahead keeps the counter
    where it is.
    """
    locked = AccessionRegister.objects.select_for_update().get(pk=register.pk)
    if not wanted:
        free = _first_free_sequence(locked, locked.next_number)
        locked.next_number = free + 1
        locked.save(update_fields=["next_number"])
        return locked.format_number(free), free
    sequence = _parse_accession(locked, wanted)
    if sequence is None or sequence > MAX_ACCESSION_SEQUENCE:
        if imported:
            return wanted, None  # a number of the other system's own making, kept as written
        if sequence is None:
            raise CatalogRefused(
                "accession_number_other_register",
                number=wanted,
                prefix=locked.prefix,
                example=proposed_accession_number(locked),
            )
        raise CatalogRefused(
            "accession_number_too_large",
            number=wanted,
            max=locked.format_number(MAX_ACCESSION_SEQUENCE),
        )
    if sequence < locked.next_number:
        return wanted, sequence  # a gap filled, or a number the register has passed
    next_free = _first_free_sequence(locked, locked.next_number)
    if policies.is_accession_jump(sequence=sequence, next_free=next_free):
        if imported:
            return wanted, sequence
        if not confirm_jump:
            raise CatalogRefused(
                "accession_number_jump",
                number=wanted,
                ahead=_grouped(sequence - next_free),
                prefix=locked.prefix,
                next=locked.format_number(next_free),
                after=locked.format_number(sequence + 1),
            )
    locked.next_number = sequence + 1
    locked.save(update_fields=["next_number"])
    return wanted, sequence


# ---------------------------------------------------------------- copies


def _generated_barcode(library: Library, sequence_hint: int) -> str:
    base = re.sub(r"[^A-Z0-9]", "", library.code.upper())
    candidate = f"{base}{sequence_hint:07d}"
    suffix = 0
    while Item.objects.filter(barcode=candidate).exists():
        suffix += 1
        candidate = f"{base}{sequence_hint:07d}-{suffix}"
    return candidate


def check_price(price_vnd: int | None) -> None:
    """Raise CatalogRefused("invalid_price") for a price outside 0 … MAX_PRICE_VND đồng."""
    if policies.price_refusal(price_vnd):
        raise CatalogRefused(
            "invalid_price", max=_grouped(MAX_PRICE_VND), value=_grouped(price_vnd or 0)
        )


def check_acquired_on(acquired_on: dt.date | None) -> None:
    """Raise DateOutOfRange for an acquisition date in the future or before 1900."""
    if acquired_on is not None:
        check_date(acquired_on, field=str(_("Acquired on")), window="historical")


def _check_choices(
    *, item_type: str | None = None, source: str | None = None, status: str | None = None
) -> None:
    """Raise CatalogRefused("invalid_choice") for a type, source or status libnet does not know."""
    for value, choices, label in (
        (item_type, ItemType, _("Type")),
        (source, ItemSource, _("Source")),
        (status, ItemStatus, _("Status")),
    ):
        if value is not None and value not in choices.values:
            raise CatalogRefused(
                "invalid_choice",
                field=label,
                value=value,
                allowed=", ".join(choices.values),
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
    at: dt.datetime | None = None,
) -> Item:
    """Add a copy of `bib` owned by `library`; returns it.

    Without an accession number, the next one of the register (or the library's default
    register) is taken. A typed number far past the register's next free one needs
    `confirm_jump`; `imported` numbers come from another system and are kept as written
    (see _reserve_number). Without a barcode, one is generated from the library code.
    Raises CatalogRefused for a barcode or accession number already in use or badly
    written, a price out of range; DateOutOfRange for an acquisition date out of range.
    """
    with transaction.atomic():
        at = at or clock.now()
        barcode = text.identifier(barcode)
        if barcode and not BARCODE.match(barcode):
            raise CatalogRefused("invalid_barcode", barcode=barcode)
        if barcode and Item.objects.filter(barcode=barcode).exists():
            raise CatalogRefused("duplicate_barcode", barcode=barcode)
        check_price(price_vnd)
        check_acquired_on(acquired_on)
        _check_choices(item_type=item_type, source=source, status=status)
        if register is not None and register.library_id != library.pk:
            raise CatalogRefused("register_other_library", prefix=register.prefix)
        if shelf_location is not None and shelf_location.library_id != library.pk:
            raise CatalogRefused("shelf_location_other_library", name=shelf_location.name)
        accession_number = (
            text.clean(accession_number) if imported else text.identifier(accession_number)
        )
        sequence: int | None = None
        register = register or default_register(library)
        if register is not None:
            accession_number, sequence = _reserve_number(
                register, accession_number or None, confirm_jump=confirm_jump, imported=imported
            )
        if (
            accession_number
            and Item.objects.filter(
                home_library=library, accession_number=accession_number
            ).exists()
        ):
            raise CatalogRefused(
                "duplicate_accession_number", number=accession_number, library=library.code
            )
        if (
            sequence is not None
            and register is not None
            and Item.objects.filter(register=register, accession_sequence=sequence).exists()
        ):
            sequence = None  # a differently written number already took this sequence
        if not barcode:
            barcode = _generated_barcode(library, sequence or Item.objects.count() + 1)
        item = Item(
            bib=bib,
            barcode=barcode,
            register=register,
            accession_number=accession_number,
            accession_sequence=sequence,
            home_library=library,
            current_library=current_library or library,
            shelf_location=shelf_location,
            call_number=text.clean(call_number),
            item_type=item_type,
            status=status,
            source=source,
            price_vnd=price_vnd,
            acquired_on=acquired_on,
            notes=text.clean(notes),
            source_library_code=source_library_code,
            created_at=at,
            updated_at=at,
        )
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError as error:
            raise (
                CatalogRefused("duplicate_barcode", barcode=barcode)
                if "barcode" in str(error)
                else CatalogRefused(
                    "duplicate_accession_number", number=accession_number, library=library.code
                )
            ) from error
        search_index.index_records([bib.pk])
        audit.record(
            "item.create",
            subject=item,
            by=by,
            at=at,
            library_id=library.pk,
            after=audit.snapshot(item, _ITEM_AUDIT_FIELDS),
        )
        stats_sources.count_copies([item])
        return item


_EDITABLE_ITEM_FIELDS = frozenset(
    {"shelf_location", "call_number", "item_type", "source", "price_vnd", "acquired_on", "notes"}
)


def update_item(*, item: Item, by: Actor, at: dt.datetime | None = None, **changes: Any) -> Item:
    """Change the descriptive fields of a copy (not its status: see change_item_status)."""
    unknown = set(changes) - _EDITABLE_ITEM_FIELDS
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    with transaction.atomic():
        at = at or clock.now()
        item = Item.objects.select_for_update().get(pk=item.pk)
        check_price(changes.get("price_vnd"))
        check_acquired_on(changes.get("acquired_on"))
        _check_choices(item_type=changes.get("item_type"), source=changes.get("source"))
        location = changes.get("shelf_location")
        if location is not None and location.library_id != item.home_library_id:
            raise CatalogRefused("shelf_location_other_library", name=location.name)
        before = audit.snapshot(item, changes.keys())
        for name, value in changes.items():
            setattr(item, name, text.clean(value) if isinstance(value, str) else value)
        item.updated_at = at
        item.save(update_fields=[*changes.keys(), "updated_at"])
        if "acquired_on" in changes:  # the record's place in "newest acquired" order
            search_index.index_records([item.bib_id])
        audit.record(
            "item.update",
            subject=item,
            by=by,
            at=at,
            library_id=item.home_library_id,
            before=before,
            after=audit.snapshot(item, changes.keys()),
        )
        return item


def change_item_status(
    *,
    item: Item,
    to: str,
    by: Actor,
    at: dt.datetime | None = None,
    reason: str = "",
    withdrawal_reference: str = "",
    current_library: Library | None = None,
) -> Item:
    """Move a copy to status `to`, audited. Raises CatalogRefused when the rules forbid it."""
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        return change_locked_item_status(
            item=item,
            to=to,
            by=by,
            at=at,
            reason=reason,
            withdrawal_reference=withdrawal_reference,
            current_library=current_library,
        )


def change_locked_item_status(
    *,
    item: Item,
    to: str,
    by: Actor,
    at: dt.datetime | None = None,
    reason: str = "",
    withdrawal_reference: str = "",
    current_library: Library | None = None,
) -> Item:
    """change_item_status for a copy the caller has just read with select_for_update, in the
    transaction it is in now (circulation's services: the copy is locked and read once per
    loan). `item` is changed in place and returned. Raises CatalogRefused like it."""
    at = at or clock.now()
    refusal = policies.status_change_refusal(
        item.status, to, withdrawal_reference or item.withdrawal_reference
    )
    if refusal:
        raise CatalogRefused(
            refusal,
            current=ItemStatus(item.status).label,
            target=ItemStatus(to).label if to in ItemStatus.values else to,
        )
    before = audit.snapshot(item, ["status", "current_library", "withdrawal_reference"])
    was = search_index.CopyPlace(item.home_library_id, item.current_library_id, item.status)
    if to == ItemStatus.WITHDRAWN or item.status in (ItemStatus.LOST, ItemStatus.DAMAGED):
        # Withdrawn, found or repaired: the copy leaves the weeding list.
        WeedingCandidate.objects.filter(item_id=item.pk, resolved_at__isnull=True).update(
            resolved_at=at
        )
    item.status = to
    fields = ["status", "updated_at"]
    if withdrawal_reference:
        item.withdrawal_reference = withdrawal_reference.strip()
        fields.append("withdrawal_reference")
    if current_library is not None:
        item.current_library = current_library
        fields.append("current_library_id")
    item.updated_at = at
    # Plain SQL: every loan and return comes here (core.plain_sql says why).
    plain_sql.update(Item, item.pk, {name: getattr(item, name) for name in fields})
    # On the shelf or not, and where: the record's availability filters and facets.
    search_index.copy_changed(item=item, was=was)
    audit.record(
        "item.status",
        subject=item,
        by=by,
        at=at,
        library_id=item.home_library_id,
        before=before,
        after=audit.snapshot(item, ["status", "current_library", "withdrawal_reference"]),
        note=text.clean(reason),
    )
    return item


def next_accession_sequence_after_import(register: AccessionRegister) -> None:
    """Move the register's counter past the highest number its copies use."""
    highest = Item.objects.filter(register=register).aggregate(top=Max("accession_sequence"))["top"]
    if highest is not None and highest >= register.next_number:
        AccessionRegister.objects.filter(pk=register.pk).update(next_number=highest + 1)


def note_weeding_candidate(
    *, item: Item, reason: str, source: str, by: Actor, at: dt.datetime | None = None
) -> WeedingCandidate:
    """Put the copy on its owner's weeding list (TT 02/2020 Art. 20: lost in service or
    rotation, damaged beyond repair). A copy already on the list keeps its first entry."""
    at = at or clock.now()
    with transaction.atomic():
        existing = WeedingCandidate.objects.filter(item=item, resolved_at__isnull=True).first()
        if existing is not None:
            return existing
        candidate = WeedingCandidate.objects.create(
            item=item,
            library_id=item.home_library_id,
            reason=reason,
            source=text.clean(source)[:40],
            noted_at=at,
        )
        audit.record(
            "item.weeding_candidate",
            subject=item,
            by=by,
            at=at,
            library_id=item.home_library_id,
            after={"reason": reason, "source": candidate.source},
        )
        return candidate
