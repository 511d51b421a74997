"""OCR of page images in Vietnamese, run by the worker's step after the derivatives."""

from __future__ import annotations

import logging

import pytest

from libnet.core import text
from libnet.digital import processing
from libnet.digital.models import DerivativeState, DigitalPage, TextSource
from libnet.search import pages as page_index
from tests.digital.pages import LINES, add_page, make_object, spoil_original


@pytest.fixture
def digital_dir(settings, tmp_path):
    settings.LIBNET_DIGITAL_DIR = tmp_path / "digital"
    return settings.LIBNET_DIGITAL_DIR


def _words(value: str) -> list[str]:
    return [word.strip(".,") for word in text.nfc(value).split()]


@pytest.mark.django_db
def test_a_rendered_page_of_vietnamese_is_read_with_its_words_and_boxes(province, digital_dir):
    """The worker reads the page in Vietnamese: its words come back with their marks (NFC),
    each with a box inside the image."""
    digital_object = make_object(province["provincial"])
    page = add_page(digital_object, derivatives_made=False)

    # The worker's steps, in order: the page's derivatives, then its text.
    assert processing.run_pending() == 2

    page.refresh_from_db()
    assert page.text_source == TextSource.OCR
    assert page.ocr_at is not None
    assert page.ocr_error == ""
    assert page.text == text.nfc(page.text)
    expected = [word for line in LINES for word in _words(line)]
    found = _words(page.text)
    # OCR may misread a word or two; nearly all must be there, accents and all.
    assert sum(word in found for word in expected) >= 0.85 * len(expected)
    boxed = [box[4] for box in page.words]
    assert sum(word in [w.strip(".,") for w in boxed] for word in expected) >= 0.85 * len(expected)
    for x, y, width, height, _word in page.words:
        assert x >= 0
        assert y >= 0
        assert x + width <= page.width
        assert y + height <= page.height
    # The lines of the page are lines of the text.
    assert len(page.text.splitlines()) >= len(LINES)


@pytest.mark.django_db
def test_the_read_page_is_found_by_a_query_without_diacritics(province, digital_dir):
    """ "lang" finds "làng", "dong" finds "đồng", "Ðông" (U+00D0) finds "Đông"."""
    digital_object = make_object(province["provincial"])
    add_page(digital_object)
    add_page(digital_object, lines=("Sách này không có chữ nào trùng.",))
    processing.run_pending()

    for query in ("lang", "dong lua", "ÐÔNG HỒ", "gieng nuoc"):
        hits = page_index.page_hits(query, object_ids=[digital_object.pk])
        assert [hit.sequence for hit in hits] == [1], query
    hit = page_index.page_hits("lang", object_ids=[digital_object.pk])[0]
    marked = [part.text for part in hit.snippet if part.is_hit]
    assert marked
    assert all(text.fold(word).strip(".,") == "lang" for word in marked)


@pytest.mark.django_db
def test_pages_of_a_han_nom_object_are_never_read_by_ocr(province, digital_dir):
    page = add_page(make_object(province["provincial"], han_nom=True))

    assert processing.run_pending() == 0

    page.refresh_from_db()
    assert (page.text, page.text_source, page.ocr_at) == ("", TextSource.NONE, None)


@pytest.mark.django_db
def test_pages_without_their_derivatives_are_not_read(province, digital_dir):
    page = add_page(make_object(province["provincial"]), derivatives_made=False)
    DigitalPage.objects.filter(pk=page.pk).update(derivatives=DerivativeState.FAILED)

    processing.run_pending()

    page.refresh_from_db()
    assert page.ocr_at is None
    assert page.text == ""


@pytest.mark.django_db
def test_a_page_that_cannot_be_read_is_marked_and_the_others_are_read(province, digital_dir):
    digital_object = make_object(province["provincial"])
    broken = add_page(digital_object)
    spoil_original(broken)
    good = add_page(digital_object)

    assert processing.run_pending() == 2

    broken.refresh_from_db()
    good.refresh_from_db()
    assert broken.ocr_at is not None
    assert broken.ocr_error
    assert broken.text == ""
    assert "làng" in good.text
    # A page read once is not read again by the next run.
    assert processing.run_pending() == 0


@pytest.mark.django_db
def test_a_blank_page_is_read_once(province, digital_dir):
    page = add_page(make_object(province["provincial"]), lines=())

    assert processing.run_pending() == 1
    assert processing.run_pending() == 0

    page.refresh_from_db()
    assert page.ocr_at is not None
    assert (page.text, page.text_source) == ("", TextSource.NONE)


@pytest.mark.django_db
def test_without_tesseract_the_log_says_what_to_install_and_the_pages_wait(
    province, digital_dir, settings, caplog
):
    settings.LIBNET_TESSERACT_CMD = "/nowhere/tesseract"
    page = add_page(make_object(province["provincial"]))

    with caplog.at_level(logging.WARNING):
        assert processing.run_pending() == 0

    page.refresh_from_db()
    assert page.ocr_at is None
    assert "tesseract-ocr-vie" in caplog.text
    assert "Traceback" not in caplog.text
