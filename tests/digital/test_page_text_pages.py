"""The pages' text as readers and staff meet it: hits on the OPAC's result list linking to
the pages, a page with the words found marked on its image, and the Hán-Nôm typing page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from libnet.catalog import services as catalog_services
from libnet.core.models import AuditEntry
from libnet.digital import services, text
from libnet.digital.models import Access, DigitalPage, TextSource
from libnet.search import pages as page_index
from libnet.search.models import PageText
from tests.digital.pages import add_page, make_object
from tests.factories import UserFactory, make_marc

WORDS = [
    [60, 60, 80, 40, "Cây"],
    [150, 60, 50, 40, "đa"],
    [210, 60, 80, 40, "đầu"],
    [300, 60, 100, 40, "làng,"],
    [60, 150, 110, 40, "Đồng"],
    [180, 150, 70, 40, "lúa"],
]
PAGE_TEXT = "Cây đa đầu làng,\nĐồng lúa quê hương."


@pytest.fixture
def digital_dir(settings, tmp_path):
    settings.LIBNET_DIGITAL_DIR = tmp_path / "digital"
    return settings.LIBNET_DIGITAL_DIR


@pytest.fixture
def record(province):
    return catalog_services.create_record(
        marc_record=make_marc(title="Làng quê Sông Lam", subjects=("Địa chí",)),
        by=UserFactory(username="cataloguer-pages"),
        library=province["provincial"],
    )


def _read_page(digital_object, *, words=WORDS, page_text=PAGE_TEXT):
    """A page as OCR leaves it (the OCR itself is tested in test_ocr.py)."""
    page = add_page(digital_object, lines=("Cây đa đầu làng,", "Đồng lúa quê hương."))
    text.save_ocr_text(page=page, text=page_text, words=words)
    page.refresh_from_db()
    return page


def _search(client, query):
    response = client.get(reverse("opac:search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_record_whose_pages_hold_the_words_links_to_the_page(
    client, province, record, digital_dir
):
    """Searching "lang" finds the record by its title; its digitised page holding "làng" is
    linked, with the word marked in the snippet."""
    digital_object = make_object(province["provincial"], record=record)
    add_page(digital_object, lines=("Trang bìa",))
    _read_page(digital_object)

    html = _search(client, "lang")

    url = reverse("digital_text:page", args=[digital_object.pk, 2]) + "?q=lang"
    assert f'href="{url}"' in html
    assert "<mark>làng,</mark>" in html
    assert "other-page-hits" not in html


@pytest.mark.django_db
def test_words_found_only_in_page_text_are_offered_beside_the_catalogue(
    client, province, record, digital_dir
):
    """ "dong lua" is in no title: the catalogue finds nothing, and the page holding "Đồng
    lúa" is offered on its own, outside the ranked list."""
    digital_object = make_object(province["provincial"], record=record)
    _read_page(digital_object)

    html = _search(client, "dong lua")

    assert "Nothing found" in html or "Không tìm thấy" in html
    assert 'class="page-hits other-page-hits"' in html
    assert reverse("digital_text:page", args=[digital_object.pk, 1]) + "?q=dong%20lua" in html


@pytest.mark.django_db
def test_a_hit_follows_its_page_when_pages_are_reordered_or_removed(
    client, province, record, digital_dir
):
    digital_object = make_object(province["provincial"], record=record)
    cover = add_page(digital_object, lines=("Trang bìa",))
    page = _read_page(digital_object)

    services.reorder_pages(obj=digital_object, page_ids=[page.pk, cover.pk], by=None)

    url = reverse("digital_text:page", args=[digital_object.pk, 1]) + "?q=lang"
    assert f'href="{url}"' in _search(client, "lang")
    services.remove_page(obj=digital_object, sequence=1, by=None)
    assert f"/digital/{digital_object.pk}/page/" not in _search(client, "lang")


@pytest.mark.django_db
def test_staff_only_objects_never_show_hits_to_the_public(
    client, province, record, digital_dir, lan
):
    draft = make_object(province["provincial"], record=record, access=Access.STAFF)
    _read_page(draft)

    for query in ("lang", "dong lua"):
        assert "/digital/" not in _search(client, query)
    client.force_login(lan.user)
    assert f"/digital/{draft.pk}/page/1" in _search(client, "lang")


@pytest.mark.django_db
def test_the_page_marks_the_words_found_on_its_image(client, province, digital_dir):
    digital_object = make_object(province["provincial"])
    page = _read_page(digital_object)

    response = client.get(
        reverse("digital_text:page", args=[digital_object.pk, 1]), {"q": "lang dong"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="hit-box"') == 2
    left = 100 * 300 / page.width
    assert f"left: {left:.3f}%" in html
    assert "<mark>Đồng</mark>" in html
    image = client.get(reverse("digital_text:page_image", args=[digital_object.pk, 1]))
    assert image.status_code == 200
    assert image["Content-Type"] == "image/jpeg"


@pytest.mark.django_db
def test_pages_of_staff_objects_and_missing_pages_are_not_found(client, province, digital_dir):
    draft = make_object(province["provincial"], access=Access.STAFF)
    _read_page(draft)
    public = make_object(province["provincial"])
    _read_page(public)

    for url in (
        reverse("digital_text:page", args=[draft.pk, 1]),
        reverse("digital_text:page_image", args=[draft.pk, 1]),
        reverse("digital_text:page", args=[public.pk, 2]),
        reverse("digital_text:page", args=[public.pk + 100, 1]),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_on_site_objects_are_seen_only_from_the_reading_room(client, province, digital_dir):
    on_site = make_object(province["provincial"], access=Access.ON_SITE)
    _read_page(on_site)
    province["provincial"].reading_room_networks.create(network="10.20.0.0/16")
    url = reverse("digital_text:page", args=[on_site.pk, 1])

    assert client.get(url, REMOTE_ADDR="203.0.113.9").status_code == 404
    assert client.get(url, REMOTE_ADDR="10.20.3.4").status_code == 200


# --- Hán-Nôm: typed by staff ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_cataloguer_types_the_transcription_of_a_han_nom_page_and_readers_find_it(
    client, province, lan, digital_dir
):
    han_nom = make_object(province["provincial"], title="Gia phả họ Trần", han_nom=True)
    page = add_page(han_nom, lines=())
    client.force_login(lan.user)
    url = reverse("staff:digital_page_text", args=[han_nom.pk, 1])

    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Tổ tiên họ Trần ở làng Đông Hồ\r\nđời thứ nhất"})

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.text == "Tổ tiên họ Trần ở làng Đông Hồ\nđời thứ nhất"
    assert page.text_source == TextSource.TYPED
    assert [
        hit.sequence for hit in page_index.page_hits("to tien ho tran", object_ids=[han_nom.pk])
    ] == [1]
    entry = AuditEntry.objects.get(action="digital.page_text")
    assert entry.after == {"text": page.text}


@pytest.mark.django_db
def test_a_page_read_by_ocr_is_not_typed_by_hand(client, province, lan, digital_dir):
    digital_object = make_object(province["provincial"])
    page = _read_page(digital_object)
    client.force_login(lan.user)

    response = client.post(
        reverse("staff:digital_page_text", args=[digital_object.pk, 1]), {"text": "Gõ đè"}
    )

    assert response.status_code == 400
    assert "được nhận dạng chữ tự động" in response.content.decode()
    page.refresh_from_db()
    assert page.text == PAGE_TEXT
    assert not AuditEntry.objects.filter(action="digital.page_text").exists()


@pytest.mark.django_db
def test_a_page_text_too_long_is_refused_and_nothing_is_written(client, province, lan, digital_dir):
    han_nom = make_object(province["provincial"], han_nom=True)
    add_page(han_nom, lines=())
    client.force_login(lan.user)

    response = client.post(
        reverse("staff:digital_page_text", args=[han_nom.pk, 1]),
        {"text": "chữ " * (text.MAX_PAGE_TEXT // 3)},
    )

    assert response.status_code == 400
    assert "tối đa" in response.content.decode()
    assert DigitalPage.objects.get(object=han_nom).text == ""


@pytest.mark.django_db
def test_other_library_staff_get_404_for_the_typing_page(client, province, minh, digital_dir):
    han_nom = make_object(province["provincial"], han_nom=True)
    add_page(han_nom, lines=())
    client.force_login(minh.user)
    url = reverse("staff:digital_page_text", args=[han_nom.pk, 1])

    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "Gõ trộm"}).status_code == 404
    assert DigitalPage.objects.get(object=han_nom).text == ""


@pytest.mark.django_db
def test_the_page_index_follows_a_removed_page_and_a_record_attached_or_taken_off(
    province, record, digital_dir
):
    digital_object = make_object(province["provincial"], access=Access.PUBLIC)
    page = _read_page(digital_object)
    services.update_object(obj=digital_object, record=record, by=None)
    assert set(PageText.objects.values_list("record_id", flat=True)) == {record.pk}
    services.update_object(obj=digital_object, record=None, by=None)
    assert set(PageText.objects.values_list("record_id", flat=True)) == {None}
    services.remove_page(obj=digital_object, sequence=page.sequence, by=None)
    assert not PageText.objects.filter(page_id=page.pk).exists()
