"""Digital objects whose pages are images of Vietnamese text rendered in the test (Pillow +
DejaVu), received through the digital library's own services, for the tests of the pages'
text."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from libnet.digital import derivatives, services, storage
from libnet.digital.models import Access, DerivativeState, DigitalObject, DigitalPage

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
# A page of a local-studies book: Vietnamese with every kind of mark, and đ/Đ.
LINES = (
    "Cây đa đầu làng, giếng nước sân đình.",
    "Đồng lúa quê hương Hà Nam xanh mướt.",
    "Người dân làng Đông Hồ in tranh dân gian.",
)


def render(lines: Sequence[str], size: tuple[int, int] = (1400, 700)) -> bytes:
    """A white page with `lines` in black, 40 px DejaVu Serif, as PNG bytes."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 40)
    for number, line in enumerate(lines):
        draw.text((60, 60 + 90 * number), line, font=font, fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def make_object(
    library, *, title: str = "Địa chí làng Đông Hồ", access: str = Access.PUBLIC, **fields
) -> DigitalObject:
    return services.create_object(library=library, by=None, title=title, access_=access, **fields)


def add_page(
    digital_object: DigitalObject,
    *,
    lines: Sequence[str] = LINES,
    derivatives_made: bool = True,
) -> DigitalPage:
    """Add a page showing `lines` to `digital_object` (services.add_files) and, unless told
    otherwise, make its derivatives as the worker does."""
    upload = SimpleUploadedFile(f"page-{digital_object.pages.count() + 1}.png", render(lines))
    (outcome,) = services.add_files(obj=digital_object, uploads=[upload], by=None)
    assert outcome.error is None
    page = digital_object.pages.select_related("file").order_by("-sequence").first()
    assert page is not None
    if derivatives_made:
        derivatives.make_for_page(page)
        assert page.derivatives == DerivativeState.READY
    return page


def spoil_original(page: DigitalPage) -> None:
    """Overwrite the page's original with bytes no image reader understands."""
    storage.original_path(page.file).write_bytes(b"not an image at all")
