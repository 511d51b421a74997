"""Keep the search index in step with the catalogue, inside the catalogue's transactions.

catalog.services tell what they wrote through catalog.changes, whose handlers are registered
here when Django starts (SearchConfig.ready): `index_records` for records created, replaced,
merged or deleted and copies added, `copies_moved` for copies that changed status, owner or
place. Both run in the transaction of the write: a rolled-back write leaves the index as it
was, and a committed one is searchable at once. `libnet reindex` calls `rebuild`.

Writing a document rewrites its row (DELETE, then one INSERT per batch); the engine follows
(`Backend.documents_inserted`, and triggers for deletes: migration 0002). A
document that comes out the same as before is not written at all, so a copy going from
"on loan" to "in transit" costs two reads. The did-you-mean vocabulary (SearchTerm) gets
the words it does not know yet, in one statement per batch.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Sequence

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, OuterRef

from libnet.catalog.changes import CopyMove, CopyPlace
from libnet.catalog.models import BibRecord, Item, ItemStatus
from libnet.core import cache, plain_sql
from libnet.network import selectors as network_selectors
from libnet.search import parallel
from libnet.search.analysis import is_vocabulary_word
from libnet.search.backends import get_backend
from libnet.search.documents import (
    COLUMNS,
    GONE_STATUSES,
    Copy,
    Row,
    build_rows,
    copies_of,
    copy_tags,
    is_copy_tag,
    shelf_tags,
)
from libnet.search.models import (
    EXACT_COLUMNS,
    FOLDED_COLUMNS,
    ReindexRequest,
    SearchDocument,
    SearchTerm,
)

CHUNK_SIZE = 500
# Documents handed to the engine at once inside a rebuild.
ENGINE_BATCH = 2000
_VOCABULARY_BATCH = 400

Progress = Callable[[int, int], None]


def index_records(bib_ids: Iterable[int]) -> None:
    """Index the records `bib_ids` as they are now; a record that no longer exists leaves it."""
    ids = sorted({int(bib_id) for bib_id in bib_ids})
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK_SIZE):
            _index_chunk(ids[start : start + CHUNK_SIZE])


def refresh_availability(bib_ids: Iterable[int]) -> None:
    """Rewrite only the copy tags (who holds the title, where it is on the shelf) of `bib_ids`.

    For a copy whose status or place changed among the statuses that keep it in the
    collection (available, on loan, in transit…): its record's words and `newest_on` are
    as they were, so the document is not rebuilt: one read of the tags, one of the copies,
    one of their libraries' kinds, and an UPDATE of what changed: the held tags (the
    engine follows by trigger, migration 0002) and the shelf column (no trigger, migration
    0003). A copy lost or withdrawn, or a record without a document yet, goes through
    `index_records`.
    """
    ids = sorted({int(bib_id) for bib_id in bib_ids})
    # No savepoint of its own: it runs inside the status change's transaction, and a
    # failure here must undo that change anyway.
    with transaction.atomic(savepoint=False):
        current = {
            bib_id: (tags, shelf)
            for bib_id, tags, shelf in SearchDocument.objects.filter(bib_id__in=ids).values_list(
                "bib_id", "tags", "shelf"
            )
        }
        missing = [bib_id for bib_id in ids if bib_id not in current]
        if missing:
            index_records(missing)
        present = [bib_id for bib_id in ids if bib_id in current]
        if not present:
            return
        copies, kinds = copies_of(present)
        for bib_id in present:
            held = copies.get(bib_id, [])
            old_tags, old_shelf = current[bib_id]
            changes: dict[str, str] = {}
            new_tags = _with_copy_tags(old_tags, copy_tags(held, kinds))
            if new_tags != old_tags:
                changes["tags"] = new_tags
            new_shelf = " ".join(shelf_tags(held, kinds))
            if new_shelf != old_shelf:
                changes["shelf"] = new_shelf
            if changes:
                plain_sql.update(SearchDocument, bib_id, changes)


def _with_copy_tags(old: str, tags: list[str]) -> str:
    """The document's tags `old` with its copy tags replaced by `tags`."""
    return " ".join([tag for tag in old.split() if not is_copy_tag(tag)] + tags)


# The read and the write of copy_changed, which runs at every loan and return, are plain
# SQL: building them through the ORM cost more than running them (core.plain_sql).
def _shelf_now(bib_id: int) -> tuple[list[int], str] | None:
    """(the libraries where the title's copies on the shelf are, first copy first; the
    document's shelf tags), or None when the title has no document, in one statement."""
    with plain_sql.cursor() as cursor:
        cursor.execute(_shelf_now_sql(), [str(ItemStatus.AVAILABLE), bib_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    libraries = [row[1] for row in rows if row[1] is not None]
    return list(dict.fromkeys(libraries)), str(rows[0][0])


@plain_sql.cached_sql
def _shelf_now_sql() -> str:
    document, item = SearchDocument, Item
    return (
        f"SELECT {plain_sql.column(document, 'shelf')}, "
        f"{plain_sql.column(item, 'current_library')} "
        f"FROM {plain_sql.table(document)} LEFT OUTER JOIN {plain_sql.table(item)} "
        f"ON {plain_sql.column(item, 'bib')} = {plain_sql.column(document, 'bib')} "
        f"AND {plain_sql.column(item, 'status')} = %s "
        f"WHERE {plain_sql.column(document, 'bib')} = %s "
        f"ORDER BY {plain_sql.column(item, 'id')}"
    )


def copy_changed(*, item: Item, was: CopyPlace) -> None:
    """Keep the record of `item` in step after the copy went from `was` to what it is now.

    Call it in the transaction that saved the copy. A copy lost or withdrawn (or back from
    that) leaves or rejoins the collection: the document is rebuilt (`index_records`). A
    copy that changed owner or place gets its record's copy tags rewritten
    (`refresh_availability`). Otherwise only its status changed among those that keep it
    in the collection (lent, returned, set aside, sent home): who holds the title is as it
    was, and only the shelf column can change, when it was the title's last copy on the
    shelf at that library (or of that kind of library, or anywhere), or the first one back.
    One read tells: where the title's copies on the shelf are, with the document's shelf
    tags (the libraries' kinds come from memory); a loan of one of several copies on a
    shelf writes nothing, and a change is one UPDATE of a plain column: the full-text index
    is not touched.
    """
    if {was.status, item.status} & GONE_STATUSES:
        index_records([item.bib_id])
        return
    if (was.home_library_id, was.current_library_id) != (
        item.home_library_id,
        item.current_library_id,
    ):
        refresh_availability([item.bib_id])
        return
    kinds = network_selectors.kind_map()
    found = _shelf_now(item.bib_id)
    if found is None:  # a record not in the index yet
        index_records([item.bib_id])
        return
    libraries, old = found
    if any(library_id not in kinds for library_id in libraries):
        # A library this process has not seen yet (made by another one a moment ago).
        refresh_availability([item.bib_id])
        return
    shelf = shelf_tags(
        [Copy(library_id, library_id, ItemStatus.AVAILABLE, None) for library_id in libraries],
        kinds,
    )
    if set(shelf) != set(old.split()):
        plain_sql.update(SearchDocument, item.bib_id, {"shelf": " ".join(shelf)})


def copies_moved(moves: Sequence[CopyMove]) -> None:
    """Keep the records of the copies of `moves` in step (catalog.changes.copies_moved).

    One copy (a loan, a return) takes copy_changed's narrow path; a list (a rotation batch,
    a vehicle unloaded) is one `index_records` for the titles whose copies left or rejoined
    the collection and one `refresh_availability` for the others."""
    if len(moves) == 1:
        copy_changed(item=moves[0].item, was=moves[0].was)
        return
    rebuilt = {
        move.item.bib_id for move in moves if {move.was.status, move.item.status} & GONE_STATUSES
    }
    if rebuilt:
        index_records(rebuilt)
    refreshed = {move.item.bib_id for move in moves} - rebuilt
    if refreshed:
        refresh_availability(refreshed)


def remove_records(bib_ids: Iterable[int]) -> None:
    """Take the records `bib_ids` out of the index (call it before deleting them).

    Their words stay in the vocabulary: a did-you-mean is offered only if it finds something.
    """
    ids = sorted({int(bib_id) for bib_id in bib_ids})
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK_SIZE):
            SearchDocument.objects.filter(bib_id__in=ids[start : start + CHUNK_SIZE]).delete()


def _index_chunk(ids: list[int]) -> None:
    """Write the documents of `ids` that changed."""
    changes = chunk_changes(ids, known_words=_known_words)
    _write(changes)
    get_backend().documents_inserted([row[0] for row in changes.inserts])
    _add_words(changes.words)


@dataclasses.dataclass(frozen=True)
class ChunkChanges:
    """What indexing a chunk of records writes: worked out by reading (here or in a worker
    process, search/parallel.py), then written by `_write`."""

    document_ids: list[int]  # the records of the chunk that have a document now
    inserts: list[Row]  # documents new or changed (a changed one is deleted first)
    deletes: list[int]  # documents of records gone, and the old versions of changed ones
    shelves: list[tuple[int, str]]  # documents where only the shelf tags changed
    words: dict[str, str]  # folded word → its exact form, for the vocabulary


def chunk_changes(
    ids: Sequence[int], *, known_words: set[str], every_word: bool = False
) -> ChunkChanges:
    """Build the documents of `ids` and compare them with the stored ones.

    `words`: those of the documents written (of every document with `every_word`) that are
    not in `known_words`; inside a rebuild the set is the caller's own, and grows with them."""
    rows = build_rows(ids)
    # The stored rows by plain SQL (a rebuild reads a million of them). The drivers give
    # their dates as dates (Django has SQLite's parse the columns declared "date").
    old: dict[int, Row] = {}
    if ids:
        with plain_sql.cursor() as cursor:
            cursor.execute(
                plain_sql.select_in(SearchDocument, COLUMNS, "bib")
                + plain_sql.placeholders(len(ids)),
                list(ids),
            )
            old = {row[0]: tuple(row) for row in cursor.fetchall()}
    inserts: list[Row] = []
    shelves: list[tuple[int, str]] = []
    for row in rows:
        before = old.get(row[0])
        if before is None or before == row:
            if before is None:
                inserts.append(row)
        elif before[:_SHELF] + before[_SHELF + 1 :] == row[:_SHELF] + row[_SHELF + 1 :]:
            # Only where it is on a shelf: a plain column, the full-text entry stays.
            shelves.append((row[0], row[_SHELF]))
        else:
            inserts.append(row)
    kept = {row[0] for row in rows}
    deletes = [bib_id for bib_id in old if bib_id not in kept]
    deletes += [row[0] for row in inserts if row[0] in old]
    return ChunkChanges(
        document_ids=[row[0] for row in rows],
        inserts=inserts,
        deletes=deletes,
        shelves=shelves,
        words=_words_of(rows if every_word else inserts, known_words, grow=every_word),
    )


def _write(changes: ChunkChanges) -> None:
    if changes.deletes:
        SearchDocument.objects.filter(bib_id__in=changes.deletes).delete()
    for bib_id, shelf in changes.shelves:
        plain_sql.update(SearchDocument, bib_id, {"shelf": shelf})
    _insert(changes.inserts)


# Where the shelf tags and the newest acquisition are in a row.
_SHELF = COLUMNS.index("shelf")
_NEWEST_ON = COLUMNS.index("newest_on")
# Where each folded column and its exact twin are.
_WORD_COLUMNS = tuple(
    (COLUMNS.index(folded), COLUMNS.index(exact))
    for folded, exact in zip(FOLDED_COLUMNS, EXACT_COLUMNS, strict=False)
)
assert COLUMNS[0] == "bib_id"


def _insert(rows: Sequence[Row]) -> None:
    """INSERT the rows with one executemany (bulk_create would compile every value)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(SearchDocument._meta.db_table),
        ", ".join(quote(field.column) for field in SearchDocument._meta.concrete_fields),
        ", ".join(["%s"] * len(COLUMNS)),
    )
    adapt_date = connection.ops.adapt_datefield_value
    newest = _NEWEST_ON
    with connection.cursor() as cursor:
        cursor.executemany(
            sql, [(*row[:newest], adapt_date(row[newest]), *row[newest + 1 :]) for row in rows]
        )


# Words this process has seen committed to the vocabulary: an import meets the same words in
# every batch, and need not ask the database about them again. Filled only once the words'
# transaction commits, so it never holds a word that was rolled back. (A `libnet reindex` in
# another process may drop a word no document holds any more; should a later record bring it
# back, this process would not add it until its next restart or the next reindex: a
# did-you-mean the less, never a wrong one.)
_known_words: set[str] = set()
_KNOWN_WORDS_LIMIT = 1_000_000
# Forgotten with every other cache: after a restore (or a test's flush) the vocabulary table
# may lack words this process remembers writing.
cache.also_clear(_known_words.clear)


def _words_of(rows: Sequence[Row], known: set[str], *, grow: bool) -> dict[str, str]:
    """The vocabulary words of the documents `rows` that are not in `known`, each with the
    exact form it first has there. With `grow`, every word looked at (vocabulary word or
    not) joins `known`, so that a document of words all seen before is passed over at once."""
    words: dict[str, str] = {}
    for row in rows:
        # Folded and exact columns hold the same tokens, in order: each folded word comes
        # with the exact (accented) form it has here, for a did-you-mean that reads naturally.
        for folded_column, exact_column in _WORD_COLUMNS:
            folded_words = row[folded_column].split()
            if grow and known.issuperset(folded_words):
                continue
            for folded, exact in zip(folded_words, row[exact_column].split(), strict=False):
                if folded not in known and folded not in words:
                    if is_vocabulary_word(folded):
                        words[folded] = exact
                    if grow:
                        known.add(folded)
    return words


def _add_words(words: dict[str, str]) -> None:
    """Add `words` (folded → exact) to the vocabulary, one statement per 400; a word it
    has already keeps its example."""
    if not words:
        return
    pairs = sorted(words.items())
    table = connection.ops.quote_name(SearchTerm._meta.db_table)
    # Sorted rows take their locks in one order: two imports cannot deadlock on a word.
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), _VOCABULARY_BATCH):
            batch = pairs[start : start + _VOCABULARY_BATCH]
            cursor.execute(
                f"INSERT INTO {table} (term, example) VALUES "
                + ", ".join(["(%s, %s)"] * len(batch))
                + " ON CONFLICT (term) DO NOTHING",
                [value for row in batch for value in row],
            )
    transaction.on_commit(lambda: _remember_words(words))


def _remember_words(words: dict[str, str]) -> None:
    if len(_known_words) + len(words) > _KNOWN_WORDS_LIMIT:
        _known_words.clear()
    _known_words.update(words)


def rebuild(progress: Progress | None = None, *, workers: int | None = None) -> int:
    """Rebuild the whole index and its vocabulary from the catalogue; return the records indexed.

    One transaction: searches see the old index until the new one is complete. Documents that
    have not changed are not rewritten; the engine's own index is made again from every
    document (`Backend.rebuilding`), and the vocabulary from the words they hold now.

    `workers`: processes building documents alongside this one (search/parallel.py); by
    default `LIBNET_SEARCH_REBUILD_WORKERS`, else one per processor. They are used for a
    catalogue of `PARALLEL_FROM` records or more, when this call opens the transaction and the
    database is not in memory; 0 or 1 builds everything here.
    """
    ids = list(BibRecord.objects.order_by("pk").values_list("pk", flat=True))
    total = len(ids)
    chunks = [ids[start : start + CHUNK_SIZE] for start in range(0, total, CHUNK_SIZE)]
    workers = _workers(workers, total)
    backend = get_backend()
    with transaction.atomic(), backend.rebuilding():
        orphans = SearchDocument.objects.filter(
            ~Exists(BibRecord.objects.filter(pk=OuterRef("bib_id")))
        )
        orphans.delete()
        SearchTerm.objects.all().delete()
        _known_words.clear()
        # Each worker keeps its own set of the words it has handed over; this one keeps
        # those written, so a word goes in once, with its example from the first chunk
        # that has it, as when everything is built here.
        written: set[str] = set()
        handed_over: set[str] = set()  # the words this process, as a builder, handed over
        built = (
            parallel.changes_in_workers(chunks, workers=workers)
            if workers > 1
            else (
                chunk_changes(chunk, known_words=handed_over, every_word=True) for chunk in chunks
            )
        )
        done = 0
        # The engine's index was emptied: every document goes in, changed or not, a few
        # chunks at a time (FTS5 writes a segment per statement: fewer, bigger ones merge
        # faster).
        for_engine: list[int] = []
        for chunk, changes in zip(chunks, built, strict=True):
            _write(changes)
            for_engine += changes.document_ids
            if len(for_engine) >= ENGINE_BATCH:
                backend.documents_inserted(for_engine)
                for_engine = []
            words = {
                folded: exact for folded, exact in changes.words.items() if folded not in written
            }
            written.update(words)
            _add_words(words)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
        backend.documents_inserted(for_engine)
        # What a migration asked for (search/operations.py) is done.
        ReindexRequest.objects.all().delete()
    return total


# Below this many records a rebuild builds its documents in its own process: starting
# workers (each sets up Django) costs about as much as building 10,000 documents.
PARALLEL_FROM = 50_000


def _workers(asked: int | None, total: int) -> int:
    if asked is None:
        asked = getattr(settings, "LIBNET_SEARCH_REBUILD_WORKERS", None) or os.cpu_count() or 1
    if asked <= 1 or total < PARALLEL_FROM or connection.in_atomic_block or _in_memory():
        return 1
    return asked


def _in_memory() -> bool:
    """Whether the database lives in this process's memory (SQLite's test database)."""
    in_memory = getattr(connection, "is_in_memory_db", None)  # SQLite's wrapper only
    return bool(in_memory is not None and in_memory())


def integrity_problems() -> list[str]:
    """What is wrong with the index as stored, for a check after a restore.

    Every record has its document; on SQLite, FTS5's own integrity check compares the
    full-text index with the documents; on PostgreSQL, a document with a title has its
    tsvector (the trigger's work, which a restore by rows alone would have skipped).
    """
    problems: list[str] = []
    missing = BibRecord.objects.filter(
        ~Exists(SearchDocument.objects.filter(bib_id=OuterRef("pk")))
    ).count()
    if missing:
        problems.append(f"{missing} records have no search document")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            try:
                cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('integrity-check')")
            except DatabaseError as error:
                problems.append(f"the full-text index does not match the documents: {error}")
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COUNT(*) FROM search_searchdocument "
                "WHERE title <> '' AND folded_v = ''::tsvector"
            )
            empty = int(cursor.fetchone()[0])
            if empty:
                problems.append(f"{empty} documents have no full-text vector")
    return problems
