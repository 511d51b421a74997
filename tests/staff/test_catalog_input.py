"""What people type on the catalogue pages: prices, accession numbers, dates, libraries.

Every mistake is refused on the form, in Vietnamese, next to its field, with nothing written;
nothing a person can type gives a 500.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from libnet.catalog import services
from libnet.catalog.models import Item, ItemStatus
from libnet.core import clock
from libnet.network.errors import RoleRequired
from libnet.network.models import LibraryKind
from tests.factories import ItemFactory, LibraryFactory


def _add_copy(client, persona, record, **fields):
    client.force_login(persona.user)
    data = {"item_type": "book", "source": "purchase", **fields}
    return client.post(reverse("staff:item_add", args=[record.pk]), data)


def _field_block(page: str, name: str) -> str:
    return page.split(f'id="field-{name}"')[1].split("</div>")[0]


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize("price", ["99999999999999999999", "10000000001", "-5"])
def test_a_price_out_of_range_is_refused_on_the_add_copy_form(
    client, minh, record, province, commune_register, price
):
    response = _add_copy(
        client, minh, record, library=province["commune"].pk, price_vnd=price, barcode="TL01"
    )
    assert response.status_code == 200
    block = _field_block(response.content.decode(), "price_vnd")
    assert "Giá tiền phải là số đồng nguyên từ 0 đến 10.000.000.000" in block
    assert not Item.objects.exists()


def test_a_price_out_of_range_is_refused_when_a_copy_is_edited(client, minh, commune_item):
    client.force_login(minh.user)
    response = client.post(
        reverse("staff:item_edit", args=[commune_item.pk]),
        {"item_type": "book", "source": "purchase", "price_vnd": "99999999999999999999"},
    )
    assert response.status_code == 200
    assert "từ 0 đến 10.000.000.000" in _field_block(response.content.decode(), "price_vnd")
    commune_item.refresh_from_db()
    assert commune_item.price_vnd == 85000


def test_a_label_range_past_any_register_is_a_form_error(client, minh, commune_item):
    client.force_login(minh.user)
    response = client.get(
        reverse("staff:register_labels", args=[commune_item.register_id]),
        {"first": "99999999999999999999"},
    )
    assert response.status_code == 400
    assert "999.999.999" in response.content.decode() or "999999999" in response.content.decode()


def test_a_copy_number_past_any_column_is_simply_not_found(client, minh, commune_item):
    client.force_login(minh.user)
    response = client.get(
        reverse("staff:labels"), {"items": [commune_item.pk, "99999999999999999999"]}
    )
    assert response.status_code == 404


# ---------------------------------------------------------------- accession numbers


def test_a_number_typed_far_ahead_asks_for_a_confirmation_and_moves_nothing(
    client, minh, record, province, commune_register
):
    response = _add_copy(
        client,
        minh,
        record,
        library=province["commune"].pk,
        register=commune_register.pk,
        accession_number="VV.999993",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Số ĐKCB VV.999993 vượt 999.992 số so với số trống tiếp theo của sổ VV" in page
    assert 'name="confirm_jump" value="VV.999993"' in page
    assert not Item.objects.exists()
    commune_register.refresh_from_db()
    assert commune_register.next_number == 1
    assert services.proposed_accession_number(commune_register) == "VV.000001"


def test_a_confirmed_jump_is_taken_and_the_register_continues_after_it(
    client, minh, record, province, commune_register
):
    response = _add_copy(
        client,
        minh,
        record,
        library=province["commune"].pk,
        register=commune_register.pk,
        accession_number="vv.999993",
        confirm_jump="VV.999993",
    )
    assert response.status_code == 302
    assert Item.objects.get().accession_number == "VV.999993"
    commune_register.refresh_from_db()
    assert commune_register.next_number == 999994


def test_a_confirmation_is_for_the_number_confirmed_only(
    client, minh, record, province, commune_register
):
    response = _add_copy(
        client,
        minh,
        record,
        library=province["commune"].pk,
        register=commune_register.pk,
        accession_number="VV.888888",
        confirm_jump="VV.999993",
    )
    assert response.status_code == 200
    assert 'name="confirm_jump" value="VV.888888"' in response.content.decode()
    assert not Item.objects.exists()


def test_a_number_a_few_ahead_needs_no_confirmation(
    client, minh, record, province, commune_register
):
    response = _add_copy(
        client,
        minh,
        record,
        library=province["commune"].pk,
        register=commune_register.pk,
        accession_number="VV.000050",
    )
    assert response.status_code == 302
    commune_register.refresh_from_db()
    assert commune_register.next_number == 51


def test_a_number_of_another_register_is_refused(client, minh, record, province, commune_register):
    response = _add_copy(
        client,
        minh,
        record,
        library=province["commune"].pk,
        register=commune_register.pk,
        accession_number="TN.000005",
    )
    assert response.status_code == 200
    block = _field_block(response.content.decode(), "accession_number")
    assert "không thuộc sổ VV" in block
    assert "VV.000001" in block
    assert not Item.objects.exists()


# ---------------------------------------------------------------- dates


def test_an_acquisition_date_in_2099_is_refused_on_the_add_copy_form(
    client, minh, record, province, commune_register
):
    response = _add_copy(
        client, minh, record, library=province["commune"].pk, acquired_on="2099-01-01"
    )
    assert response.status_code == 200
    block = _field_block(response.content.decode(), "acquired_on")
    today = clock.today().strftime("%d/%m/%Y")
    assert f"Ngày bổ sung phải từ 01/01/1900 đến {today} (đã nhập 01/01/2099)" in block
    assert not Item.objects.exists()


def test_an_acquisition_date_in_2099_is_refused_when_a_copy_is_edited(client, minh, commune_item):
    client.force_login(minh.user)
    response = client.post(
        reverse("staff:item_edit", args=[commune_item.pk]),
        {"item_type": "book", "source": "purchase", "acquired_on": "2099-01-01"},
    )
    assert response.status_code == 200
    assert "01/01/2099" in _field_block(response.content.decode(), "acquired_on")
    commune_item.refresh_from_db()
    assert commune_item.acquired_on is None


# ---------------------------------------------------------------- the user's own library


@pytest.fixture
def branch(province):
    """A branch of the provincial library whose name sorts before the provincial library's."""
    return LibraryFactory(
        code="SL-TVT-PV1",
        name="Phân viện Bắc Sông Lam",
        kind=LibraryKind.BRANCH,
        parent=province["provincial"],
    )


def _selected_library(page: str) -> str:
    options = page.split('id="id_library"')[1].split("</select>")[0]
    return options.split(" selected>")[0].rsplit('value="', 1)[1].split('"')[0]


def test_add_copy_starts_at_the_cataloguers_own_library(client, lan, record, province, branch):
    """Lan's role covers the branch too; her copies go to the provincial library unless
    she picks another."""
    client.force_login(lan.user)
    page = client.get(reverse("staff:item_add", args=[record.pk])).content.decode()
    assert _selected_library(page) == str(province["provincial"].pk)


def test_marc_upload_starts_at_the_cataloguers_own_library(client, lan, province, branch):
    client.force_login(lan.user)
    page = client.get(reverse("staff:imports")).content.decode()
    assert _selected_library(page) == str(province["provincial"].pk)


# ---------------------------------------------------------------- labels: the real reason


def test_labels_with_nothing_selected_say_so(client, minh, commune_item):
    client.force_login(minh.user)
    response = client.get(reverse("staff:labels"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Hãy chọn ít nhất một bản sách rồi mới in nhãn." in page
    assert "Không có thư viện" not in page


def test_labels_for_too_many_copies_say_how_many_at_most(client, minh, commune_item):
    client.force_login(minh.user)
    response = client.get(reverse("staff:labels"), {"items": list(range(1, 1000))})
    assert response.status_code == 400
    assert "tối đa 960 nhãn" in response.content.decode()


def test_labels_for_an_empty_range_say_the_range_is_empty(client, minh, commune_item):
    client.force_login(minh.user)
    response = client.get(
        reverse("staff:register_labels", args=[commune_item.register_id]),
        {"first": 500, "last": 600},
    )
    assert response.status_code == 400
    assert "Sổ VV không có bản sách nào mang số từ VV.000500 đến VV.000600." in (
        response.content.decode()
    )


def test_labels_for_a_range_larger_than_one_print_say_so_instead_of_printing_part_of_it(
    client, minh, commune_item, monkeypatch
):
    """A range of more copies than one print holds is refused with how many it has: printing
    the first ones only, without a word, left the rest of the range without labels."""
    monkeypatch.setattr("libnet.catalog.views.MAX_LABELS", 2)
    for number in (2, 3):
        ItemFactory(
            bib=commune_item.bib,
            home_library=commune_item.home_library,
            register=commune_item.register,
            accession_number=f"VV.00000{number}",
            accession_sequence=number,
        )
    client.force_login(minh.user)
    url = reverse("staff:register_labels", args=[commune_item.register_id])
    response = client.get(url, {"first": 1, "last": 3})
    assert response.status_code == 400
    assert "Khoảng số này có 3 bản sách; mỗi lần in tối đa 2 nhãn" in response.content.decode()
    printed = client.get(url, {"first": 2, "last": 3})
    assert printed.status_code == 200
    assert printed["Content-Type"] == "application/pdf"


def test_the_weeding_list_tells_a_reporting_officer_why_not(client, chi):
    client.force_login(chi.user)
    response = client.get(reverse("staff:weeding"))
    assert response.status_code == 403
    assert str(RoleRequired("catalog").message) in response.content.decode()


# ---------------------------------------------------------------- another library's copy


@pytest.fixture
def provincial_copy_on_rotation(record, province, provincial_register):
    """A provincial copy on rotation at Tân Lập: Minh sees it, the province owns it."""
    return ItemFactory(
        bib=record,
        home_library=province["provincial"],
        current_library=province["commune"],
        register=provincial_register,
        status=ItemStatus.ON_ROTATION,
        price_vnd=120000,
    )


def test_a_clerk_cannot_reprice_a_copy_on_rotation_at_his_library(
    client, minh, provincial_copy_on_rotation
):
    client.force_login(minh.user)
    item = provincial_copy_on_rotation
    page = client.get(reverse("staff:item", args=[item.pk])).content.decode()
    assert reverse("staff:item_edit", args=[item.pk]) not in page
    response = client.post(
        reverse("staff:item_edit", args=[item.pk]),
        {"item_type": "book", "source": "purchase", "price_vnd": "1"},
    )
    assert response.status_code == 403
    assert "Bản sách này thuộc Thư viện tỉnh Sông Lam" in response.content.decode()
    item.refresh_from_db()
    assert item.price_vnd == 120000


def test_a_clerk_cannot_withdraw_a_copy_on_rotation_at_his_library(
    client, minh, provincial_copy_on_rotation
):
    client.force_login(minh.user)
    item = provincial_copy_on_rotation
    response = client.post(
        reverse("staff:item_status", args=[item.pk]),
        {"to": "lost", "reason": "không thấy"},
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == ItemStatus.ON_ROTATION


def test_a_school_librarian_gets_404_for_a_commune_copy_she_tries_to_edit(client, an, commune_item):
    client.force_login(an.user)
    response = client.post(
        reverse("staff:item_edit", args=[commune_item.pk]),
        {"item_type": "book", "source": "purchase", "price_vnd": "1"},
    )
    assert response.status_code == 404
    commune_item.refresh_from_db()
    assert commune_item.price_vnd == 85000


@pytest.mark.parametrize(
    "name",
    ["staff:record", "staff:item_add", "staff:item", "staff:register", "staff:import_job"],
)
def test_an_identifier_past_any_column_is_not_found_on_the_pages(client, minh, name):
    client.force_login(minh.user)
    assert client.get(reverse(name, args=[99999999999999999999])).status_code == 404


def test_a_confirmed_jump_stays_ticked_while_another_field_is_corrected(
    client, minh, record, province, commune_register, commune_item
):
    response = _add_copy(
        client,
        minh,
        record,
        library=province["commune"].pk,
        register=commune_register.pk,
        accession_number="VV.999993",
        confirm_jump="VV.999993",
        barcode=commune_item.barcode,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="confirm_jump" value="VV.999993" id="id_confirm_jump" checked' in page
    commune_register.refresh_from_db()
    assert commune_register.next_number == 1
