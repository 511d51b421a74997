"""Original cataloguing: the short form and its templates, the MARC they write, the duplicate
warning, copies by quantity, label sheets, and what another library's staff get."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pymarc
import pytest
from django.urls import reverse

from libnet.catalog import cataloguing, label_sheets, marc
from libnet.catalog.errors import CatalogRefused, CataloguingRefused
from libnet.catalog.models import (
    AuthorMarkRule,
    BibRecord,
    CataloguingSettings,
    CataloguingTemplate,
    Item,
    LabelSheet,
    ShelfLocation,
)
from libnet.core import clock
from libnet.stats.models import DailyStat
from libnet.stats.rebuild import rebuild_daily_stats
from tests.factories import ItemFactory, RegisterFactory

SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "data" / "schemas" / "MARC21slim.xsd"

# A donated book, as a commune clerk types it from the title page.
BOOK = {
    "title": "Cho tôi xin một vé đi tuổi thơ",
    "responsibility": "Nguyễn Nhật Ánh",
    "author_1": "Nguyễn Nhật Ánh",
    "role_1": "aut",
    "author_2": "Đỗ Hoàng Tường",
    "role_2": "ill",
    "edition": "Tái bản lần thứ 40",
    "place": "Thành phố Hồ Chí Minh",
    "publisher": "Trẻ",
    "year": "2018",
    "pages": "218 tr. : tranh vẽ",
    "size": "20 cm",
    "isbn": "978-604-1-00475-7",
    "price": "80000",
    "language": "vie",
    "class_scheme": "ddc",
    "class_number": "895.92234",
    "subjects": "Văn học thiếu nhi\nTruyện dài",
    "keywords": "tuổi thơ, thiếu nhi",
}


def _post(client, user, data, code="book"):
    client.force_login(user)
    return client.post(reverse("cataloguing:new", args=[code]), data)


def _entry_for(template: cataloguing.Template) -> cataloguing.Entry:
    """Every field the template shows, filled in."""
    full = cataloguing.Entry(
        title="Bản đồ hành chính tỉnh Sông Lam",
        parallel_title="Administrative map of Song Lam",
        responsibility="Sở Tài nguyên và Môi trường",
        authors=(cataloguing.Author("Nguyễn Văn Hải"), cataloguing.Author("Lê Thị Hoa", "edt")),
        edition="In lần thứ 2",
        scale="Tỷ lệ 1:100.000",
        place="Sông Lam",
        publisher="Nxb. Bản đồ",
        year=2021,
        pages="1 tờ bản đồ : màu",
        size="60 x 84 cm",
        duration="95",
        isbn="978-604-1-00475-7",
        issn="0866-7519",
        frequency="Hằng tháng",
        price_vnd=45000,
        language="vie",
        class_scheme="ddc",
        class_number="912.597",
        call_number="912.597 HAI",
        subjects=("Bản đồ hành chính", "Sông Lam (Tỉnh)"),
        keywords=("bản đồ",),
        series="Bản đồ địa phương",
        summary="Bản đồ các xã sau sắp xếp 2025.",
        notes="Kèm bảng tra địa danh",
        local_studies=True,
    )
    shown = set(template.fields)
    blank = cataloguing.Entry(title=full.title)
    values = {}
    for name in cataloguing.Entry.__dataclass_fields__:
        form_name = "price" if name == "price_vnd" else name
        values[name] = getattr(full if form_name in shown else blank, name)
    if "class_number" in shown:
        values["class_scheme"] = full.class_scheme
    if "local_studies" not in shown:
        values["local_studies"] = bool(template.defaults.get("local_studies"))
    return cataloguing.Entry(**values)


# ---------------------------------------------------------------- the MARC written


@pytest.mark.parametrize("code", [t.code for t in cataloguing._shipped_templates()])
def test_every_template_writes_marc_that_validates_against_marc21slim_and_reads_back_the_same(
    code,
):
    """Each template's record is valid MARCXML (MARC21slim.xsd), and reading it back gives
    the entry the form was filled with."""
    etree = pytest.importorskip("lxml.etree")
    if not SCHEMA.exists():
        pytest.skip("../shared/data/schemas/MARC21slim.xsd is not available")
    template = next(t for t in cataloguing._shipped_templates() if t.code == code)
    entry = _entry_for(template)
    record = cataloguing.build_record(entry, template, today=dt.date(2026, 12, 7))
    xml = cataloguing.marc_xml(record)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.fromstring(xml)
    assert schema.validate(document), schema.error_log
    (again,) = pymarc.parse_xml_to_array(io.BytesIO(xml))
    assert cataloguing.entry_from_record(again) == entry.cleaned()
    leader = str(again.leader)
    assert len(leader) == 24
    assert leader[6:8] == template.record_type + template.bibliographic_level
    assert leader[9] == "a"  # UTF-8
    fixed = again["008"].data
    assert len(fixed) == 40
    assert fixed[:6] == "261207"
    assert fixed[35:38] == "vie"


def test_the_form_writes_nfc_text_even_when_typed_decomposed(db):
    """A title typed with combining marks (macOS, some Vietnamese keyboards) is stored NFC."""
    import unicodedata

    template = cataloguing.get_template("book")
    decomposed = unicodedata.normalize("NFD", "Truyện Kiều")
    record = cataloguing.build_record(
        cataloguing.Entry(title=decomposed, authors=(cataloguing.Author("Nguyễn Du"),)), template
    )
    assert record["245"]["a"] == "Truyện Kiều."
    assert unicodedata.is_normalized("NFC", record["245"]["a"])


@pytest.mark.parametrize(
    ("rule", "heading", "title", "mark"),
    [
        (AuthorMarkRule.GIVEN_NAME, "Nguyễn Du", "Truyện Kiều", "DU"),
        (AuthorMarkRule.GIVEN_NAME, "Nguyễn Nhật Ánh", "Mắt biếc", "ANH"),
        (AuthorMarkRule.GIVEN_NAME, "Nguyễn, Nhật Ánh", "Mắt biếc", "ANH"),  # inverted on import
        (AuthorMarkRule.GIVEN_NAME, "Hugo, Victor", "Những người khốn khổ", "HUG"),
        (AuthorMarkRule.GIVEN_NAME, "", "Địa chí Sông Lam", "DIA"),  # no author: the title
        (AuthorMarkRule.FIRST_WORD, "Nguyễn Du", "Truyện Kiều", "NGU"),
        (AuthorMarkRule.INITIALS, "Nguyễn Du", "Truyện Kiều", "NT"),
    ],
)
def test_author_mark_follows_the_librarys_rule(rule, heading, title, mark):
    assert cataloguing.author_mark(rule, heading=heading, title=title) == mark


@pytest.mark.parametrize(
    ("scheme", "number", "accepted", "heading"),
    [
        ("ddc", "895.92234", True, "Văn học Việt Nam"),
        ("ddc", "372", True, "Giáo dục"),
        ("ddc", "8(V)", False, None),
        ("ddc", "95", False, None),
        ("bbk", "8(V)23", True, "Văn học Việt Nam"),
        ("bbk", "53(075)", True, "Khoa học tự nhiên"),
        ("bbk", "5A1", True, "Toán học"),
        ("bbk", "W12", False, None),
    ],
)
def test_class_numbers_are_checked_against_their_scheme(scheme, number, accepted, heading):
    found = cataloguing.scheme(scheme)
    assert found.accepts(number) is accepted
    if heading:
        assert found.heading(number).name == heading


def test_schemes_ship_the_ddc_divisions_and_the_nineteen_bbk_classes():
    assert len(cataloguing.scheme("ddc").classes) == 10
    assert len([h for h in cataloguing.scheme("ddc").divisions if "." not in h.number]) == 100
    assert len(cataloguing.scheme("bbk").classes) == 19


# ---------------------------------------------------------------- the form


def test_a_commune_clerk_catalogues_a_donated_book_and_goes_on_to_its_copies(
    client, minh, province
):
    """The record is saved for Minh's library with its MARC, call number by the library's
    rule, and counted in the day's records created; the next page offers copies and labels."""
    response = _post(client, minh.user, {**BOOK, "library": minh.library.pk})
    bib = BibRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cataloguing:saved", args=[bib.pk])
    assert bib.title == "Cho tôi xin một vé đi tuổi thơ"
    assert bib.created_at_library == minh.library
    assert bib.isbn_list == ["9786041004757"]
    assert bib.class_number == "895.92234"
    assert bib.authors.splitlines() == ["Nguyễn Nhật Ánh", "Đỗ Hoàng Tường"]
    record = marc.record_from_json(bib.marc_json)
    assert record["100"]["e"] == "tác giả."
    assert record["700"]["4"] == "ill"
    assert record["082"]["b"] == "ANH"
    assert record["020"]["c"] == "80000đ"
    assert not bib.is_local_studies
    today = clock.today()
    assert (
        DailyStat.objects.get(library=minh.library, indicator="records_created", day=today).value
        == 1
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert reverse("staff:item_add", args=[bib.pk]) in page.content.decode()
    add_copy = client.get(reverse("staff:item_add", args=[bib.pk]))
    assert 'value="895.92234 ANH"' in add_copy.content.decode()


def test_records_created_has_one_definition_for_the_form_and_the_rebuild(client, minh, lan):
    """A record of the form counts at its library once, and `rebuild_stats` counts it the same."""
    _post(client, minh.user, {**BOOK, "library": minh.library.pk})
    _post(client, lan.user, {**BOOK, "isbn": "", "title": "Sách khác", "library": lan.library.pk})
    before = set(
        DailyStat.objects.filter(indicator="records_created").values_list(
            "library_id", "day", "value"
        )
    )
    assert {(library, value) for library, _day, value in before} == {
        (minh.library.pk, 1),
        (lan.library.pk, 1),
    }
    rebuild_daily_stats()
    after = set(
        DailyStat.objects.filter(indicator="records_created").values_list(
            "library_id", "day", "value"
        )
    )
    assert after == before


def test_the_marc_record_is_shown_beside_the_form(client, minh):
    client.force_login(minh.user)
    response = client.post(
        reverse("cataloguing:preview", args=["book"]), {**BOOK, "library": minh.library.pk}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<b>$a</b> Cho tôi xin một vé đi tuổi thơ" in content
    assert "nam a22000007i 4500" in content
    assert not BibRecord.objects.exists()


def test_an_invalid_isbn_is_refused_on_the_form_and_nothing_is_written(client, minh):
    response = _post(
        client, minh.user, {**BOOK, "isbn": "978-604-1-00475-5", "library": minh.library.pk}
    )
    assert response.status_code == 400
    assert "978-604-1-00475-5 không phải là ISBN hợp lệ" in response.content.decode()
    assert not BibRecord.objects.exists()


def test_a_summary_too_long_for_a_marc_record_is_refused_on_the_form_and_nothing_is_written(
    client, minh
):
    """The form takes 10,000 letters in a text box; in Vietnamese that is up to 30,000 bytes,
    three times what one MARC field holds: refused next to the form, not saved."""
    response = _post(client, minh.user, {**BOOK, "library": minh.library.pk, "summary": "ệ" * 4000})
    assert response.status_code == 400
    assert "9999" in response.content.decode().replace(".", "").replace(",", "")
    assert not BibRecord.objects.exists()


def test_a_class_number_outside_its_scheme_is_refused(client, minh):
    data = {**BOOK, "class_scheme": "bbk", "class_number": "W12", "library": minh.library.pk}
    response = _post(client, minh.user, data)
    assert response.status_code == 400
    assert "W12" in response.content.decode()
    assert not BibRecord.objects.exists()


def test_the_library_that_uses_bbk_and_initials_gets_its_call_number(client, minh):
    CataloguingSettings.objects.create(
        library=minh.library, class_scheme="bbk", author_mark_rule=AuthorMarkRule.INITIALS
    )
    data = {**BOOK, "class_scheme": "bbk", "class_number": "8(V)23", "library": minh.library.pk}
    assert _post(client, minh.user, data).status_code == 302
    record = marc.record_from_json(BibRecord.objects.get().marc_json)
    assert record["084"].value() == "8(V)23 NC bbk"


def test_the_local_studies_tick_writes_the_marker_field_and_column(client, minh):
    _post(client, minh.user, {**BOOK, "local_studies": "on", "library": minh.library.pk})
    bib = BibRecord.objects.get()
    assert bib.is_local_studies
    assert marc.record_from_json(bib.marc_json)["909"]["a"] == "địa chí"


def test_a_record_naming_the_province_in_a_heading_is_marked_local_studies_when_saved(
    client, minh, settings
):
    """The heading rule sets the one marker at save and import; readers use the marker."""
    from libnet.catalog import local_studies

    settings.LIBNET_LOCAL_STUDIES_PLACES = ["Sông Lam"]
    _post(
        client,
        minh.user,
        {**BOOK, "subjects": "Sông Lam (Tỉnh) -- Lịch sử", "library": minh.library.pk},
    )
    bib = BibRecord.objects.get()
    assert bib.is_local_studies
    assert "909" not in {f.tag for f in marc.record_from_json(bib.marc_json).fields}
    assert list(BibRecord.objects.filter(local_studies.local_studies_q())) == [bib]


def test_the_local_studies_template_always_marks_its_records(client, minh):
    _post(client, minh.user, {**BOOK, "library": minh.library.pk}, code="local-studies")
    assert BibRecord.objects.get().is_local_studies


# ---------------------------------------------------------------- duplicates


def test_a_duplicate_isbn_is_warned_with_a_link_and_add_my_copy_instead(client, minh, lan):
    _post(client, lan.user, {**BOOK, "library": lan.library.pk})
    existing = BibRecord.objects.get()
    response = _post(
        client, minh.user, {**BOOK, "isbn": "9786041004757", "library": minh.library.pk}
    )
    content = response.content.decode()
    assert response.status_code == 409
    assert reverse("staff:record", args=[existing.pk]) in content
    assert reverse("staff:item_add", args=[existing.pk]) in content
    assert BibRecord.objects.count() == 1
    again = _post(
        client,
        minh.user,
        {**BOOK, "allow_duplicate": "on", "library": minh.library.pk},
    )
    assert again.status_code == 302
    assert BibRecord.objects.count() == 2


def test_a_duplicate_without_isbn_is_found_by_title_author_and_year(client, minh, lan):
    no_isbn = {**BOOK, "isbn": ""}
    _post(client, lan.user, {**no_isbn, "library": lan.library.pk})
    response = _post(
        client,
        minh.user,
        {**no_isbn, "title": "Cho tôi xin một vé đi tuổi thơ.", "library": minh.library.pk},
    )
    assert response.status_code == 409
    assert "duplicate-warning" in response.content.decode()
    assert BibRecord.objects.count() == 1


# ---------------------------------------------------------------- templates as data


def test_a_template_added_by_the_province_is_offered_and_used(client, minh):
    CataloguingTemplate.objects.create(
        code="folk-song",
        name="Băng đĩa dân ca",
        record_type="j",
        fields=["title", "authors", "publisher", "year", "language", "subjects"],
        defaults={"subjects": "Dân ca"},
        item_type="audiovisual",
    )
    client.force_login(minh.user)
    start = client.get(reverse("cataloguing:start"))
    assert "Băng đĩa dân ca" in start.content.decode()
    form = client.get(reverse("cataloguing:new", args=["folk-song"]))
    assert 'name="isbn"' not in form.content.decode()
    response = _post(
        client,
        minh.user,
        {
            "title": "Dân ca Sông Lam",
            "language": "vie",
            "subjects": "Dân ca",
            "library": minh.library.pk,
        },
        code="folk-song",
    )
    assert response.status_code == 302
    assert BibRecord.objects.get().marc_json["leader"][6:8] == "jm"


def test_a_template_switched_off_by_the_province_is_not_found(client, minh):
    CataloguingTemplate.objects.create(code="map", name="Bản đồ", is_active=False)
    client.force_login(minh.user)
    assert client.get(reverse("cataloguing:new", args=["map"])).status_code == 404


# ---------------------------------------------------------------- copies by quantity


def test_a_class_set_of_forty_textbooks_is_registered_in_one_step(client, minh):
    RegisterFactory(library=minh.library, prefix="SGK", name="Sách giáo khoa")
    response = _post(
        client,
        minh.user,
        {
            **BOOK,
            "title": "Tiếng Việt 3, tập một",
            "isbn": "",
            "quantity": "40",
            "library": minh.library.pk,
        },
        code="textbook-set",
    )
    bib = BibRecord.objects.get()
    assert "quantity=40" in response["Location"]
    saved = client.get(response["Location"])
    assert 'value="40"' in saved.content.decode()
    response = client.post(
        reverse("cataloguing:copy_set", args=[bib.pk]),
        {"library": minh.library.pk, "quantity": "40", "item_type": "textbook", "price": "15000"},
    )
    copies = list(Item.objects.filter(bib=bib).order_by("accession_sequence"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("cataloguing:labels"))
    assert len(copies) == 40
    assert [c.accession_number for c in (copies[0], copies[-1])] == ["SGK.000001", "SGK.000040"]
    assert copies[0].notes == "Bản 1/40"
    assert copies[-1].notes == "Bản 40/40"
    assert len({c.barcode for c in copies}) == 40
    assert {c.item_type for c in copies} == {"textbook"}
    assert (
        DailyStat.objects.get(
            library=minh.library, indicator="items_added", day=clock.today()
        ).value
        == 40
    )


def test_a_quantity_out_of_range_is_refused_and_nothing_is_added(client, minh):
    RegisterFactory(library=minh.library)
    _post(client, minh.user, {**BOOK, "library": minh.library.pk})
    bib = BibRecord.objects.get()
    response = client.post(
        reverse("cataloguing:copy_set", args=[bib.pk]),
        {"library": minh.library.pk, "quantity": "400", "item_type": "textbook"},
    )
    assert response.status_code == 400
    assert "từ 1 đến 200" in response.content.decode()
    assert not Item.objects.exists()


def test_add_copy_set_refuses_quantity_through_the_service(minh):
    bib = cataloguing.catalogue_record(
        entry=cataloguing.Entry(title="Toán 6"),
        template=cataloguing.get_template("textbook-set"),
        library=minh.library,
        by=minh.user,
    )
    with pytest.raises(CataloguingRefused) as refused:
        cataloguing.add_copy_set(
            bib=bib, library=minh.library, copies=cataloguing.CopySet(quantity=0), by=minh.user
        )
    assert refused.value.code == "invalid_quantity"


def test_add_copy_set_refuses_a_register_or_shelf_of_another_library_as_it_says(minh, an):
    """The service said so and did not: another library's register was dropped and the
    copies numbered in the default register without a word."""
    bib = cataloguing.catalogue_record(
        entry=cataloguing.Entry(title="Toán 6"),
        template=cataloguing.get_template("textbook-set"),
        library=minh.library,
        by=minh.user,
    )
    school_register = RegisterFactory(library=an.library, prefix="TH")
    school_shelf = ShelfLocation.objects.create(library=an.library, code="K1", name="Kệ 1")
    for copies, code in (
        (cataloguing.CopySet(quantity=3, register_id=school_register.pk), "register_other_library"),
        (
            cataloguing.CopySet(quantity=3, shelf_location_id=school_shelf.pk),
            "shelf_location_other_library",
        ),
    ):
        with pytest.raises(CatalogRefused) as refused:
            cataloguing.add_copy_set(bib=bib, library=minh.library, copies=copies, by=minh.user)
        assert refused.value.code == code
    assert not Item.objects.exists()


# ---------------------------------------------------------------- label sheets


@pytest.fixture
def copies(minh):
    register = RegisterFactory(library=minh.library)
    return [
        ItemFactory(
            home_library=minh.library,
            current_library=minh.library,
            register=register,
            barcode=f"TL{n:04d}",
            accession_number=f"VV.{n:06d}",
            call_number="895.9223 ANH",
        )
        for n in range(1, 13)
    ]


@pytest.mark.parametrize("code", ["a4-3x8", "a4-3x7", "a4-2x7", "a4-4x10"])
def test_the_shipped_label_sheets_fit_an_a4_page(db, code):
    sheet = label_sheets.check(label_sheets.get_sheet(code))
    assert sheet.page_width == 210


def test_the_label_preview_lays_the_copies_out_on_the_chosen_sheet(client, minh, copies):
    client.force_login(minh.user)
    query = "&".join(f"items={c.pk}" for c in copies)
    response = client.get(f"{reverse('cataloguing:labels')}?{query}&sheet=a4-4x10&content=spine")
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('class="label content-spine"') == 12
    assert "A4 4 × 10" in content
    assert "sheet=a4-4x10" in content
    assert "content=spine" in content


def test_a_custom_sheet_that_does_not_fit_the_page_is_refused(client, minh, copies):
    client.force_login(minh.user)
    query = f"items={copies[0].pk}&sheet=custom&columns=4&rows=10&margin_top=10&margin_left=10"
    query += "&pitch_x=60&pitch_y=30&label_width=60&label_height=30"
    response = client.get(f"{reverse('cataloguing:labels')}?{query}")
    assert response.status_code == 400
    assert "không vừa trang" in response.content.decode()
    pdf = client.get(f"{reverse('staff:labels')}?{query}")
    assert pdf.status_code == 400


def test_the_labels_pdf_follows_the_sheet_a_library_added(client, minh, copies, tmp_path):
    """A custom sheet of the library (2 × 3 labels) puts twelve copies on two pages."""
    import shutil
    import subprocess

    LabelSheet.objects.create(
        code="tl-2x3",
        name="Tân Lập 2 × 3",
        library=minh.library,
        columns=2,
        rows=3,
        margin_top=20,
        margin_left=10,
        pitch_x=95,
        pitch_y=90,
        label_width=90,
        label_height=80,
    )
    client.force_login(minh.user)
    query = "&".join(f"items={c.pk}" for c in copies)
    response = client.get(f"{reverse('staff:labels')}?{query}&sheet=tl-2x3&content=both")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.count(b"/Type /Page\n") + content.count(b"/Type /Page ") >= 1
    if shutil.which("pdfinfo"):
        path = tmp_path / "labels.pdf"
        path.write_bytes(content)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        pages = next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:"))
        assert pages == "2", info


# ---------------------------------------------------------------- other libraries, other roles


def test_staff_without_the_cataloguing_role_are_refused_every_page(client, chi, copies):
    client.force_login(chi.user)
    for url in (
        reverse("cataloguing:start"),
        reverse("cataloguing:new", args=["book"]),
        reverse("cataloguing:saved", args=[copies[0].bib_id]),
    ):
        assert client.get(url).status_code == 403
    response = client.post(reverse("cataloguing:new", args=["book"]), {**BOOK})
    assert response.status_code == 403
    response = client.post(reverse("cataloguing:preview", args=["book"]), {**BOOK})
    assert response.status_code == 403
    response = client.post(
        reverse("cataloguing:copy_set", args=[copies[0].bib_id]), {"quantity": "2"}
    )
    assert response.status_code == 403
    assert not BibRecord.objects.filter(title=BOOK["title"]).exists()


def test_a_school_librarian_gets_404_for_the_commune_librarys_labels(client, an, copies):
    client.force_login(an.user)
    query = f"items={copies[0].pk}"
    assert client.get(f"{reverse('cataloguing:labels')}?{query}").status_code == 404
    assert client.get(f"{reverse('staff:labels')}?{query}&sheet=a4-2x7").status_code == 404


@pytest.mark.parametrize("value", ["²", "١", "99999999999999999999", "-1", "x"])
def test_a_label_preview_asked_for_what_is_no_copy_number_is_not_found(client, minh, copies, value):
    """A superscript or Arabic-Indic digit passes str.isdigit but is no copy's number: the
    preview answers as the PDF does (404), never a server error."""
    client.force_login(minh.user)
    for url in (reverse("cataloguing:labels"), reverse("staff:labels")):
        response = client.get(url, {"items": [copies[0].pk, value]})
        assert response.status_code == 404


def test_a_school_librarian_cannot_catalogue_for_the_commune_library(client, an, minh):
    """Another library in the form is not a choice: refused, nothing written."""
    response = _post(client, an.user, {**BOOK, "library": minh.library.pk})
    assert response.status_code == 400
    assert not BibRecord.objects.exists()


def test_a_school_librarian_cannot_add_a_set_of_copies_to_the_commune_library(
    client, an, minh, copies
):
    client.force_login(an.user)
    response = client.post(
        reverse("cataloguing:copy_set", args=[copies[0].bib_id]),
        {"library": minh.library.pk, "quantity": "3", "item_type": "book"},
    )
    assert response.status_code == 400
    assert Item.objects.filter(bib_id=copies[0].bib_id).count() == 1


def test_a_sheet_of_another_library_is_not_found(client, an, minh, province):
    LabelSheet.objects.create(
        code="tl-only",
        name="Tân Lập",
        library=minh.library,
        columns=1,
        rows=1,
        pitch_x=50,
        pitch_y=50,
        label_width=50,
        label_height=50,
    )
    own = ItemFactory(home_library=an.library, current_library=an.library, barcode="TH0001")
    client.force_login(an.user)
    response = client.get(f"{reverse('cataloguing:labels')}?items={own.pk}&sheet=tl-only")
    assert response.status_code == 400
    assert 'value="tl-only"' not in response.content.decode()
    pdf = client.get(f"{reverse('staff:labels')}?items={own.pk}&sheet=tl-only")
    assert pdf.status_code == 404
    assert client.get(f"{reverse('cataloguing:saved', args=[999999])}").status_code == 404


def test_the_labels_pdf_renders_to_a_page_with_ink_in_each_label_place(minh, copies, tmp_path):
    """The A4 4 × 10 sheet rendered to PNG: the first label's place has ink (spine text and
    bars), the place after the last copy stays white."""
    import shutil
    import subprocess

    from libnet.catalog import documents

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    image_module = pytest.importorskip("PIL.Image")
    sheet = label_sheets.get_sheet("a4-4x10")
    items = list(
        Item.objects.filter(pk__in=[c.pk for c in copies]).select_related("bib", "home_library")
    )
    path = tmp_path / "labels.pdf"
    path.write_bytes(documents.labels_pdf(items, sheet=sheet, content="both"))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
    )
    (png,) = tmp_path.glob("page*.png")
    image = image_module.open(png).convert("L")
    per_mm = image.width / float(sheet.page_width)

    def dark_pixels(index: int) -> int:
        left, top = sheet.position(index)
        box = (
            int(float(left) * per_mm) + 3,
            int(float(top) * per_mm) + 3,
            int(float(left + sheet.label_width) * per_mm) - 3,
            int(float(top + sheet.label_height) * per_mm) - 3,
        )
        return sum(image.crop(box).histogram()[:100])  # grey levels 0-99

    assert dark_pixels(0) > 200
    assert dark_pixels(11) > 200
    assert dark_pixels(12) == 0
