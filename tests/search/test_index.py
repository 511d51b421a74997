"""The index follows every catalogue write, inside the write's transaction."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from libnet.catalog import services
from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import ItemStatus
from libnet.core import cache
from libnet.interop.services import import_marc_file
from libnet.search import engine, index
from libnet.search.models import SearchDocument, SearchTerm
from tests.factories import make_marc
from tests.interop.helpers import with_852, write_marc

pytestmark = pytest.mark.django_db


def search(query: str = "", **options) -> list[str]:
    result = engine.search(engine.SearchRequest(q=query, page_size=100, **options))
    return [hit.title for hit in result.hits]


def add_record(lan, title: str = "Dế Mèn phiêu lưu ký", **marc) -> object:
    return services.create_record(marc_record=make_marc(title=title, **marc), by=lan.user)


def is_known(term: str) -> bool:
    return SearchTerm.objects.filter(term=term).exists()


def test_a_new_record_is_found_within_its_own_transaction(lan):
    with transaction.atomic():
        add_record(lan)
        assert search("de men") == ["Dế Mèn phiêu lưu ký"]


def test_a_rolled_back_record_leaves_nothing_in_the_index(lan):
    def crash_after_cataloguing() -> None:
        with transaction.atomic():
            add_record(lan)
            assert search("de men") == ["Dế Mèn phiêu lưu ký"]
            raise RuntimeError("the cataloguer's page crashed")

    with pytest.raises(RuntimeError):
        crash_after_cataloguing()
    assert search("de men") == []
    assert not SearchDocument.objects.exists()
    assert not is_known("men")


def test_words_remembered_before_a_restore_are_written_again_after_it(lan):
    # This process wrote "rừng" once (committed), then the database was restored from a
    # backup without it: clearing the caches, as a restore does, forgets the word too.
    index._remember_words({"rung": "rừng"})
    cache.clear_all()
    add_record(lan, "Đất rừng phương Nam")
    assert SearchTerm.objects.get(term="rung").example == "rừng"


def test_a_replaced_record_is_found_by_its_new_words_only(lan):
    bib = add_record(lan, "Dế Mèn phiêu lưu ký")
    services.replace_record(
        bib=bib, marc_record=make_marc(title="Đất rừng phương Nam"), by=lan.user
    )
    assert search("de men") == []
    assert search("dat rung") == ["Đất rừng phương Nam"]
    assert SearchTerm.objects.get(term="rung").example == "rừng"
    # Words stay in the did-you-mean vocabulary until the next reindex.
    assert is_known("men")
    index.rebuild()
    assert not is_known("men")


def test_a_merged_record_is_found_by_what_the_merge_added(lan):
    bib = add_record(lan, "Truyện Kiều", subjects=("Truyện thơ",))
    assert search("subject:lục bát") == []
    services.merge_record(
        bib=bib, marc_record=make_marc(title="Truyện Kiều", subjects=("Thơ lục bát",)), by=lan.user
    )
    assert search("subject:lục bát") == ["Truyện Kiều"]


def test_a_deleted_record_leaves_the_index_and_one_with_copies_is_kept(lan, province):
    kept = add_record(lan, "Số đỏ")
    services.add_item(bib=kept, library=province["provincial"], by=lan.user, barcode="DEL0001")
    with pytest.raises(CatalogRefused) as refused:
        services.delete_record(bib=kept, by=lan.user)
    assert refused.value.code == "record_has_items"
    gone = add_record(lan, "Sổ đỏ")
    services.delete_record(bib=gone, by=lan.user)
    assert search("so do") == ["Số đỏ"]
    assert not SearchDocument.objects.filter(bib_id=gone.pk).exists()


def test_copies_and_their_status_move_availability(lan, province):
    bib = add_record(lan, "Số đỏ")
    commune = province["commune"]
    assert search("so do", library_codes=("SL-TANLAP",)) == []
    copy = services.add_item(bib=bib, library=commune, by=lan.user, barcode="AV0001")
    assert search("so do", library_codes=("SL-TANLAP",), available=True) == ["Số đỏ"]
    services.change_item_status(item=copy, to=ItemStatus.ON_LOAN, by=lan.user)
    assert search("so do", library_codes=("SL-TANLAP",), available=True) == []
    assert search("so do", library_codes=("SL-TANLAP",)) == ["Số đỏ"]  # still held there
    assert engine.availability([bib.pk])[bib.pk][0].available == 0
    services.change_item_status(item=copy, to=ItemStatus.AVAILABLE, by=lan.user)
    assert search("so do", available=True) == ["Số đỏ"]


def test_a_copy_sent_elsewhere_is_available_where_it_is_now(lan, province):
    bib = add_record(lan, "Tắt đèn")
    copy = services.add_item(bib=bib, library=province["provincial"], by=lan.user, barcode="TR0001")
    services.change_item_status(
        item=copy, to=ItemStatus.IN_TRANSIT, by=lan.user, current_library=province["school"]
    )
    services.change_item_status(item=copy, to=ItemStatus.AVAILABLE, by=lan.user)
    at_school = ("SL-THCS-TANLAP",)
    assert search("tat den", library_codes=at_school, available=True) == ["Tắt đèn"]
    assert search("tat den", library_codes=("SL-TVT",), include_subtree=False) == ["Tắt đèn"]
    assert search("tat den", library_codes=("SL-TVT",), available=True) == []


def test_a_changed_acquisition_date_moves_the_record_in_newest_order(lan, province):
    import datetime as dt

    older, newer = add_record(lan, "Chí Phèo"), add_record(lan, "Vợ nhặt")
    library = province["provincial"]
    old_copy = services.add_item(
        bib=older, library=library, by=lan.user, barcode="NW0001", acquired_on=dt.date(2020, 1, 1)
    )
    services.add_item(
        bib=newer, library=library, by=lan.user, barcode="NW0002", acquired_on=dt.date(2022, 1, 1)
    )
    assert search(available=True, sort="newest") == ["Vợ nhặt", "Chí Phèo"]
    services.update_item(item=old_copy, by=lan.user, acquired_on=dt.date(2025, 1, 1))
    assert search(available=True, sort="newest") == ["Chí Phèo", "Vợ nhặt"]


def test_reindex_rebuilds_the_same_results(lan, province):
    for title, author in (
        ("Số đỏ", "Vũ Trọng Phụng"),
        ("Sổ đỏ", "Lê Văn Luật"),
        ("Truyện Kiều", "Nguyễn Du"),
        ("Dế Mèn phiêu lưu ký", "Tô Hoài"),
    ):
        bib = add_record(lan, title, author=author)
        services.add_item(bib=bib, library=province["commune"], by=lan.user)
    queries = ["so do", "sổ đỏ", "nguyen du", "", "van hoc", "truyen*"]

    def snapshot():
        results = [engine.search(engine.SearchRequest(q=query)) for query in queries]
        terms = sorted(SearchTerm.objects.values_list("term", "example"))
        return [
            ([(hit.bib_id, hit.score) for hit in result.hits], result.total, result.facets)
            for result in results
        ], terms

    before = snapshot()
    # Lose the index by hand, as a restore from an old backup would.
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    assert search("so do") == []
    out = io.StringIO()
    call_command("reindex", stdout=out)
    assert "4" in out.getvalue()
    assert snapshot() == before
    assert index.rebuild() == 4  # a second rebuild changes nothing either
    assert snapshot() == before


def test_a_second_rebuild_rewrites_no_document(lan, province):
    for number, title in enumerate(("Số đỏ", "Truyện Kiều", "Tắt đèn")):
        bib = add_record(lan, title)
        services.add_item(
            bib=bib,
            library=province["commune"],
            by=lan.user,
            acquired_on=dt.date(2024, 1, 1 + number),
        )
    add_record(lan, "Chí Phèo")  # no copy: dated by its cataloguing
    index.rebuild()
    with CaptureQueriesContext(connection) as queries:
        assert index.rebuild() == 4
    written = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith(
            ('INSERT INTO "search_searchdocument"', 'UPDATE "search_searchdocument"')
        )
        or (
            query["sql"].startswith('DELETE FROM "search_searchdocument"')
            and " IN " in query["sql"]
        )
    ]
    assert written == []


def test_a_marc_import_indexes_its_records_and_copies_in_bulk(lan, province, tmp_path):
    path = write_marc(
        tmp_path,
        "batch.mrc",
        with_852(
            make_marc(title="Tắt đèn", author="Ngô Tất Tố", control_number="T1"),
            ("SL-TVT", "IMP0001"),
        ),
        make_marc(title="Bỉ vỏ", author="Nguyên Hồng", control_number="T2"),
    )
    counts = import_marc_file(path=path, library=province["provincial"], by=lan.user)
    assert counts.created == 2
    assert search("ngo tat to") == ["Tắt đèn"]
    assert search("bi vo") == ["Bỉ vỏ"]
    assert search(library_codes=("SL-TVT",), available=True) == ["Tắt đèn"]


def test_the_demo_province_is_searchable_once_loaded(db, small_demo):
    assert SearchDocument.objects.count() > 0
    result = engine.search(engine.SearchRequest(q="van hoc"))
    assert result.total > 0
    assert result.facets["library"]


def test_a_search_reads_a_fixed_number_of_queries(lan, province, django_assert_max_num_queries):
    for number in range(30):
        bib = add_record(
            lan, f"Truyện ngắn tập {number}", subjects=("Truyện ngắn", f"Chủ đề {number}")
        )
        services.add_item(bib=bib, library=province["commune"], by=lan.user)
    # The first search counts how many records hold each word (kept for ten minutes).
    engine.search(engine.SearchRequest(q="truyen ngan", page_size=20))
    # Match, facet tags, library names, subject names, hits (and a COUNT past the cap).
    with django_assert_max_num_queries(6):
        result = engine.search(engine.SearchRequest(q="truyen ngan", page_size=20))
    assert result.total == 30


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_sqlite_keeps_the_fts_table_in_step_with_the_documents(lan):
    add_record(lan, "Số đỏ")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'title : so'")
        assert cursor.fetchone()[0] == 1
        SearchDocument.objects.all().delete()
        cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'title : so'")
        assert cursor.fetchone()[0] == 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_sqlite_merges_segments_as_before_after_a_rebuild(lan):
    add_record(lan, "Số đỏ")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 8)")
    index.rebuild()
    with connection.cursor() as cursor:
        # The rebuild stops merging while it writes; an administrator's setting comes back,
        # and FTS5's default for the one never set.
        cursor.execute("SELECT k, v FROM search_fts_config WHERE k LIKE '%merge' ORDER BY k")
        assert cursor.fetchall() == [("automerge", 8), ("crisismerge", 16)]
        cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
    assert search("so do") == ["Số đỏ"]


def test_after_a_rebuild_the_index_still_follows_every_write(lan, province):
    kept = add_record(lan, "Số đỏ")
    gone = add_record(lan, "Tắt đèn")
    index.rebuild()
    services.replace_record(bib=kept, marc_record=make_marc(title="Bỉ vỏ"), by=lan.user)
    services.delete_record(bib=gone, by=lan.user)
    add_record(lan, "Chí Phèo")
    assert search("bi vo") == ["Bỉ vỏ"]
    assert search("so do") == []
    assert search("tat den") == []
    assert search("chi pheo") == ["Chí Phèo"]


def test_a_failed_rebuild_leaves_the_index_as_it_was(lan, monkeypatch):
    add_record(lan, "Số đỏ")

    def broken(ids):
        raise RuntimeError("disk full")

    monkeypatch.setattr(index, "build_rows", broken)
    with pytest.raises(RuntimeError):
        index.rebuild()
    monkeypatch.undo()
    assert search("so do") == ["Số đỏ"]
    assert is_known("so")
    add_record(lan, "Tắt đèn")
    assert search("tat den") == ["Tắt đèn"]


def test_a_word_in_more_records_than_the_rank_cap_ranks_the_newest_and_counts_on_request(
    lan, settings
):
    """Past the rank cap the total is a lower bound, unless an exact count is asked for."""
    settings.LIBNET_SEARCH_RANK_CAP = 2
    oldest = add_record(lan, "Truyện cổ tích Việt Nam")
    add_record(lan, "Truyện ngắn")
    newest = add_record(lan, "Truyện truyện truyện")
    result = engine.search(engine.SearchRequest(q="truyen"))
    assert (result.total, result.total_is_exact) == (2, False)
    exact = engine.search(engine.SearchRequest(q="truyen", exact_total=True))
    assert (exact.total, exact.total_is_exact) == (3, True)
    assert oldest.pk not in [hit.bib_id for hit in result.hits]
    assert result.hits[0].bib_id == newest.pk  # the best of the two scored
    settings.LIBNET_SEARCH_RANK_CAP = 10
    assert len(engine.search(engine.SearchRequest(q="truyen")).hits) == 3


@pytest.fixture
def common_words(settings):
    """Every word held by more than 2 records is common: such searches skip FTS5's bm25."""
    from libnet.search.backends import sqlite

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's path for searches of common words")
    settings.LIBNET_SEARCH_COMMON_WORDS = 2
    sqlite.forget_frequencies()
    yield sqlite
    sqlite.forget_frequencies()


def test_a_search_of_common_words_ranks_the_newest_matches_from_their_rows(
    lan, settings, common_words
):
    settings.LIBNET_SEARCH_COMMON_RANK_CAP = 3
    oldest = add_record(lan, "Truyện cổ tích Việt Nam")
    add_record(lan, "Truyện ngắn chọn lọc của nhiều tác giả Việt Nam hiện đại")
    add_record(lan, "Lịch sử truyện ngắn")
    short = add_record(lan, "Truyện ngắn")
    assert common_words.is_common(engine.parse("truyen").terms)
    assert not common_words.is_common(engine.parse("co tich").terms)
    result = engine.search(engine.SearchRequest(q="truyen"))
    found = [hit.bib_id for hit in result.hits]
    assert found[:1] == [short.pk]  # the shortest title, as bm25 has it
    assert oldest.pk not in found  # not among the newest 3
    # More matches than the cap: the total is a lower bound, unless counted.
    assert (result.total, result.total_is_exact, result.ranked_within) == (3, False, 3)
    exact = engine.search(engine.SearchRequest(q="truyen", exact_total=True))
    assert (exact.total, exact.total_is_exact) == (4, True)
    settings.LIBNET_SEARCH_COMMON_RANK_CAP = 4
    wide = engine.search(engine.SearchRequest(q="truyen"))
    assert (wide.total, wide.total_is_exact, wide.ranked_within) == (4, True, None)


def test_how_many_records_hold_a_common_word_is_estimated_past_the_count(
    lan, settings, common_words
):
    """Counted up to the threshold; past it, from how far back the newest ones reach."""
    for number in range(6):
        add_record(lan, f"Truyện số {number}" if number % 2 else f"Thơ số {number}")
    term = engine.parse("truyen").terms[0]
    settings.LIBNET_SEARCH_COMMON_WORDS = 10
    assert common_words.frequency(term) == 3
    common_words.forget_frequencies()
    settings.LIBNET_SEARCH_COMMON_WORDS = 1
    # The newest 2 "truyện" are records 6 and 4 of 6: they span 3 of 6, so about 4 hold it.
    assert common_words.frequency(term) == 4


def test_words_that_look_like_filter_tags_find_only_their_records(lan, province):
    tagged = add_record(lan, "All about H1 and Y2010")
    other = add_record(lan, "Số đỏ")
    services.add_item(bib=other, library=province["provincial"], by=lan.user)
    held_id = province["provincial"].pk
    assert search("all") == ["All about H1 and Y2010"]
    assert search(f"h{held_id}") == ([tagged.title] if held_id == 1 else [])
    assert search("y2010") == ["All about H1 and Y2010"]
    assert search("aany") == []
    assert search(library_codes=("SL-TVT",)) == ["Số đỏ"]


@pytest.mark.parametrize(
    ("query", "first"), [("sổ đỏ", "Sổ đỏ"), ("Số đỏ", "Số đỏ"), ("sở đò", "Sở đò")]
)
def test_diacritics_rank_even_when_every_record_has_the_words(lan, query, first):
    # bm25 gives words found in every record a score near zero: the boost must still count.
    for title in ("Số đỏ", "Sổ đỏ", "Sở đò", "Sơ đồ"):
        add_record(lan, title)
    assert search(query)[0] == first


def test_an_availability_refresh_writes_the_tags_a_full_rebuild_would(lan, province):
    """refresh_availability (a copy lent, returned, sent) keeps every other tag of the record."""
    from libnet.search.documents import build_documents

    bib = add_record(lan, "Nhật ký trong tù", subjects=("Thơ", "Văn học Việt Nam"))
    copy = services.add_item(bib=bib, library=province["commune"], by=lan.user, barcode="RA0001")
    services.add_item(bib=bib, library=province["school"], by=lan.user, barcode="RA0002")
    for status, place in (
        (ItemStatus.ON_LOAN, None),
        (ItemStatus.IN_TRANSIT, province["provincial"]),
        (ItemStatus.AVAILABLE, None),
    ):
        services.change_item_status(item=copy, to=status, by=lan.user, current_library=place)
        stored = set(SearchDocument.objects.get(bib_id=bib.pk).tags.split())
        assert stored == set(build_documents([bib.pk])[0].tags.split())
    assert search("nhat ky", library_codes=("SL-TVT",), include_subtree=False, available=True)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_sqlite_fts_passes_its_integrity_check_after_loans_moves_and_withdrawals(
    lan, minh, province
):
    from libnet.circulation import services as circulation
    from tests.factories import NOW as at
    from tests.factories import PatronFactory

    desk = province["commune"]
    bib = add_record(lan, "Số đỏ")
    first = services.add_item(bib=bib, library=desk, by=lan.user, barcode="FT0001")
    second = services.add_item(bib=bib, library=province["provincial"], by=lan.user, barcode="FT2")
    reader = PatronFactory(home_library=desk)
    circulation.checkout_item(item=first, patron=reader, desk=desk, by=minh.user, at=at)
    circulation.checkin_item(item=first, desk=desk, by=minh.user, at=at)
    services.change_item_status(
        item=second, to=ItemStatus.WITHDRAWN, by=lan.user, withdrawal_reference="QĐ 1/2026"
    )
    document = SearchDocument.objects.get(bib_id=bib.pk)
    assert document.shelf.split() == [
        f"_a{desk.pk}",
        "_akcommune",
        "_aany",
    ]
    with connection.cursor() as cursor:
        # Compares the FTS5 index with the documents' columns (external content); raises
        # "database disk image is malformed" when a write did not reach it.
        cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")
    assert search("so do", library_codes=("SL-TVT",), include_subtree=False) == []
    assert search("so do", available=True) == ["Số đỏ"]


def test_the_migration_moves_shelf_tags_out_of_the_full_text_tags():
    import importlib

    migration = importlib.import_module("libnet.search.migrations.0003_searchdocument_shelf")
    assert migration.split_tags("_all _h3 _a3 _hkcommune _akcommune _aany _y2020 _sanh") == (
        "_all _h3 _hkcommune _y2020 _sanh",
        "_a3 _akcommune _aany",
    )
    assert migration.split_tags("_all _h3", "_a3") == ("_all _h3", "_a3")
