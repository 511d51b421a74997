"""A result list taken home: a CSV file and a printable bibliography (thư mục).

Both carry catalogue data only. The CSV opens in Excel and LibreOffice with its Vietnamese
intact (UTF-8 with a byte-order mark); the bibliography is an HTML page styled for print.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from django.utils.translation import gettext as _

from libnet.catalog.models import BibRecord
from libnet.core import xlsx

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


class WhereHeld(Protocol):
    """How many copies of a record one library has, and how many are on the shelf now."""

    @property
    def library_name(self) -> str: ...
    @property
    def available(self) -> int: ...
    @property
    def total(self) -> int: ...


def where_held_text(holdings: Iterable[WhereHeld]) -> str:
    """`Thư viện tỉnh Sông Lam 2/3; Thư viện xã Tân Lập 0/1`: available / copies per library."""
    return "; ".join(f"{held.library_name} {held.available}/{held.total}" for held in holdings)


def results_csv(
    records: Sequence[BibRecord],
    *,
    holdings: Mapping[int, Sequence[WhereHeld]],
    record_urls: dict[int, str],
) -> bytes:
    """Return the records as CSV, one line per record, headings in the reader's language."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Title"),
            _("Authors"),
            _("Publisher"),
            _("Place of publication"),
            _("Year"),
            _("Edition"),
            "ISBN",
            _("Language"),
            _("Class number"),
            _("Subjects"),
            _("Libraries (available/copies)"),
            _("Link"),
        ]
    )
    for bib in records:
        writer.writerow(
            [
                xlsx.csv_text(value)  # a title "=HYPERLINK(…)" stays a title
                for value in (
                    bib.title,
                    "; ".join(bib.author_list),
                    bib.publisher,
                    bib.publication_place,
                    bib.year or "",
                    bib.edition,
                    "; ".join(bib.isbn_list),
                    bib.language,
                    bib.class_number,
                    "; ".join(bib.subject_list),
                    where_held_text(holdings.get(bib.pk, [])),
                    record_urls.get(bib.pk, ""),
                )
            ]
        )
    # The byte-order mark tells Excel the file is UTF-8; without it Vietnamese turns to mojibake.
    return ("\ufeff" + out.getvalue()).encode("utf-8")
