"""Catalogue pages: search, record and MARC view, adding and changing copies, labels."""

from __future__ import annotations

import pytest
from django.urls import reverse

from libnet.catalog import cataloguing
from libnet.catalog.cataloguing_forms import CataloguingForm
from libnet.catalog.models import AuthorMarkRule, CataloguingSettings, Item, ItemStatus
from libnet.core.models import AuditEntry
from tests.factories import BibRecordFactory


def _login(client, persona):
    client.force_login(persona.user)


# ---------------------------------------------------------------- search


def test_search_by_title_word_shows_the_record_and_minhs_copy_count(
    client, minh, record, commune_item, provincial_items
):
    _login(client, minh)
    response = client.get(reverse("staff:search"), {"q": "đỏ"})
    page = response.content.decode()
    assert "Tìm thấy 1 biểu ghi" in page
    assert reverse("staff:record", args=[record.pk]) in page
    assert "1 bản ở thư viện của bạn" in page  # the provincial copies are not his


@pytest.mark.parametrize("query", ["9786041000018", "978-604-1-00001-8", "978 604 1 00001 8"])
def test_search_by_isbn_in_any_form(client, minh, record, query):
    _login(client, minh)
    page = client.get(reverse("staff:search"), {"q": query}).content.decode()
    assert reverse("staff:record", args=[record.pk]) in page


def test_search_by_barcode_only_finds_copies_of_the_users_libraries(
    client, minh, an, school_item, commune_item
):
    _login(client, minh)
    assert (
        reverse("staff:record", args=[commune_item.bib_id])
        in client.get(reverse("staff:search"), {"q": "TANLAP0000001"}).content.decode()
    )
    page = client.get(reverse("staff:search"), {"q": school_item.barcode}).content.decode()
    assert "Tìm thấy 0 biểu ghi" in page


def test_search_results_come_20_to_a_page(client, minh):
    for n in range(25):
        BibRecordFactory(title=f"Truyện cổ tích tập {n}")
    _login(client, minh)
    first = client.get(reverse("staff:search"), {"q": "cổ tích"}).content.decode()
    second = client.get(reverse("staff:search"), {"q": "cổ tích", "page": 2}).content.decode()
    assert "Tìm thấy 25 biểu ghi" in first
    assert first.count('class="result"') == 20
    assert second.count('class="result"') == 5
    assert "Trang 2 / 2" in second


# ---------------------------------------------------------------- record


def test_record_page_shows_the_description_and_only_minhs_copies(
    client, minh, record, commune_item, provincial_items
):
    _login(client, minh)
    page = client.get(reverse("staff:record", args=[record.pk])).content.decode()
    assert "Vũ Trọng Phụng" in page
    assert "895.9223" in page
    assert "Văn học Việt Nam" in page
    assert "VV.000001" in page
    assert "Sẵn sàng" in page  # status label
    assert "DV.000001" not in page  # a provincial copy: counted, not listed
    assert "3 bản ở Thư viện tỉnh Sông Lam" in page


def test_marc_view_shows_tags_indicators_and_subfields(client, minh, record):
    _login(client, minh)
    page = client.get(reverse("staff:record", args=[record.pk]), {"view": "marc"}).content.decode()
    assert '<th scope="row">245</th>' in page
    assert "10" in page
    assert "<b>$a</b> Số đỏ /" in page
    assert "<b>$c</b> Vũ Trọng Phụng" in page
    assert "LDR" in page


def test_an_opening_a_commune_copy_gets_404(client, an, commune_item):
    _login(client, an)
    assert client.get(reverse("staff:item", args=[commune_item.pk])).status_code == 404
    assert client.post(reverse("staff:item_edit", args=[commune_item.pk]), {}).status_code == 404
    assert client.post(reverse("staff:item_status", args=[commune_item.pk]), {}).status_code == 404


def test_an_printing_labels_of_a_commune_copy_gets_404(client, an, commune_item, school_item):
    _login(client, an)
    url = reverse("staff:labels")
    assert client.get(url, {"items": [commune_item.pk]}).status_code == 404
    assert client.get(url, {"items": [school_item.pk, commune_item.pk]}).status_code == 404
    assert client.get(url, {"items": [school_item.pk]}).status_code == 200


def test_minh_gets_404_for_a_provincial_copy(client, minh, provincial_items):
    _login(client, minh)
    assert client.get(reverse("staff:item", args=[provincial_items[0].pk])).status_code == 404


def test_missing_record_is_404(client, minh):
    _login(client, minh)
    assert client.get(reverse("staff:record", args=[999999])).status_code == 404


# ---------------------------------------------------------------- add a copy


def test_add_form_proposes_the_next_accession_number_and_call_number(
    client, minh, record, commune_item
):
    _login(client, minh)
    page = client.get(reverse("staff:item_add", args=[record.pk])).content.decode()
    # VV.000001 is taken (by commune_item): the first free number is proposed.
    assert 'value="VV.000002"' in page
    # Vũ Trọng Phụng by the given name, the libraries' rule unless they chose another.
    assert 'value="895.9223 PHU"' in page
    assert "Thư viện xã Tân Lập" in page
    assert "Thư viện tỉnh Sông Lam" not in page.split('id="id_library"')[1].split("</select>")[0]


@pytest.mark.parametrize(
    ("rule", "mark"),
    [(AuthorMarkRule.GIVEN_NAME, "PHU"), (AuthorMarkRule.FIRST_WORD, "VU"), ("initials", "VS")],
)
def test_add_copy_page_and_cataloguing_form_propose_one_author_mark_by_the_librarys_rule(
    client, minh, record, rule, mark
):
    """The mark of an imported record (no 082 $b) is made by the library's rule, as the short
    form makes it: the two pages never propose two call numbers for one book."""
    CataloguingSettings.objects.create(library=minh.library, author_mark_rule=rule)
    _login(client, minh)
    page = client.get(reverse("staff:item_add", args=[record.pk])).content.decode()
    assert f'value="895.9223 {mark}"' in page
    saved = client.get(reverse("cataloguing:saved", args=[record.pk])).content.decode()
    assert f'value="895.9223 {mark}"' in saved
    typed = {"title": record.title, "author_1": "Vũ Trọng Phụng", "class_number": "895.9223"}
    form = CataloguingForm(
        {**typed, "library": minh.library.pk, "language": "vie", "class_scheme": "ddc"},
        template=cataloguing.get_template("book"),
        user=minh.user,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["call_number"] == f"895.9223 {mark}"


def test_register_change_refreshes_the_proposed_number(
    client, lan, record, province, provincial_register
):
    _login(client, lan)
    provincial_register.next_number = 41
    provincial_register.save()
    response = client.get(
        reverse("staff:item_add_fields", args=[record.pk]),
        {"library": province["provincial"].pk, "register": provincial_register.pk},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="register-fields"')
    assert 'value="DV.000041"' in page


def test_minh_adds_a_copy_with_the_proposed_number(
    client, minh, record, province, commune_register
):
    _login(client, minh)
    response = client.post(
        reverse("staff:item_add", args=[record.pk]),
        {
            "library": province["commune"].pk,
            "register": commune_register.pk,
            "accession_number": "VV.000001",
            "barcode": "",
            "call_number": "895.9223 VU",
            "item_type": "book",
            "source": "donation",
            "price_vnd": "120000",
            "acquired_on": "2026-03-01",
            "notes": "Tặng của hội khuyến học",
        },
    )
    assert response.status_code == 302
    item = Item.objects.get(bib=record)
    assert item.accession_number == "VV.000001"
    assert item.home_library == province["commune"]
    assert item.price_vnd == 120000
    assert AuditEntry.objects.filter(action="item.create", subject_id=str(item.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Đã thêm bản VV.000001" in page


def test_duplicate_barcode_is_refused_in_vietnamese_and_the_input_is_kept(
    client, minh, record, province, commune_register, school_item
):
    _login(client, minh)
    response = client.post(
        reverse("staff:item_add", args=[record.pk]),
        {
            "library": province["commune"].pk,
            "register": commune_register.pk,
            "accession_number": "VV.000007",
            "barcode": school_item.barcode,
            "call_number": "895.9223 VU",
            "item_type": "book",
            "source": "purchase",
            "price_vnd": "99000",
            "notes": "Ghi chú cần giữ lại",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Mã vạch {school_item.barcode} đã được dùng" in page or school_item.barcode in page
    assert 'id="barcode_error"' not in page  # the error sits in the field's own block
    assert 'class="error"' in page
    assert 'value="VV.000007"' in page
    assert 'value="99000"' in page
    assert "Ghi chú cần giữ lại" in page
    assert not Item.objects.filter(bib=record).exists()


def test_refusal_message_is_vietnamese(
    client, minh, record, province, commune_register, school_item
):
    _login(client, minh)
    page = client.post(
        reverse("staff:item_add", args=[record.pk]),
        {
            "library": province["commune"].pk,
            "register": commune_register.pk,
            "barcode": school_item.barcode,
            "item_type": "book",
            "source": "purchase",
        },
    ).content.decode()
    assert "Barcode" not in page.split('id="field-barcode"')[1].split("</div>")[0].replace(
        'id="id_barcode"', ""
    )
    assert "Mã vạch" in page


def test_add_form_refuses_a_library_the_user_does_not_catalogue(client, minh, record, province):
    _login(client, minh)
    response = client.post(
        reverse("staff:item_add", args=[record.pk]),
        {"library": province["provincial"].pk, "item_type": "book", "source": "purchase"},
    )
    assert response.status_code == 200
    assert not Item.objects.exists()


def test_chi_who_does_not_catalogue_cannot_add_copies(client, chi, record):
    _login(client, chi)
    assert client.get(reverse("staff:item_add", args=[record.pk])).status_code == 403


# ---------------------------------------------------------------- edit and status


def test_minh_edits_the_call_number_of_his_copy(client, minh, commune_item):
    _login(client, minh)
    response = client.post(
        reverse("staff:item_edit", args=[commune_item.pk]),
        {
            "call_number": "895.9223 V500T",
            "item_type": "book",
            "source": "purchase",
            "price_vnd": "90000",
        },
    )
    assert response.status_code == 302
    commune_item.refresh_from_db()
    assert commune_item.price_vnd == 90000
    entry = AuditEntry.objects.get(action="item.update", subject_id=str(commune_item.pk))
    assert entry.before == {"price_vnd": 85000}


def test_withdrawal_without_decision_number_is_refused_on_the_form(client, minh, commune_item):
    _login(client, minh)
    response = client.post(
        reverse("staff:item_status", args=[commune_item.pk]), {"to": "withdrawn", "reason": "rách"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "TT 02/2020" in page
    commune_item.refresh_from_db()
    assert commune_item.status == ItemStatus.AVAILABLE


def test_withdrawal_with_decision_is_audited(client, minh, commune_item):
    _login(client, minh)
    response = client.post(
        reverse("staff:item_status", args=[commune_item.pk]),
        {"to": "withdrawn", "withdrawal_reference": "12/QĐ-TV", "reason": "Sách rách nát"},
    )
    assert response.status_code == 302
    commune_item.refresh_from_db()
    assert commune_item.status == ItemStatus.WITHDRAWN
    assert commune_item.withdrawal_reference == "12/QĐ-TV"
    entry = AuditEntry.objects.get(action="item.status", subject_id=str(commune_item.pk))
    assert entry.actor == minh.user
    assert entry.before["status"] == "available"
    assert entry.after["status"] == "withdrawn"
    assert entry.note == "Sách rách nát"
    page = client.get(response["Location"]).content.decode()
    assert "Đã thanh lọc" in page
    assert "12/QĐ-TV" in page


def test_item_page_renders_for_minh(client, minh, commune_item):
    _login(client, minh)
    page = client.get(reverse("staff:item", args=[commune_item.pk])).content.decode()
    assert "Sửa thông tin bản sách" in page
    assert "Đổi trạng thái" in page
    assert "85.000" in page


# ---------------------------------------------------------------- labels


def test_labels_for_selected_copies_are_a_pdf(client, minh, commune_item):
    _login(client, minh)
    response = client.get(reverse("staff:labels"), {"items": [commune_item.pk]})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_register_range_labels(client, minh, commune_item):
    _login(client, minh)
    response = client.get(
        reverse("staff:register_labels", args=[commune_item.register_id]), {"first": 1, "last": 5}
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_register_range_with_last_before_first_is_a_form_error(client, minh, commune_item):
    _login(client, minh)
    response = client.get(
        reverse("staff:register_labels", args=[commune_item.register_id]), {"first": 9, "last": 5}
    )
    assert response.status_code == 400
    assert "Số cuối không được nhỏ hơn số đầu" in response.content.decode()


@pytest.mark.parametrize("query", ["so do", "SỐ ĐỎ", "Số đỏ", "so đo", "số đỏ,"])
def test_title_words_match_without_diacritics_or_case(client, minh, record, query):
    _login(client, minh)
    page = client.get(reverse("staff:search"), {"q": query}).content.decode()
    assert reverse("staff:record", args=[record.pk]) in page
