"""Keep the search index in step with the catalogue, inside the catalogue's transactions.

catalog.services (a record created, replaced, merged or deleted; a copy added, changed or
moved to another status), the MARC importer and the demo loader call `index_records` with the
records they touched, in the transaction of their write: a rolled-back write leaves the index
as it was, and a committed one is searchable at once. `libnet reindex` calls `rebuild`.

Writing a document rewrites its row; the engines follow by trigger (migration 0002). A
document that comes out the same as before is not written at all, so a copy going from
"on loan" to "in transit" costs two reads. The did-you-mean vocabulary (SearchTerm) gets
the words it does not know yet, in one statement per batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from libnet.catalog.models import BibRecord
from libnet.search.backends import get_backend
from libnet.search.documents import build_documents
from libnet.search.models import SearchDocument, SearchTerm

CHUNK_SIZE = 500
_VOCABULARY_BATCH = 400

Progress = Callable[[int, int], None]


def index_records(bib_ids: Iterable[int]) -> None:
    """Index the records `bib_ids` as they are now; a record that no longer exists leaves it."""
    ids = sorted({int(bib_id) for bib_id in bib_ids})
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK_SIZE):
            _index_chunk(ids[start : start + CHUNK_SIZE])


def remove_records(bib_ids: Iterable[int]) -> None:
    """Take the records `bib_ids` out of the index (call it before deleting them).

    Their words stay in the vocabulary: a did-you-mean is offered only if it finds something.
    """
    ids = sorted({int(bib_id) for bib_id in bib_ids})
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK_SIZE):
            SearchDocument.objects.filter(bib_id__in=ids[start : start + CHUNK_SIZE]).delete()


def _index_chunk(ids: list[int]) -> list[SearchDocument]:
    """Write the documents of `ids` that changed; return all their documents as they are now."""
    old = {document.bib_id: document for document in SearchDocument.objects.filter(bib_id__in=ids)}
    new = build_documents(ids)
    changed = [document for document in new if not _same(old.get(document.bib_id), document)]
    kept = {document.bib_id for document in new}
    stale = [bib_id for bib_id in old if bib_id not in kept]
    stale += [document.bib_id for document in changed if document.bib_id in old]
    if stale:
        SearchDocument.objects.filter(bib_id__in=stale).delete()
    _insert(changed)
    _add_words(changed)
    return new


_COLUMNS = list(SearchDocument._meta.concrete_fields)


def _same(before: SearchDocument | None, after: SearchDocument) -> bool:
    if before is None:
        return False
    return all(
        getattr(before, field.attname) == getattr(after, field.attname) for field in _COLUMNS
    )


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


def _add_words(documents: Sequence[SearchDocument]) -> None:
    """Add the words of `documents` the vocabulary does not have yet (one statement per 400)."""
    words: dict[str, str] = {}
    for document in documents:
        for term, example in document.terms().items():
            words.setdefault(term, example)
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


def rebuild(progress: Progress | None = None) -> int:
    """Rebuild the whole index and its vocabulary from the catalogue; return the records indexed.

    One transaction: searches see the old index until the new one is complete. Documents that
    have not changed are not rewritten; then the engine's own index is rebuilt from the
    documents, and the vocabulary is made again from the words they hold now.
    """
    ids = list(BibRecord.objects.order_by("pk").values_list("pk", flat=True))
    total = len(ids)
    with transaction.atomic():
        orphans = SearchDocument.objects.filter(
            ~Exists(BibRecord.objects.filter(pk=OuterRef("bib_id")))
        )
        orphans.delete()
        SearchTerm.objects.all().delete()
        for start in range(0, total, CHUNK_SIZE):
            _add_words(_index_chunk(ids[start : start + CHUNK_SIZE]))
            if progress is not None:
                progress(min(start + CHUNK_SIZE, total), total)
        get_backend().after_rebuild()
    return total
