"""Keep the search index in step with the catalogue, inside the catalogue's transactions.

catalog.services (a record created, replaced, merged or deleted; a copy added, changed or
moved to another status), the MARC importer and the demo loader call `index_records` with the
records they touched, in the transaction of their write: a rolled-back write leaves the index
as it was, and a committed one is searchable at once. `libnet reindex` calls `rebuild`.

Writing a document rewrites its row (DELETE, then one INSERT per batch); the engine follows
(`Backend.documents_inserted`, and triggers for deletes: migration 0002). A
document that comes out the same as before is not written at all, so a copy going from
"on loan" to "in transit" costs two reads. The did-you-mean vocabulary (SearchTerm) gets
the words it does not know yet, in one statement per batch.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from libnet.catalog.models import BibRecord, Item, ItemStatus
from libnet.core import plain_sql
from libnet.network import selectors as network_selectors
from libnet.search.analysis import is_vocabulary_word
from libnet.search.backends import get_backend
from libnet.search.documents import (
    GONE_STATUSES,
    Copy,
    build_documents,
    copies_of,
    copy_tags,
    is_copy_tag,
    shelf_tags,
)
from libnet.search.models import EXACT_COLUMNS, FOLDED_COLUMNS, SearchDocument, SearchTerm

CHUNK_SIZE = 500
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


@dataclasses.dataclass(frozen=True)
class CopyPlace:
    """Where a copy is and in what status: all of it its record's document follows."""

    home_library_id: int
    current_library_id: int
    status: str


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
    tags (the libraries' kinds come from memory); a loan of one of several copies on a shelf writes nothing, and a
    change is one UPDATE of a plain column: the full-text index is not touched (issue 5).
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


def remove_records(bib_ids: Iterable[int]) -> None:
    """Take the records `bib_ids` out of the index (call it before deleting them).

    Their words stay in the vocabulary: a did-you-mean is offered only if it finds something.
    """
    ids = sorted({int(bib_id) for bib_id in bib_ids})
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK_SIZE):
            SearchDocument.objects.filter(bib_id__in=ids[start : start + CHUNK_SIZE]).delete()


def _index_chunk(ids: list[int], *, rebuilding: bool = False) -> list[SearchDocument]:
    """Write the documents of `ids` that changed; return all their documents as they are now.

    Inside a rebuild the engine rebuilds itself at the end, and the vocabulary is made from
    every document there, not only from the changed ones."""
    # The stored documents as rows, not instances: a rebuild reads a million of them.
    old = {
        row[0]: row for row in SearchDocument.objects.filter(bib_id__in=ids).values_list(*_ATTNAMES)
    }
    new = build_documents(ids)
    changed: list[SearchDocument] = []
    for document in new:
        before = old.get(document.bib_id)
        if before is None:
            changed.append(document)
            continue
        after = tuple(getattr(document, attname) for attname in _ATTNAMES)
        if before == after:
            continue
        if before[:_SHELF] + before[_SHELF + 1 :] == after[:_SHELF] + after[_SHELF + 1 :]:
            # Only where it is on a shelf: a plain column, the full-text entry stays.
            plain_sql.update(SearchDocument, document.bib_id, {"shelf": document.shelf})
            continue
        changed.append(document)
    kept = {document.bib_id for document in new}
    stale = [bib_id for bib_id in old if bib_id not in kept]
    stale += [document.bib_id for document in changed if document.bib_id in old]
    if stale:
        SearchDocument.objects.filter(bib_id__in=stale).delete()
    _insert(changed)
    if not rebuilding:
        get_backend().documents_inserted([document.bib_id for document in changed])
        _add_words(changed)
    return new


_COLUMNS = list(SearchDocument._meta.concrete_fields)
# The columns of a document, its primary key first, and where the shelf tags are among them.
_ATTNAMES = tuple(field.attname for field in _COLUMNS)
_SHELF = _ATTNAMES.index("shelf")
assert _ATTNAMES[0] == "bib_id"


def _insert(documents: Sequence[SearchDocument]) -> None:
    """INSERT the documents with one executemany (bulk_create would compile every value)."""
    if not documents:
        return
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(SearchDocument._meta.db_table),
        ", ".join(quote(field.column) for field in _COLUMNS),
        ", ".join(["%s"] * len(_COLUMNS)),
    )
    adapt_date = connection.ops.adapt_datefield_value
    rows = [
        tuple(
            adapt_date(document.newest_on)
            if field.attname == "newest_on"
            else getattr(document, field.attname)
            for field in _COLUMNS
        )
        for document in documents
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# Words this process has seen committed to the vocabulary: an import meets the same words in
# every batch, and need not ask the database about them again. Filled only once the words'
# transaction commits, so it never holds a word that was rolled back. (A `libnet reindex` in
# another process may drop a word no document holds any more; should a later record bring it
# back, this process would not add it until its next restart or the next reindex: a
# did-you-mean the less, never a wrong one.)
_known_words: set[str] = set()
_KNOWN_WORDS_LIMIT = 1_000_000


def _add_words(documents: Sequence[SearchDocument]) -> None:
    """Add the words of `documents` the vocabulary does not have yet (one statement per 400)."""
    words: dict[str, str] = {}
    known = _known_words
    for document in documents:
        # Folded and exact columns hold the same tokens, in order: each folded word comes
        # with the exact (accented) form it has here, for a did-you-mean that reads naturally.
        for folded_column, exact_column in zip(FOLDED_COLUMNS, EXACT_COLUMNS, strict=False):
            for folded, exact in zip(
                getattr(document, folded_column).split(),
                getattr(document, exact_column).split(),
                strict=False,
            ):
                if folded not in known and folded not in words and is_vocabulary_word(folded):
                    words[folded] = exact
    if not words:
        return
    rows = sorted(words.items())
    table = connection.ops.quote_name(SearchTerm._meta.db_table)
    # Sorted rows take their locks in one order: two imports cannot deadlock on a word.
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _VOCABULARY_BATCH):
            batch = rows[start : start + _VOCABULARY_BATCH]
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


def rebuild(progress: Progress | None = None) -> int:
    """Rebuild the whole index and its vocabulary from the catalogue; return the records indexed.

    One transaction: searches see the old index until the new one is complete. Documents that
    have not changed are not rewritten; then the engine's own index is rebuilt from the
    documents, and the vocabulary is made again from the words they hold now.
    """
    ids = list(BibRecord.objects.order_by("pk").values_list("pk", flat=True))
    total = len(ids)
    with transaction.atomic(), get_backend().rebuilding():
        orphans = SearchDocument.objects.filter(
            ~Exists(BibRecord.objects.filter(pk=OuterRef("bib_id")))
        )
        orphans.delete()
        SearchTerm.objects.all().delete()
        _known_words.clear()
        for start in range(0, total, CHUNK_SIZE):
            _add_words(_index_chunk(ids[start : start + CHUNK_SIZE], rebuilding=True))
            if progress is not None:
                progress(min(start + CHUNK_SIZE, total), total)
    return total
