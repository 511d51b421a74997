"""Downloads of a digital object: one page as a JPEG, or the whole object as a PDF of its
pages, both made from the web derivatives (storage.WEB), never from the originals.

An object with `watermark` set gets the library's name and the day drawn on each image
(Pillow). Each download is a Download row (a use of the digital library, counted on its
own, services.record_download), marked on_site when the reader sits in one of the library's
reading rooms.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Sequence
from typing import IO

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from libnet.digital import storage
from libnet.digital.models import DerivativeState, DigitalObject, DigitalPage

# The web images are 1600 px on the long side: at 150 dpi a page prints at about A4.
PDF_DPI = 150
JPEG_QUALITY = 88


def ready_pages(obj: DigitalObject) -> list[DigitalPage]:
    """The pages of `obj` whose images are made, in order (a download offers only those)."""
    return list(
        obj.pages.filter(derivatives=DerivativeState.READY)
        .select_related("file")
        .order_by("sequence")
    )


def watermark_text(obj: DigitalObject, day: dt.date) -> str:
    return f"{obj.library.name} · {day:%d/%m/%Y}"


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(settings.LIBNET_PDF_FONT, size)
    except OSError:
        return ImageFont.load_default(size)


def draw_watermark(image: Image.Image, text: str) -> Image.Image:
    """`image` with `text` in a band across its foot: readable, and leaving the page readable."""
    marked = image.convert("RGB")
    width, height = marked.size
    size = max(12, width // 40)
    font = _font(size)
    overlay = Image.new("RGBA", marked.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    margin = size // 2
    band_top = height - (bottom - top) - 2 * margin
    draw.rectangle((0, band_top, width, height), fill=(0, 0, 0, 110))
    draw.text(
        (width - (right - left) - margin - left, band_top + margin - top),
        text,
        font=font,
        fill=(255, 255, 255, 230),
    )
    return Image.alpha_composite(marked.convert("RGBA"), overlay).convert("RGB")


def page_jpeg(page: DigitalPage, *, watermark: str | None) -> bytes:
    """The page's web image as JPEG bytes, with `watermark` drawn when given."""
    path = storage.derivative(page, storage.WEB)
    if not watermark:
        return path.read_bytes()
    with Image.open(path) as image:
        marked = draw_watermark(image, watermark)
    out = io.BytesIO()
    marked.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def object_pdf(
    obj: DigitalObject, pages: Sequence[DigitalPage], *, watermark: str | None
) -> IO[bytes]:
    """A PDF of `pages` (one PDF page per image, sized to print at PDF_DPI), in a temporary
    file positioned at its start."""
    out = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115  # handed to the response, which closes it
    canvas = Canvas(out, pageCompression=1)
    canvas.setTitle(obj.title)
    canvas.setAuthor(obj.library.name)
    for page in pages:
        path = storage.derivative(page, storage.WEB)
        if watermark:
            source: ImageReader = ImageReader(io.BytesIO(page_jpeg(page, watermark=watermark)))
        else:
            source = ImageReader(str(path))
        width_px, height_px = source.getSize()
        width, height = width_px * 72 / PDF_DPI, height_px * 72 / PDF_DPI
        canvas.setPageSize((width, height))
        canvas.drawImage(source, 0, 0, width=width, height=height)
        canvas.showPage()
    canvas.save()
    out.seek(0)
    return out
