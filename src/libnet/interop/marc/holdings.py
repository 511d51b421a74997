"""Copies carried in bibliographic records: 852 (MARC 21, libnet), 949 (Evergreen/Sirsi), 952 (Koha).

Each holdings field becomes one `HoldingsItem`; the fields used are then taken out of the
record, because the catalogue keeps copies as Items, not as MARC.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pymarc
from django.utils.translation import gettext as _

from libnet.catalog.models import ItemType
from libnet.core import text

HOLDINGS_TAGS = ("852", "949", "952")
_HOLDINGS_TAG_SET = frozenset(HOLDINGS_TAGS)
# The subfield that carries the barcode in each tag; a field with one is surely a copy.
_BARCODE_CODE = {"852": "p", "949": "i", "952": "p"}
_WHOLE_AMOUNT = re.compile(r"\d+(\.0+)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Item type codes seen in Evergreen, Sirsi and Koha exports → libnet's item types.
_ITEM_TYPES = {
    "BOOK": ItemType.BOOK,
    "BOOKS": ItemType.BOOK,
    "BK": ItemType.BOOK,
    "TEXTBOOK": ItemType.TEXTBOOK,
    "REF": ItemType.REFERENCE,
    "REFERENCE": ItemType.REFERENCE,
    "SERIAL": ItemType.PERIODICAL,
    "SERIALS": ItemType.PERIODICAL,
    "PERIODICAL": ItemType.PERIODICAL,
    "CR": ItemType.PERIODICAL,
    "MAP": ItemType.MAP,
    "MAPS": ItemType.MAP,
    "SOUND": ItemType.AUDIOVISUAL,
    "CD": ItemType.AUDIOVISUAL,
    "DVD": ItemType.AUDIOVISUAL,
    "VIDEO": ItemType.AUDIOVISUAL,
    "AV": ItemType.AUDIOVISUAL,
}


@dataclass
class HoldingsItem:
    """One copy as described by a holdings field, before it is matched to libnet libraries."""

    tag: str
    source_library_code: str = ""
    barcode: str = ""
    call_number: str = ""
    accession_number: str = ""
    location_code: str = ""
    item_type: str = ItemType.BOOK
    price_vnd: int | None = None
    acquired_on: dt.date | None = None
    notes: list[str] = field(default_factory=list)


def _first(marc_field: pymarc.Field, code: str) -> str:
    values = marc_field.get_subfields(code)
    return text.clean(values[0]) if values else ""


def _barcode(marc_field: pymarc.Field, code: str) -> str:
    # The one form of a barcode everywhere in libnet (core.text.identifier): a desk that
    # scans "tv0001" finds the copy imported as "TV0001".
    return text.identifier(_first(marc_field, code))


def _all(marc_field: pymarc.Field, codes: str) -> list[str]:
    return [text.clean(value) for value in marc_field.get_subfields(*codes) if text.clean(value)]


def choose_tag(record: pymarc.Record, mode: str) -> str | None:
    """Return the tag whose fields are this record's copies, or None.

    `mode` is a tag, "none", or "auto": the first of 852, 949, 952 whose fields carry a
    barcode, else the first present. (Nepali records carry 952 "Library has 2 copies."
    notes beside their real 852 holdings; the barcode rule keeps those notes in the record.)
    """
    if mode == "none":
        return None
    if mode in HOLDINGS_TAGS:
        return mode if record.get_fields(mode) else None
    # One walk over the fields for the three tags (every imported record is asked).
    fields_of: dict[str, list[pymarc.Field]] = {}
    for marc_field in record.fields:
        if marc_field.tag in _HOLDINGS_TAG_SET:
            fields_of.setdefault(marc_field.tag, []).append(marc_field)
    present = [tag for tag in HOLDINGS_TAGS if tag in fields_of]
    for tag in present:
        if any(f.get_subfields(_BARCODE_CODE[tag]) for f in fields_of[tag]):
            return tag
    return present[0] if present else None


def take_items(record: pymarc.Record, tag: str) -> list[HoldingsItem]:
    """Turn every `tag` field of `record` into a HoldingsItem and remove those fields."""
    fields = record.get_fields(tag)
    items = [_READERS[tag](marc_field) for marc_field in fields]
    record.remove_fields(tag)
    return items


def _from_852(marc_field: pymarc.Field) -> HoldingsItem:
    # $a institution, $b sublocation (a branch in Evergreen): the branch is the closer match.
    item = HoldingsItem(tag="852")
    item.source_library_code = _first(marc_field, "b") or _first(marc_field, "a")
    item.location_code = _first(marc_field, "c")
    item.call_number = " ".join(_all(marc_field, "hi"))
    # MARC 21 calls $j the "shelving control number"; libnet writes the accession number there.
    item.accession_number = _first(marc_field, "j")
    item.barcode = _barcode(marc_field, "p")
    copy_number = _first(marc_field, "t")
    if copy_number:
        # Translators: the copy number of 852 $t, kept in the copy's notes ("c.2").
        item.notes.append(_("c.%(number)s") % {"number": copy_number})
    item.notes.extend(_all(marc_field, "xz"))
    return item


def _from_949(marc_field: pymarc.Field) -> HoldingsItem:
    item = HoldingsItem(tag="949")
    item.call_number = _first(marc_field, "a")
    item.barcode = _barcode(marc_field, "i")
    item.location_code = _first(marc_field, "l")
    item.source_library_code = _first(marc_field, "m")
    item.item_type = _item_type(_first(marc_field, "t"))
    return item


def _from_952(marc_field: pymarc.Field) -> HoldingsItem:
    item = HoldingsItem(tag="952")
    item.source_library_code = _first(marc_field, "a") or _first(marc_field, "b")
    item.call_number = _first(marc_field, "o")
    item.barcode = _barcode(marc_field, "p")
    item.item_type = _item_type(_first(marc_field, "y"))
    item.location_code = _first(marc_field, "c")
    item.accession_number = _first(marc_field, "i")
    price = _first(marc_field, "g").replace(",", "").replace(" ", "")
    if _WHOLE_AMOUNT.fullmatch(price):
        item.price_vnd = int(price.split(".")[0])  # exact: float() rounds long digit runs
    elif price:
        # A foreign or fractional amount is not đồng: keep it in the notes.
        item.notes.append(_("price %(price)s") % {"price": price})
    acquired = _ISO_DATE.match(_first(marc_field, "d"))
    if acquired:
        try:
            item.acquired_on = dt.date(*(int(part) for part in acquired.groups()))
        except ValueError:
            item.notes.append(_("acquired %(date)s") % {"date": acquired.group(0)})
    holding_branch = _first(marc_field, "b")
    if holding_branch and holding_branch != item.source_library_code:
        item.notes.append(_("holding branch %(code)s") % {"code": holding_branch})
    item.notes.extend(_all(marc_field, "xz"))
    return item


def _item_type(code: str) -> str:
    return _ITEM_TYPES.get(code.upper(), ItemType.OTHER) if code else ItemType.BOOK


_READERS = {"852": _from_852, "949": _from_949, "952": _from_952}


def holdings_field(
    *,
    library_code: str,
    barcode: str,
    call_number: str,
    accession_number: str,
    location_code: str = "",
    notes: str = "",
) -> pymarc.Field:
    """Return the 852 that libnet exports for one copy ($a $c $h $j $p $x)."""
    subfields = [pymarc.Subfield("a", library_code)]
    if location_code:
        subfields.append(pymarc.Subfield("c", location_code))
    if call_number:
        subfields.append(pymarc.Subfield("h", call_number))
    if accession_number:
        subfields.append(pymarc.Subfield("j", accession_number))
    subfields.append(pymarc.Subfield("p", barcode))
    if notes:
        subfields.append(pymarc.Subfield("x", notes))
    return pymarc.Field(tag="852", indicators=pymarc.Indicators(" ", " "), subfields=subfields)
