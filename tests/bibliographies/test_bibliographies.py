"""Compiled bibliographies: found in the catalogue, grouped and numbered in Vietnamese order
with an index of authors, printed as PDF and Word, published on the OPAC and counted in the
month's report; a month's new acquisitions; articles described as analytic records. Staff of
another library get 404; an unpublished bibliography is not public."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.bibliographies import services
from libnet.bibliographies.models import Bibliography
from libnet.catalog import services as catalog_services
from libnet.catalog.models import BibRecord, RecordListEntry
from libnet.core import clock, word
from libnet.planning import periods
from libnet.planning import selectors as planning_selectors
from libnet.search import engine
from tests.factories import make_marc
from tests.rotation.test_documents import pdf_text

pytestmark = pytest.mark.django_db

MARCH = dt.datetime(2026, 3, 10, 9, tzinfo=clock.VIETNAM)


@pytest.fixture
def shelf(lan, province):
    """Four books of the provincial catalogue, with copies added in March 2026 (two at the
    commune library below it) and one in February."""
    provincial, commune = province["provincial"], province["commune"]

    def book(title, author, subjects, library, at, barcode):
        bib = catalog_services.create_record(
            marc_record=make_marc(title=title, author=author, subjects=subjects),
            by=lan.user, library=provincial,
        )  # fmt: skip
        catalog_services.add_item(
            bib=bib, library=library, by=lan.user, barcode=barcode,
            accession_number=f"VV.{barcode[-4:]}", at=at,
        )  # fmt: skip
        return bib

    return {
        "kieu": book("Truyện Kiều", "Nguyễn Du", ("Văn học Việt Nam", "Truyện thơ"),
                     provincial, MARCH, "TVT0000201"),
        "so_do": book("Số đỏ", "Vũ Trọng Phụng", ("Văn học Việt Nam",), commune, MARCH,
                      "TANLAP000201"),
        "de_men": book("Dế Mèn phiêu lưu ký", "Tô Hoài", ("Văn học thiếu nhi",), commune,
                       MARCH, "TANLAP000202"),
        "feb": book("Đất rừng phương Nam", "Đoàn Giỏi", ("Văn học thiếu nhi",), provincial,
                    dt.datetime(2026, 2, 20, 9, tzinfo=clock.VIETNAM), "TVT0000202"),
    }  # fmt: skip


def test_a_subject_bibliography_is_found_grouped_numbered_printed_and_published(
    client, lan, shelf, province, tmp_path
):
    client.force_login(lan.user)
    response = client.post(
        "/staff/bibliographies/",
        {"library": "SL-TVT", "kind": "subject", "title": "Thư mục Văn học Việt Nam",
         "grouping": "subject", "introduction": "Giới thiệu các tác phẩm văn học."},
    )  # fmt: skip
    bibliography = Bibliography.objects.get()
    assert response.status_code == 302
    url = f"/staff/bibliographies/{bibliography.pk}/"
    page = client.get(url, {"q": "van hoc"}).content.decode()
    results = page.split('id="results"')[1].split("</ul>")[0]
    assert "Truyện Kiều" in results
    assert "Dế Mèn phiêu lưu ký" in results
    ids = [str(shelf[name].pk) for name in ("so_do", "kieu", "de_men")]
    client.post(url, {"action": "add", "record": ids})
    assert RecordListEntry.objects.count() == 3
    entry = RecordListEntry.objects.get(bib=shelf["kieu"])
    client.post(url, {"action": "note", "entry": entry.pk, "note": "Kiệt tác của Nguyễn Du."})

    text = " ".join(
        pdf_text(client.get(f"{url}bibliography.pdf").content, tmp_path, "bibliography").split()
    )
    # Sections in Vietnamese order (Văn học thiếu nhi before Văn học Việt Nam), entries
    # numbered in the order of their descriptions: Nguyễn Du before Vũ Trọng Phụng.
    body = text.split("Giới thiệu các tác phẩm văn học.")[1]
    assert body.index("VĂN HỌC THIẾU NHI") < body.index("VĂN HỌC VIỆT NAM")
    assert "1. Tô Hoài. Dế Mèn phiêu lưu ký" in text
    assert "2. Nguyễn Du. Truyện Kiều" in text
    assert "3. Vũ Trọng Phụng. Số đỏ" in text
    assert "Kiệt tác của Nguyễn Du." in text
    assert "BẢNG TRA TÁC GIẢ" in text
    assert "Nguyễn Du: 2" in text
    docx = word.text_of(client.get(f"{url}bibliography.docx").content)
    assert "THƯ MỤC VĂN HỌC VIỆT NAM" in docx
    assert "2. Nguyễn Du. Truyện Kiều" in docx
    assert "Kiệt tác của Nguyễn Du." in docx

    assert client.get(f"/bibliographies/{bibliography.pk}").status_code == 404
    client.post(url, {"action": "publish"})
    public = client.get(f"/bibliographies/{bibliography.pk}").content.decode()
    assert "Thư mục Văn học Việt Nam" in public
    assert "Kiệt tác của Nguyễn Du." in public
    assert "Thư mục Văn học Việt Nam" in client.get("/bibliographies").content.decode()
    month = periods.month_of(clock.today())
    report = planning_selectors.report_object(province["provincial"], month)
    assert report["indicators"]["bibliographies_published"]["computed"] == 1
    # Published: not changed until withdrawn.
    refused = client.post(url, {"action": "remove", "entry": entry.pk})
    assert refused.status_code == 400
    assert "đã công bố" in refused.content.decode()
    client.post(url, {"action": "withdraw"})
    report = planning_selectors.report_object(province["provincial"], month)
    assert report["indicators"]["bibliographies_published"]["computed"] == 0
    assert client.get(f"/bibliographies/{bibliography.pk}").status_code == 404


def test_new_acquisitions_of_a_month_take_the_subtrees_copies_added_in_it(lan, province, shelf):
    made = services.create_bibliography(
        library=province["provincial"], kind="new_acquisitions",
        title="Thông báo sách mới tháng 3/2026", month=dt.date(2026, 3, 1), by=lan.user,
    )  # fmt: skip
    listed = set(made.record_list.entries.values_list("bib_id", flat=True))
    assert listed == {shelf["kieu"].pk, shelf["so_do"].pk, shelf["de_men"].pk}
    commune = services.create_bibliography(
        library=province["commune"], kind="new_acquisitions", title="Sách mới",
        month=dt.date(2026, 3, 1), by=lan.user,
    )  # fmt: skip
    assert set(commune.record_list.entries.values_list("bib_id", flat=True)) == {
        shelf["so_do"].pk,
        shelf["de_men"].pk,
    }


def test_an_article_is_an_analytic_record_found_by_search_and_cited_in_its_serial(
    client, lan, province
):
    made = services.create_bibliography(
        library=province["provincial"], kind="press_digest", title="Điểm báo tháng 3", by=lan.user
    )
    client.force_login(lan.user)
    url = f"/staff/bibliographies/{made.pk}/"
    response = client.post(
        url,
        {"action": "article", "title": "Đưa sách về với bản làng", "authors": "Lò Văn Hùng; Mai Anh",
         "host_title": "Báo Sông Lam", "issue": "Số 1234 (05/3/2026), tr. 4", "year": "2026",
         "subjects": "Văn hóa đọc; Thư viện", "abstract": "Mô hình tủ sách bản làng."},
    )  # fmt: skip
    assert response.status_code == 302
    article = BibRecord.objects.get(title="Đưa sách về với bản làng")
    assert article.marc_json["leader"][7] == "b"
    hits = engine.search(engine.SearchRequest(q="dua sach ve voi ban lang")).hits
    assert [hit.bib_id for hit in hits] == [article.pk]
    page = client.get(url).content.decode()
    assert (
        "Lò Văn Hùng. Đưa sách về với bản làng // Báo Sông Lam. – Số 1234 (05/3/2026), tr. 4."
        in page
    )
    assert "Mô hình tủ sách bản làng." in page
    refused = client.post(
        url,
        {"action": "article", "title": "X", "host_title": "Báo", "issue": "Số 1", "year": "1500"},
    )
    assert refused.status_code == 400
    assert BibRecord.objects.count() == 1


def test_articles_go_only_in_article_indexes_and_press_digests(lan, province):
    from libnet.bibliographies.errors import BibliographyRefused

    made = services.create_bibliography(
        library=province["provincial"], kind="subject", title="Thư mục", by=lan.user
    )
    with pytest.raises(BibliographyRefused) as refused:
        services.add_article(
            bibliography=made, title="Bài", authors="", issue="Số 1", year=2026,
            host_title="Báo", by=lan.user,
        )  # fmt: skip
    assert refused.value.code == "articles_only"
    with pytest.raises(BibliographyRefused):
        services.publish(bibliography=made, by=lan.user)  # empty


def test_other_library_staff_get_404_and_a_commune_clerk_cannot_compile_the_provinces(
    client, lan, an, minh, shelf, province
):
    made = services.create_bibliography(
        library=province["provincial"], kind="subject", title="Thư mục tỉnh", by=lan.user
    )
    services.add_records(bibliography=made, record_ids=[shelf["kieu"].pk], by=lan.user)
    for user in (an.user, minh.user):
        client.force_login(user)
        url = f"/staff/bibliographies/{made.pk}/"
        assert client.get(url).status_code == 404
        assert client.get(f"{url}bibliography.pdf").status_code == 404
        assert client.get(f"{url}bibliography.docx").status_code == 404
        assert client.post(url, {"action": "publish"}).status_code == 404
        assert (
            client.post(url, {"action": "add", "record": str(shelf["so_do"].pk)}).status_code == 404
        )
        response = client.post(
            "/staff/bibliographies/", {"library": "SL-TVT", "kind": "subject", "title": "X"}
        )
        assert response.status_code == 404
    assert Bibliography.objects.count() == 1
    assert made.record_list.entries.count() == 1
    assert Bibliography.objects.get().published_at is None


def test_a_record_serial_or_entry_that_is_no_id_changes_nothing_and_is_no_500(client, lan, shelf):
    """ "²" passes str.isdigit() but int() refuses it; 25 digits fit no id column."""
    client.force_login(lan.user)
    for kind in ("subject", "article_index"):
        client.post(
            "/staff/bibliographies/",
            {"library": "SL-TVT", "kind": kind, "title": kind, "grouping": "subject"},
        )
    subject = Bibliography.objects.get(record_list__title="subject")
    articles = Bibliography.objects.get(record_list__title="article_index")
    url = f"/staff/bibliographies/{subject.pk}/"
    client.post(url, {"action": "add", "record": [str(shelf["kieu"].pk)]})
    records = BibRecord.objects.count()
    for value in ("²", "9" * 25):
        assert client.post(url, {"action": "add", "record": [value]}).status_code == 302
        response = client.post(url, {"action": "note", "entry": value, "note": "x"})
        assert response.status_code == 400, value
        response = client.post(
            f"/staff/bibliographies/{articles.pk}/",
            {"action": "article", "title": "Bài báo", "authors": "Tác giả", "year": "2026",
             "host_title": "Báo Tuyên Quang", "serial": value},
        )  # fmt: skip
        assert response.status_code == 404, value
    assert [(entry.bib_id, entry.note) for entry in RecordListEntry.objects.all()] == [
        (shelf["kieu"].pk, "")
    ]
    assert BibRecord.objects.count() == records


def test_new_acquisitions_of_a_month_out_of_the_years_libnet_takes_are_refused(client, lan):
    """Dates out of range are refused as everywhere else, not a list for January of year 1."""
    client.force_login(lan.user)
    for month in ("0001-01", "9999-12"):
        response = client.post(
            "/staff/bibliographies/",
            {"library": "SL-TVT", "kind": "new_acquisitions", "title": "Sách mới",
             "grouping": "subject", "month": month},
        )  # fmt: skip
        assert response.status_code == 400, month
    assert not Bibliography.objects.exists()
