"""A small catalogue written through catalog's services, as cataloguers write it, so the
OAI-PMH datestamps follow it the way they follow a real one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pymarc

from libnet.catalog import services as catalog_services
from libnet.catalog.models import BibRecord, Item
from libnet.core import clock
from tests.factories import make_marc

UTC = dt.UTC


def add_record(
    title: str,
    *,
    library,
    copies: tuple[tuple[object, str], ...] = (),
    number: int | None = None,
    place: str = "",
    by=None,
) -> BibRecord:
    """A record catalogued by `library`, with a copy per (library, barcode); `place` adds a
    651 geographic heading."""
    record = make_marc(title=title, control_number=f"SL{number:06d}" if number else None)
    if place:
        record.add_ordered_field(
            pymarc.Field(
                tag="651",
                indicators=pymarc.Indicators(" ", "7"),
                subfields=[pymarc.Subfield("a", place)],
            )
        )
    bib = catalog_services.create_record(marc_record=record, by=by, library=library)
    for owner, barcode in copies:
        catalog_services.add_item(bib=bib, library=owner, by=by, barcode=barcode)
    return bib


def copy(barcode: str) -> Item:
    return Item.objects.get(barcode=barcode)


@contextmanager
def clock_at(monkeypatch, moment: dt.datetime) -> Iterator[None]:
    """Everything written inside happens at `moment` (datestamps included)."""
    with monkeypatch.context() as patch:
        patch.setattr(clock, "now", lambda: moment)
        yield
