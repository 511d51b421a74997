"""The MARC import loop: read, de-duplicate, write through catalog.services, report.

Records are written in batches: one transaction per `BATCH_SIZE` records, a savepoint per
record around the record and its copies. A bad record rolls back to its savepoint and is
reported; the batch goes on. Nothing is half-written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pymarc
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from libnet.catalog import access as catalog_access
from libnet.catalog import changes as catalog_changes
from libnet.catalog import marc, policies
from libnet.catalog import services as catalog_services
from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import BibRecord, ShelfLocation
from libnet.core import audit, clock, collector
from libnet.core.audit import Actor
from libnet.core.errors import LibnetError
from libnet.core.validation import DateOutOfRange
from libnet.interop.marc import holdings, reader
from libnet.interop.models import ReceivedRecord
from libnet.interop.services._duplicates import DuplicateIndex, Prepared, identical_record
from libnet.interop.services.options import (
    ImportCounts,
    ImportOptions,
    check_options,
    resolve_library_map,
)
from libnet.network.models import Library

BATCH_SIZE = 1000


@dataclass
class _CopiesAdded:
    """What adding a list of copies did: its counts, and a report line per copy refused or
    warned about."""

    counts: ImportCounts = field(default_factory=ImportCounts)
    lines: list[str] = field(default_factory=list)
    warning_lines: list[str] = field(default_factory=list)


def _import_note() -> str:
    """The note of the audit entries an import writes, in the site's language whatever the
    language of the request or command: the copies' history is read by everyone later."""
    return audit.note(gettext_lazy("MARC import"))


ProgressCallback = Callable[[int, ImportCounts], None]
FailureCallback = Callable[[str], None]
# records done (the last record's number in the file), its end offset, the counts so far
BatchCallback = Callable[[int, int, ImportCounts], None]


@dataclass(frozen=True)
class Resume:
    """Where an interrupted import goes on: after `records_done` records, with its counts."""

    records_done: int
    counts: ImportCounts


@dataclass
class _Importer:
    library: Library
    options: ImportOptions
    by: Actor
    on_failure: FailureCallback
    on_warning: FailureCallback
    counts: ImportCounts = field(default_factory=ImportCounts)
    mapped_libraries: dict[str, Library] = field(default_factory=dict)
    shelf_locations: dict[tuple[int, str], ShelfLocation | None] = field(default_factory=dict)
    # Who changes records for replace and merge (catalog.access.record_editor).
    editor: policies.RecordEditor = field(
        default_factory=lambda: policies.RecordEditor(catalog_library_ids=frozenset())
    )
    # The note of the audit entries of the records and copies added.
    note: str = field(default_factory=_import_note)

    def report(self, read: reader.ReadRecord, reason: str) -> None:
        self.on_failure(self.report_line(read, reason))

    def report_line(self, read: reader.ReadRecord, reason: str) -> str:
        """One line of the error report: number, byte offset, 001 and reason."""
        return _("record %(number)s @ byte %(offset)s (001 %(control_number)s): %(reason)s") % {
            "number": read.number,
            "offset": read.offset,
            "control_number": read.control_number or "-",
            "reason": reason,
        }

    # ------------------------------------------------------------ one record

    def import_record(
        self, read: reader.ReadRecord, record: pymarc.Record, copies: list[holdings.HoldingsItem]
    ) -> None:
        """Write one record and its copies through catalog.services, inside a savepoint.

        The careful path: used for replace and merge, and to redo a batch whose bulk
        insert failed. Counts and reports the outcome.
        """
        try:
            with transaction.atomic():
                outcome, bib = self._write_record(read, record)
                item_counts = self._write_items(read, bib, copies, is_new=outcome == "created")
        except LibnetError as error:
            self.counts.failed += 1
            self.report(read, error.message)
            return
        except DatabaseError as error:  # e.g. a value too long for PostgreSQL: this record only
            self.counts.failed += 1
            self.report(read, _("the database refused the record: %(error)s") % {"error": error})
            return
        setattr(self.counts, outcome, getattr(self.counts, outcome) + 1)
        if outcome in ("created", "updated") and read.received:
            _keep_received([(read, bib.pk)])
        self.counts.items_created += item_counts[0]
        self.counts.items_failed += item_counts[1]

    def warn(self, read: reader.ReadRecord, reason: str) -> None:
        """Report a record read with repairs, or a copy kept with a value dropped or left as
        it was: a line of the warnings, no failure."""
        self.counts.warnings += 1
        self.on_warning(self.report_line(read, reason))

    def _check_copy_values(self, read: reader.ReadRecord, copy: holdings.HoldingsItem) -> None:
        """Drop a price or acquisition date the catalogue would refuse, keep it in the
        copy's notes and say so: the copy itself is good (as add_item checks them)."""
        try:
            catalog_services.check_price(copy.price_vnd)
        except CatalogRefused as refusal:
            copy.notes.append(_("price %(price)s") % {"price": copy.price_vnd})
            copy.price_vnd = None
            self.warn(
                read,
                _("copy %(barcode)s: price dropped, kept in the notes: %(reason)s")
                % {"barcode": copy.barcode or "-", "reason": refusal.message},
            )
        try:
            catalog_services.check_acquired_on(copy.acquired_on)
        except DateOutOfRange as refusal:
            assert copy.acquired_on is not None
            copy.notes.append(_("acquired %(date)s") % {"date": copy.acquired_on.isoformat()})
            copy.acquired_on = None
            self.warn(
                read,
                _("copy %(barcode)s: acquisition date dropped, kept in the notes: %(reason)s")
                % {"barcode": copy.barcode or "-", "reason": refusal.message},
            )

    # ------------------------------------------------------------ a batch

    def import_batch(self, batch: list[reader.ReadRecord]) -> None:
        """Import a batch of records: new ones in bulk, replace/merge one by one.

        The bulk path writes the batch's new records and new copies through catalog's bulk
        services (add_records, add_items: every check of a record or copy added alone, with a
        few statements for the whole batch), in one transaction. If a write still fails
        (another user took a barcode meanwhile), the transaction rolls back whole and the
        batch is redone record by record, each record in its own savepoint. Either way
        nothing is half-written.
        """
        prepared: list[Prepared] = []
        for read in batch:
            self.counts.records_read += 1
            if read.record is None:
                self.counts.failed += 1
                self.report(read, read.error)
                continue
            record = read.record
            tag = holdings.choose_tag(record, self.options.holdings)
            copies = holdings.take_items(record, tag) if tag else []
            for copy in copies:
                self._check_copy_values(read, copy)
            extracted = marc.extract(record)
            if not extracted.title:
                self.counts.failed += 1
                self.report(read, CatalogRefused("no_title").message)
                continue
            if read.warnings:
                self.warn(read, repaired_on_reading(read.warnings))
            prepared.append(Prepared(read=read, record=record, extracted=extracted, copies=copies))
        if not prepared:
            return
        saved_counts = ImportCounts(**self.counts.as_dict())
        pending = _CopiesAdded()
        try:
            with transaction.atomic(), catalog_changes.batch():
                careful = self._bulk_write(prepared, pending)
        except DatabaseError:  # a barcode taken meanwhile, a value too long for PostgreSQL, …
            self.counts = saved_counts
            careful = prepared
            pending = _CopiesAdded()
        for line in pending.lines:
            self.on_failure(line)
        for line in pending.warning_lines:
            self.on_warning(line)
        if careful:
            with transaction.atomic():
                for entry in careful:
                    self.import_record(entry.read, entry.record, entry.copies)

    def _bulk_write(self, prepared: list[Prepared], reports: _CopiesAdded) -> list[Prepared]:
        """Add the new records of a batch and the new copies; return those left to the
        careful path (duplicates to replace or merge)."""
        at = clock.now()
        index = DuplicateIndex.load([entry.extracted for entry in prepared])
        careful: list[Prepared] = []
        new_entries: list[Prepared] = []
        for entry in prepared:
            found = index.find(entry)
            if found is None:
                entry.is_new = True
                index.add(entry)
                new_entries.append(entry)
            elif self.options.on_duplicate != "skip":
                careful.append(entry)
            else:
                entry.duplicate_of = found
        bibs = catalog_services.add_records(
            records=[
                catalog_services.NewRecord(entry.record, entry.extracted, entry.marc_json)
                for entry in new_entries
            ],
            by=self.by,
            library=self.library,
            at=at,
            note=self.note,
        )
        for entry, bib in zip(new_entries, bibs, strict=True):
            entry.bib = bib
        _keep_received(
            [(entry.read, entry.bib_id()) for entry in new_entries if entry.read.received], at=at
        )
        waiting = {id(entry) for entry in careful}
        added = self._add_copies(
            [
                (entry.read, entry.bib_id(), copy)
                for entry in prepared
                if id(entry) not in waiting
                for copy in entry.copies
                if entry.is_new or copy.barcode  # a known record gets only copies with a barcode
            ],
            at=at,
        )
        reports.lines.extend(added.lines)
        reports.warning_lines.extend(added.warning_lines)
        self.counts.add(added.counts)
        for entry in prepared:
            if entry.is_new:
                self.counts.created += 1
            elif entry.duplicate_of is not None:
                self.counts.skipped += 1
        return careful

    def _add_copies(
        self, copies: list[tuple[reader.ReadRecord, int, holdings.HoldingsItem]], *, at: dt.datetime
    ) -> _CopiesAdded:
        """Add the copies (each with the record read and the id of its catalogue record)
        through catalog.services.add_items; count and word what happened to each.

        A copy whose barcode is already in the network is left out without a word: it was
        imported before (re-importing a file, or libnet's own export, adds nothing), while a
        second library's copies of a known title are added. Every other refusal is a failed
        copy; an accession number kept far past its register's next number is a warning.
        """
        outcome = _CopiesAdded()
        if not copies:
            return outcome
        added = catalog_services.add_items(
            copies=[self._new_copy(bib_id, copy) for _read, bib_id, copy in copies],
            by=self.by,
            at=at,
            imported=True,
            note=self.note,
        )
        outcome.counts.items_created = len(added.items)
        for position, (read, _bib_id, copy) in enumerate(copies):
            refusal = added.refused.get(position)
            if refusal is not None:
                if refusal.code == "duplicate_barcode":
                    continue
                outcome.counts.items_failed += 1
                reason = _("copy %(barcode)s not added: %(reason)s") % {
                    "barcode": copy.barcode or "-",
                    "reason": refusal.message,
                }
                outcome.lines.append(self.report_line(read, reason))
            elif position in added.far_ahead:
                outcome.counts.warnings += 1
                outcome.warning_lines.append(
                    self.report_line(
                        read,
                        _far_ahead(copy.barcode, copy.accession_number, added.far_ahead[position]),
                    )
                )
        return outcome

    def _new_copy(self, bib_id: int, copy: holdings.HoldingsItem) -> catalog_services.NewCopy:
        """What the catalogue needs of a holdings field's copy, its owner mapped."""
        home, notes, source_code = self._home_library(copy)
        return catalog_services.NewCopy(
            bib_id=bib_id,
            library=home,
            barcode=copy.barcode,
            accession_number=copy.accession_number,
            shelf_location=self._shelf_location(home, copy.location_code),
            call_number=copy.call_number,
            item_type=copy.item_type,
            price_vnd=copy.price_vnd,
            acquired_on=copy.acquired_on,
            notes="; ".join(notes),
            source_library_code=source_code,
        )

    def _write_record(
        self, read: reader.ReadRecord, record: pymarc.Record
    ) -> tuple[str, BibRecord]:
        extracted = marc.extract(record)
        duplicate = catalog_services.find_duplicate(extracted) or identical_record(
            record, extracted
        )
        if duplicate is None:
            bib = catalog_services.create_record(
                marc_record=record, by=self.by, library=self.library
            )
            return "created", bib
        if self.options.on_duplicate == "skip":
            return "skipped", duplicate
        if self.options.on_duplicate == "replace" and duplicate.marc_json == marc.record_to_json(
            record
        ):
            return "skipped", duplicate
        # The shared-record rule, checked here to report it and go on with the copies; the
        # services check it again.
        refusal = catalog_access.record_change_refusal(duplicate, self.editor)
        if refusal is not None:
            template = (
                _("record kept as it was, not replaced: %(reason)s")
                if self.options.on_duplicate == "replace"
                else _("record kept as it was, not merged: %(reason)s")
            )
            self.report(read, template % {"reason": refusal.message})
            return "refused", duplicate
        if self.options.on_duplicate == "replace":
            catalog_services.replace_record(
                bib=duplicate, marc_record=record, by=self.by, library=self.library
            )
            return "updated", duplicate
        if self.options.on_duplicate == "merge":
            before = duplicate.updated_at
            bib = catalog_services.merge_record(
                bib=duplicate, marc_record=record, by=self.by, library=self.library
            )
            return ("updated" if bib.updated_at != before else "skipped"), bib
        raise AssertionError(self.options.on_duplicate)  # check_options allows no other

    def _write_items(
        self,
        read: reader.ReadRecord,
        bib: BibRecord,
        copies: list[holdings.HoldingsItem],
        *,
        is_new: bool,
    ) -> tuple[int, int]:
        """Add the copies of `bib`, report what was refused; return (created, failed).

        A copy without a barcode cannot be told from one already there, so for a known record
        it is left out (see _add_copies for copies already in the network)."""
        added = self._add_copies(
            [(read, bib.pk, copy) for copy in copies if is_new or copy.barcode], at=clock.now()
        )
        self.counts.warnings += added.counts.warnings
        for line in added.lines:
            self.on_failure(line)
        for line in added.warning_lines:
            self.on_warning(line)
        return added.counts.items_created, added.counts.items_failed

    def _home_library(self, copy: holdings.HoldingsItem) -> tuple[Library, list[str], str]:
        """The libnet library that owns `copy`, the copy's notes and its kept source code.

        Unmapped source codes go to the importing library, keeping the code and a note.
        """
        mapped = self.mapped_libraries.get(copy.source_library_code)
        if mapped is not None:
            return mapped, list(copy.notes), ""
        notes = list(copy.notes)
        if copy.source_library_code:
            notes.insert(
                0,
                _("Imported from library %(code)s") % {"code": copy.source_library_code},
            )
        return self.library, notes, copy.source_library_code

    def _shelf_location(self, library: Library, code: str) -> ShelfLocation | None:
        if not code:
            return None
        key = (library.pk, code)
        if key not in self.shelf_locations:
            self.shelf_locations[key] = ShelfLocation.objects.filter(
                library=library, code=code
            ).first()
        return self.shelf_locations[key]


def repaired_on_reading(repairs: list[str]) -> str:
    """The warning of a record read with repairs: what was repaired, in the order met."""
    return _("repaired on reading: %(repairs)s") % {"repairs": "; ".join(repairs)}


def _keep_received(
    reads: list[tuple[reader.ReadRecord, int]], *, at: dt.datetime | None = None
) -> None:
    """Keep the records the reader repaired as they were received, beside their catalogue
    record (`bib_id`): the lossless copy of what the other system sent."""
    if not reads:
        return
    at = at or clock.now()
    ReceivedRecord.objects.bulk_create(
        ReceivedRecord(
            bib_id=bib_id, received=read.received, repairs="\n".join(read.warnings), received_at=at
        )
        for read, bib_id in reads
    )


def _far_ahead(barcode: str, accession_number: str, next_number: str) -> str:
    return _(
        "copy %(barcode)s: accession number %(number)s kept, but it is far past the register's next number %(next)s, which stays where it is"
    ) % {"barcode": barcode or "-", "number": accession_number, "next": next_number}


def import_marc_file(
    *,
    path: Path,
    library: Library,
    by: Actor,
    options: ImportOptions | None = None,
    on_failure: FailureCallback | None = None,
    on_warning: FailureCallback | None = None,
    on_progress: ProgressCallback | None = None,
    on_batch: BatchCallback | None = None,
    resume: Resume | None = None,
) -> ImportCounts:
    """Import every record of the MARC file at `path` into the catalogue, copies to `library`.

    `on_batch(records_done, end_offset, counts)` is called inside each batch's transaction, so
    what it writes (a job's checkpoint) is committed with the batch or not at all; `resume`
    goes on after the records a checkpoint says are done, with the counts it kept: a job
    taken up after its worker died imports nothing twice.

    Raises reader.UnreadableFile when the file is not MARC at all, OSError when it cannot
    be opened, ImportOptionsInvalid for bad options; per-record problems go to `on_failure`,
    warnings (records imported with repairs, copies kept with a value dropped) to
    `on_warning` (to `on_failure` when not given).
    """
    options = options or ImportOptions()
    check_options(options)
    importer = _Importer(
        library=library,
        options=options,
        by=by,
        on_failure=on_failure or (lambda line: None),
        on_warning=on_warning or on_failure or (lambda line: None),
        mapped_libraries=resolve_library_map(options.library_map),
        editor=catalog_access.record_editor(by, library),
    )
    done = 0
    if resume is not None:
        importer.counts = ImportCounts(**resume.counts.as_dict())
        done = resume.records_done
    # The collector walks only what the import makes (core/collector.py).
    with collector.few_collections(), path.open("rb") as stream:
        records = reader.read_records(
            stream,
            file_format=options.file_format,
            encoding=options.encoding,  # type: ignore[arg-type]  # checked by check_options
        )
        # The records a dead worker committed are read again (the file is a stream) and passed.
        remaining = (read for read in records if read.number > done)
        for batch in _batches(remaining, batch_size()):
            with transaction.atomic():
                importer.import_batch(batch)
                if on_batch is not None:
                    on_batch(batch[-1].number, batch[-1].end_offset, importer.counts)
            # After the commit, so a progress page on another connection sees the rows.
            if on_progress is not None:
                on_progress(batch[-1].end_offset, importer.counts)
            # The batch's records go (the list is _batches' own too), then its cycles.
            batch.clear()
            collector.collect()
    return importer.counts


def batch_size() -> int:
    """Records per transaction (settings.LIBNET_IMPORT_BATCH_SIZE, default BATCH_SIZE)."""
    return int(getattr(settings, "LIBNET_IMPORT_BATCH_SIZE", None) or BATCH_SIZE)


def _batches(records: Iterable[reader.ReadRecord], size: int) -> Iterable[list[reader.ReadRecord]]:
    batch: list[reader.ReadRecord] = []
    for read in records:
        batch.append(read)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
