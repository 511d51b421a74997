"""OCR of page images in Vietnamese (Tesseract with Debian's `vie` data): a step of `libnet
worker`, run after the derivatives step (digital/processing.py).

It takes the pages whose derivatives are ready, which have no text yet and were never read
(DigitalPage.ocr_at), outside Hán-Nôm objects (Tesseract does not read Hán-Nôm: staff type
their transcription, digital/text.py). Each page is read from its full image
(storage.page_source); its text (NFC) and word boxes are saved and indexed by
digital/text.py. A page that cannot be read is marked with the reason and the others go on.
When Tesseract or its Vietnamese data is missing, nothing is marked: the pages wait, and the
worker's log says what to install, once.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytesseract  # type: ignore[import-untyped]  # the package ships no type hints
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from libnet.core import text as core_text
from libnet.digital import orientation, storage
from libnet.digital import text as page_text
from libnet.digital.models import DerivativeState, DigitalPage, TextSource

logger = logging.getLogger(__name__)

LANGUAGE = "vie"
# A page Tesseract has not read in this long is stuck (a huge scan): it is marked failed.
TIMEOUT_SECONDS = 300
_warned: set[str] = set()


class OcrUnavailable(Exception):
    """Tesseract, or its Vietnamese data, is not on this machine: no page can be read."""


class PageUnreadable(Exception):
    """This page could not be read (a damaged file, an image Tesseract refuses)."""


@dataclass(frozen=True)
class Reading:
    """What OCR read on one page: its text (lines, paragraphs apart by a blank line) and the
    box of each word, [x, y, width, height, word] in the pixels of the image read."""

    text: str
    words: list[list[int | str]]


def limit_threads() -> None:
    """Run Tesseract on LIBNET_OCR_THREADS threads (1 unless set; an OMP_THREAD_LIMIT in the
    environment wins). Its OpenMP threads wait for each other by spinning: on a machine
    whose cores are busy with other work a page takes several times as long with them as on
    one thread (docs/performance.md). pytesseract hands the process's environment to
    Tesseract, so the limit is set there."""
    threads = int(getattr(settings, "LIBNET_OCR_THREADS", 1))
    os.environ.setdefault("OMP_THREAD_LIMIT", str(max(threads, 1)))


def tesseract_command() -> str:
    """The Tesseract program (setting LIBNET_TESSERACT_CMD; `tesseract` on the PATH)."""
    return str(getattr(settings, "LIBNET_TESSERACT_CMD", "tesseract"))


def pages_waiting() -> QuerySet[DigitalPage]:
    """Pages OCR has still to read, oldest object first."""
    return (
        DigitalPage.objects.filter(
            derivatives=DerivativeState.READY,
            text_source=TextSource.NONE,
            ocr_at__isnull=True,
            object__han_nom=False,
        )
        .select_related("file", "object")
        .order_by("object_id", "sequence")
    )


def reading_from_data(data: Mapping[str, Sequence[Any]]) -> Reading:
    """Reduce Tesseract's word table (pytesseract's image_to_data as a dict) to the page's
    text and word boxes."""
    words: list[list[int | str]] = []
    lines: list[tuple[tuple[int, int, int], list[str]]] = []
    for index, raw in enumerate(data["text"]):
        word = core_text.nfc(str(raw)).strip()
        # Rows of level 5 are words; conf -1 marks the rows of blocks, paragraphs and lines.
        if not word or int(data["level"][index]) != 5 or float(data["conf"][index]) < 0:
            continue
        box = [int(data[key][index]) for key in ("left", "top", "width", "height")]
        words.append([*box, word])
        key = (
            int(data["block_num"][index]),
            int(data["par_num"][index]),
            int(data["line_num"][index]),
        )
        if lines and lines[-1][0] == key:
            lines[-1][1].append(word)
        else:
            lines.append((key, [word]))
    text_lines: list[str] = []
    previous: tuple[int, int] | None = None
    for (block, paragraph, _line), line_words in lines:
        if previous is not None and previous != (block, paragraph):
            text_lines.append("")
        text_lines.append(" ".join(line_words))
        previous = (block, paragraph)
    return Reading(text="\n".join(text_lines), words=words)


def read_image(path: Path) -> Reading:
    """Read the Vietnamese text of the image at `path`.

    Raises OcrUnavailable when Tesseract or its `vie` data is missing, PageUnreadable when
    this image cannot be read."""
    command = tesseract_command()
    if shutil.which(command) is None:
        raise OcrUnavailable(command)
    pytesseract.pytesseract.tesseract_cmd = command
    limit_threads()
    try:
        # Tesseract reads the file itself (no decoding and re-encoding through Pillow).
        data = pytesseract.image_to_data(
            str(path),
            lang=LANGUAGE,
            output_type=pytesseract.Output.DICT,
            timeout=TIMEOUT_SECONDS,
        )
    except pytesseract.TesseractNotFoundError as error:
        raise OcrUnavailable(command) from error
    except pytesseract.TesseractError as error:
        if "language" in str(error.message).lower():
            raise OcrUnavailable(command) from error
        raise PageUnreadable(str(error.message).strip() or str(error)) from error
    except RuntimeError as error:  # pytesseract's timeout
        raise PageUnreadable(str(error)) from error
    return reading_from_data(data)


def _image_size(path: Path) -> tuple[int, int]:
    try:
        with Image.open(path) as image:  # reads the header only
            width, height = orientation.upright_size(image)
            return int(width), int(height)
    except (OSError, UnidentifiedImageError):
        return 0, 0


def _read_upright(source: Path) -> Reading:
    """Read the page at `source` as the reader sees it: a file stored sideways (its EXIF
    Orientation says so, which Tesseract does not read) is read from an upright copy."""
    turned: Image.Image | None = None
    try:
        with Image.open(source) as image:
            if orientation.orientation(image) != 1:
                turned = orientation.upright(image)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        turned = None  # Tesseract reads the file and reports what it cannot read
    if turned is None:
        return read_image(source)
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "upright.png"
        turned.save(copy)
        return read_image(copy)


def ocr_pages(pages: Iterable[DigitalPage]) -> int:
    """Read `pages` and save their text; return how many were read or marked unreadable.

    Stops (without marking the page) when Tesseract is missing, and logs what to install."""
    done = 0
    for page in pages:
        source = storage.page_source(page)
        try:
            if not source.exists():
                raise PageUnreadable(_("The page's image file is missing."))
            reading = _read_upright(source)
        except OcrUnavailable as missing:
            _warn_unavailable(str(missing))
            return done
        except PageUnreadable as error:
            page_text.record_ocr_failure(page=page, error=str(error))
        else:
            width, height = _image_size(source) if not page.width else (0, 0)
            page_text.save_ocr_text(
                page=page, text=reading.text, words=reading.words, width=width, height=height
            )
        done += 1
    return done


def ocr_step(limit: int) -> int:
    """The worker's OCR step: read at most `limit` waiting pages."""
    return ocr_pages(list(pages_waiting()[:limit]))


def _warn_unavailable(command: str) -> None:
    if command in _warned:
        return
    _warned.add(command)
    logger.warning(
        _(
            "OCR is not possible: Tesseract (%(command)s) or its Vietnamese data is not installed "
            "on this machine. Install the Debian packages tesseract-ocr and tesseract-ocr-vie; "
            "the pages wait for their text until then."
        ),
        {"command": command},
    )
