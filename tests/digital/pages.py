"""Digital objects with pages rendered in the test (Pillow + DejaVu), for the tests of the
pages' text. The rows are made here directly until the ingest service is on this branch."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from libnet.digital import storage
from libnet.digital.models import (
    Access,
    DerivativeState,
    DigitalFile,
    DigitalObject,
    DigitalPage,
)

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
# A page of a local-studies book: Vietnamese with every kind of mark, and đ/Đ.
LINES = (
    "Cây đa đầu làng, giếng nước sân đình.",
    "Đồng lúa quê hương Hà Nam xanh mướt.",
    "Người dân làng Đông Hồ in tranh dân gian.",
)


def render(path: Path, lines: Sequence[str], size: tuple[int, int] = (1400, 700)) -> Path:
    """Write a white page with `lines` in black, 40 px DejaVu Serif, as a PNG at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 40)
    for number, line in enumerate(lines):
        draw.text((60, 60 + 90 * number), line, font=font, fill="black")
    image.save(path, format="PNG")
    return path


def make_object(library, *, title="Địa chí làng Đông Hồ", access=Access.PUBLIC, **fields):
    return DigitalObject.objects.create(library=library, title=title, access=access, **fields)


def add_page(
    digital_object: DigitalObject,
    *,
    lines: Sequence[str] = LINES,
    sequence: int | None = None,
    derivatives: str = DerivativeState.READY,
    content: bytes | None = None,
) -> DigitalPage:
    """Add a page to `digital_object`: an image of `lines` (or the raw `content`), its file
    row, and its web derivative when its derivatives are ready."""
    sequence = sequence or digital_object.pages.count() + 1
    file = DigitalFile.objects.create(
        object=digital_object,
        path=f"pending-{digital_object.pk}-{sequence}",
        original_name=f"page-{sequence}.png",
        media_type="image/png",
        size=0,
        sha256="",
    )
    file.path = storage.original_relative(digital_object.pk, file.pk, ".png")
    target = storage.original_path(file)
    if content is None:
        render(target, lines)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    data = target.read_bytes()
    file.size = len(data)
    file.sha256 = hashlib.sha256(data).hexdigest()
    file.save()
    page = DigitalPage.objects.create(
        object=digital_object, sequence=sequence, file=file, derivatives=derivatives
    )
    if derivatives == DerivativeState.READY and content is None:
        with Image.open(target) as image:
            page.width, page.height = image.size
            web = storage.derivative(page, storage.WEB)
            web.parent.mkdir(parents=True, exist_ok=True)
            image.convert("RGB").save(web, format="JPEG")
        page.save(update_fields=["width", "height"])
    return page
