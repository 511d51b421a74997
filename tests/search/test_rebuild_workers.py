"""A rebuild whose documents are built in worker processes comes out the same as one built
in its own process (search/parallel.py)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from libnet.catalog import services
from libnet.catalog.models import ItemStatus
from libnet.search import engine, index, parallel
from libnet.search.models import SearchDocument, SearchTerm
from tests.circulation.test_concurrency import database_shared_by_threads
from tests.factories import make_marc

QUERIES = ["so do", "sổ đỏ", "truyen*", "nguyen", "", "title:dat", "van hoc"]


def catalogue(lan, province) -> None:
    titles = [
        ("Số đỏ", "Vũ Trọng Phụng"),
        ("Sổ đỏ", "Lê Văn Luật"),
        ("Truyện Kiều", "Nguyễn Du"),
        ("Đất rừng phương Nam", "Đoàn Giỏi"),
        ("Dế Mèn phiêu lưu ký", "Tô Hoài"),
        ("Văn học Việt Nam hiện đại", "Nguyễn Đăng Mạnh"),
        ("Tắt đèn", "Ngô Tất Tố"),
    ]
    libraries = [province["provincial"], province["commune"], province["school"]]
    for number, (title, author) in enumerate(titles * 3):
        bib = services.create_record(
            marc_record=make_marc(title=f"{title} {number}", author=author), by=lan.user
        )
        copy = services.add_item(bib=bib, library=libraries[number % 3], by=lan.user)
        if number % 4 == 0:
            services.change_item_status(item=copy, to=ItemStatus.DAMAGED, by=lan.user)


def snapshot() -> dict[str, Any]:
    results = [engine.search(engine.SearchRequest(q=query, page_size=50)) for query in QUERIES]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # FTS5 checks its index against every document: an error if they differ.
            cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
    return {
        "documents": sorted(SearchDocument.objects.values_list("bib_id", "tags", "shelf")),
        "terms": sorted(SearchTerm.objects.values_list("term", "example")),
        "results": [
            ([(hit.bib_id, round(hit.score, 6)) for hit in result.hits], result.total)
            for result in results
        ],
    }


def in_a_thread(work) -> Any:
    """Run `work` on a connection of its own (the database copied to a file on SQLite)."""
    found: list[Any] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            found.append(work())
        except BaseException as error:  # re-raised in the test's thread
            failed.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    if failed:
        raise failed[0]
    return found[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_documents_built_in_workers_make_the_same_index(lan, province, tmp_path, monkeypatch):
    catalogue(lan, province)
    chunks_from_workers: list[int] = []
    in_workers = parallel.changes_in_workers

    def counted(chunks, *, workers):
        for changes in in_workers(chunks, workers=workers):
            chunks_from_workers.append(len(changes.document_ids))
            yield changes

    monkeypatch.setattr(index, "PARALLEL_FROM", 1)
    monkeypatch.setattr(index, "CHUNK_SIZE", 4)  # several chunks, more than the workers
    monkeypatch.setattr(parallel, "changes_in_workers", counted)

    def rebuild_twice() -> tuple[dict[str, Any], dict[str, Any]]:
        assert index.rebuild(workers=0) == 21
        assert chunks_from_workers == []
        alone = snapshot()
        # Lose some documents and words, as a restore from an old backup would.
        SearchDocument.objects.filter(
            bib_id__in=[row[0] for row in alone["documents"][::3]]
        ).delete()
        SearchTerm.objects.filter(term__startswith="t").delete()
        assert index.rebuild(workers=2) == 21
        return alone, snapshot()

    with database_shared_by_threads(tmp_path):
        alone, built_in_workers = in_a_thread(rebuild_twice)
    assert sum(chunks_from_workers) == 21
    assert len(chunks_from_workers) == 6
    assert built_in_workers == alone
    assert alone["results"][0][1] == 6  # "so do": Số đỏ and Sổ đỏ, three of each


@pytest.mark.django_db
def test_a_rebuild_inside_a_callers_transaction_builds_everything_itself(monkeypatch):
    # Workers read what is committed: they would miss the caller's own writes (this test
    # runs inside a transaction, as a caller's would be).
    monkeypatch.setattr(index, "PARALLEL_FROM", 1)
    assert connection.in_atomic_block
    assert index._workers(4, total=100_000) == 1
    assert index._workers(None, total=100_000) == 1
