"""Import a file of MARC 21 authority records (ISO 2709 or MARCXML, MARC-8 or UTF-8).

The same streaming reader as the bibliographic import (interop/marc/reader.py, told to
expect authority records); each record written through catalog.services.authorities in a
savepoint of its batch's transaction, so a bad record leaves nothing behind and the import
goes on. When every record is read, the catalogue's headings are linked again, so the
records catalogued under the new headings or their variants are found by them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from libnet.catalog.services import authorities as authority_services
from libnet.core.audit import Actor
from libnet.core.errors import LibnetError
from libnet.interop.marc import reader
from libnet.interop.services.importer import batch_size
from libnet.network.models import Library


@dataclass
class AuthorityImportCounts:
    """What an authority import did. Every record read is created, updated (an authority
    with its 001/003 was there), skipped (its heading is already an authority's) or failed;
    `links` is the number of record headings linked to authorities afterwards."""

    records_read: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    links: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def _report_line(read: reader.ReadRecord, reason: str) -> str:
    """One line of the report, as import_marc writes them: number, byte offset, 001, reason."""
    return _("record %(number)s @ byte %(offset)s (001 %(control_number)s): %(reason)s") % {
        "number": read.number,
        "offset": read.offset,
        "control_number": read.control_number or "-",
        "reason": reason,
    }


def import_authority_file(
    *,
    path: Path,
    by: Actor,
    library: Library | None = None,
    file_format: str = "auto",
    encoding: str = "auto",
    link: bool = True,
    on_failure: Callable[[str], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> AuthorityImportCounts:
    """Import every authority record of the file at `path`, for `by` (or, from the command
    line, for `library`); then link the catalogue's headings again unless `link` is False.

    Raises CatalogForbidden before reading anything when neither may write authorities,
    reader.UnreadableFile when the file is not MARC (`file_format` and `encoding` take the
    values of interop.services.FORMATS and ENCODINGS). Per-record problems (and records skipped) go to
    `on_failure` as one line each.
    """
    authority_services.check_authority_change(by=by, library=library)
    report = on_failure or (lambda line: None)
    counts = AuthorityImportCounts()
    with path.open("rb") as stream:
        records = reader.read_records(
            stream,
            file_format=file_format,
            encoding=encoding,  # type: ignore[arg-type]  # one of ENCODINGS: the caller's choices
            expect="authority",
        )
        batch: list[reader.ReadRecord] = []
        for read in records:
            batch.append(read)
            if len(batch) >= batch_size():
                _import_batch(batch, counts, by=by, library=library, report=report)
                if on_progress is not None:
                    on_progress(batch[-1].end_offset)
                batch = []
        if batch:
            _import_batch(batch, counts, by=by, library=library, report=report)
            if on_progress is not None:
                on_progress(batch[-1].end_offset)
    if link and (counts.created or counts.updated):
        counts.links = authority_services.link_catalogue()
    return counts


def _import_batch(
    batch: list[reader.ReadRecord],
    counts: AuthorityImportCounts,
    *,
    by: Actor,
    library: Library | None,
    report: Callable[[str], None],
) -> None:
    with transaction.atomic():
        for read in batch:
            counts.records_read += 1
            if read.record is None:
                counts.failed += 1
                report(_report_line(read, read.error))
                continue
            try:
                imported = authority_services.import_authority(
                    record=read.record, by=by, library=library
                )
            except LibnetError as error:
                counts.failed += 1
                report(_report_line(read, error.message))
                continue
            except DatabaseError as error:
                counts.failed += 1
                report(
                    _report_line(
                        read, _("the database refused the record: %(error)s") % {"error": error}
                    )
                )
                continue
            if imported.outcome == "skipped":
                counts.skipped += 1
                report(
                    _report_line(
                        read,
                        _("skipped: its heading is already an authority record of the catalogue"),
                    )
                )
            else:
                setattr(counts, imported.outcome, getattr(counts, imported.outcome) + 1)
