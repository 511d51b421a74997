"""The text of digital pages: OCR's reading, or a Hán-Nôm transcription or translation typed
by staff, and the page index of search kept in step with it.

Every change of a page's text goes through here, which writes the page and feeds the page
index (search/pages.py) in one transaction: a page's text is found by the OPAC as soon as it
is saved, and a rolled-back write leaves the index as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from libnet.core import audit, clock
from libnet.core import text as core_text
from libnet.digital.models import DigitalObject, DigitalPage, TextSource
from libnet.digital.text_errors import PageTextRefused
from libnet.network.access import User
from libnet.search import pages as page_index

# A page of a dense newspaper holds some 10,000 characters; ten times that is a mistake.
MAX_PAGE_TEXT = 100_000

# One OCR word box: x, y, width, height (pixels of the page's full image) and the word.
WordBox = list[int | str]


def _index(page: DigitalPage, record_id: int | None) -> None:
    page_index.index_page(
        page_id=page.pk,
        object_id=page.object_id,
        sequence=page.sequence,
        record_id=record_id,
        text=page.text,
    )


@transaction.atomic
def save_ocr_text(
    *,
    page: DigitalPage,
    text: str,
    words: Sequence[WordBox],
    width: int = 0,
    height: int = 0,
    at: dt.datetime | None = None,
) -> None:
    """Keep what OCR read on `page` (NFC) and its word boxes, and index it. A page whose text
    was typed by staff in the meantime keeps the typed text."""
    at = at or clock.now()
    current = DigitalPage.objects.select_for_update().select_related("object").get(pk=page.pk)
    if current.text_source == TextSource.TYPED:
        return
    current.text = core_text.nfc(text).strip()
    current.text_source = TextSource.OCR if current.text else TextSource.NONE
    current.words = [list(box) for box in words]
    current.ocr_at = at
    current.ocr_error = ""
    fields = ["text", "text_source", "words", "ocr_at", "ocr_error"]
    if width and height and not (current.width and current.height):
        current.width, current.height = width, height
        fields += ["width", "height"]
    current.save(update_fields=fields)
    _index(current, current.object.record_id)


def record_ocr_failure(*, page: DigitalPage, error: str, at: dt.datetime | None = None) -> None:
    """Note that OCR could not read `page` (it is not tried again until asked)."""
    DigitalPage.objects.filter(pk=page.pk).update(ocr_at=at or clock.now(), ocr_error=error[:300])


@transaction.atomic
def type_page_text(
    *, page: DigitalPage, text: str, by: User, at: dt.datetime | None = None
) -> DigitalPage:
    """Save the transcription or translation staff typed for a page of a Hán-Nôm object, and
    index it. An empty text takes the page's text away.

    Raises PageTextRefused (page_text_not_han_nom, page_text_too_long); nothing is written then.
    """
    at = at or clock.now()
    current = DigitalPage.objects.select_for_update().select_related("object").get(pk=page.pk)
    if not current.object.han_nom:
        raise PageTextRefused("page_text_not_han_nom")
    cleaned = core_text.nfc(text or "").replace("\r\n", "\n").strip()
    if len(cleaned) > MAX_PAGE_TEXT:
        raise PageTextRefused("page_text_too_long", limit=MAX_PAGE_TEXT)
    before = {"text": current.text}
    current.text = cleaned
    current.text_source = TextSource.TYPED if cleaned else TextSource.NONE
    current.words = []
    current.save(update_fields=["text", "text_source", "words"])
    _index(current, current.object.record_id)
    audit.record(
        "digital.page_text",
        subject=current,
        by=by,
        at=at,
        library_id=current.object.library_id,
        before=before,
        after={"text": cleaned},
    )
    return current


def object_record_changed(*, digital_object: DigitalObject) -> None:
    """Tell the page index which record `digital_object` now describes (call it in the
    transaction that attaches the object to a record or takes it off)."""
    page_index.set_object_record(object_id=digital_object.pk, record_id=digital_object.record_id)


def page_removed(*, page_id: int) -> None:
    """Take a removed page out of the page index (in the transaction that removes it)."""
    page_index.remove_page(page_id=page_id)


def object_removed(*, object_id: int) -> None:
    """Take the pages of a deleted object out of the page index."""
    page_index.remove_object(object_id=object_id)
