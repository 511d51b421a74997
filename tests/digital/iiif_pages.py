"""Digital objects with page images made here with Pillow, for the IIIF tests (the ingest of
digital/services.py is not needed to serve pages: rows and files are written directly).

The page of `validator_object` is the IIIF validator's test image: 10 × 10 squares of 100 px
in the colours the validator checks (iiif_validator.validator.ValidationInfo.colorInfo).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from libnet.digital import storage
from libnet.digital.models import Access, DigitalFile, DigitalObject, DigitalPage
from libnet.network.models import Library


def squares_image() -> Image.Image:
    from iiif_validator.validator import ValidationInfo

    colours = ValidationInfo().colorInfo
    image = Image.new("RGB", (1000, 1000))
    draw = ImageDraw.Draw(image)
    for column in range(10):
        for row in range(10):
            box = (column * 100, row * 100, column * 100 + 99, row * 100 + 99)
            draw.rectangle(box, fill=colours[column][row])
    return image


def page_picture(width: int, height: int, shade: int = 0) -> Image.Image:
    """A page-like image: pale paper with dark bars for lines of text."""
    image = Image.new("RGB", (width, height), (240, 232, 215))
    draw = ImageDraw.Draw(image)
    for top in range(height // 10, height - height // 10, max(8, height // 40)):
        draw.rectangle(
            (width // 10, top, width - width // 10 - shade, top + max(2, height // 120)),
            fill=(40, 30, 20),
        )
    return image


def add_object(
    library: Library,
    *,
    title: str = "Ca dao Sông Lam",
    access: str = Access.PUBLIC,
    record=None,
    dublin_core: dict | None = None,
    pages: list[Image.Image] | None = None,
    image_format: str = "PNG",
    web: bool = False,
) -> DigitalObject:
    """An object of `library` with `pages` (files written under LIBNET_DIGITAL_DIR)."""
    digital_object = DigitalObject.objects.create(
        library=library,
        title=title,
        access=access,
        record=record,
        dublin_core=dublin_core or {},
    )
    suffix = {"PNG": ".png", "JPEG": ".jpg", "TIFF": ".tif"}[image_format]
    media_type = {"PNG": "image/png", "JPEG": "image/jpeg", "TIFF": "image/tiff"}[image_format]
    for sequence, picture in enumerate(pages or [page_picture(800, 1100)], start=1):
        file = DigitalFile.objects.create(
            object=digital_object,
            path=f"pending-{digital_object.pk}-{sequence}",
            original_name=f"page-{sequence}{suffix}",
            media_type=media_type,
            size=0,
            sha256="",
        )
        file.path = storage.original_relative(digital_object.pk, file.pk, suffix)
        target = storage.original_path(file)
        target.parent.mkdir(parents=True, exist_ok=True)
        picture.save(target, image_format)
        file.size = target.stat().st_size
        file.sha256 = hashlib.sha256(target.read_bytes()).hexdigest()
        file.save()
        page = DigitalPage.objects.create(
            object=digital_object,
            sequence=sequence,
            file=file,
            width=picture.width,
            height=picture.height,
            derivatives="ready" if web else "pending",
        )
        if web:
            copy = picture.copy()
            copy.thumbnail((1600, 1600))
            path = storage.derivative(page, storage.WEB)
            path.parent.mkdir(parents=True, exist_ok=True)
            copy.convert("RGB").save(path, "JPEG", quality=85)
    return digital_object


@pytest.fixture
def digital_dir(settings, tmp_path) -> Path:
    settings.LIBNET_DIGITAL_DIR = tmp_path / "digital"
    return settings.LIBNET_DIGITAL_DIR
