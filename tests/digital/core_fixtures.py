"""Files and objects for the digital library's core tests (ingest, derivatives, fixity,
access, downloads, staff pages). Imported by name from the test modules that use them."""

from __future__ import annotations

import io
from collections.abc import Iterable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from libnet.digital import services
from libnet.digital.models import Access, DigitalObject


@pytest.fixture
def digital_dir(settings, tmp_path):
    """The digital library's folder, fresh for each test."""
    settings.LIBNET_DIGITAL_DIR = tmp_path / "digital"
    return settings.LIBNET_DIGITAL_DIR


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (600, 900), colour: str = "white"
) -> bytes:
    """A page image: a light page with a dark stripe, so that derivatives have content."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle(
        (size[0] // 10, size[1] // 3, size[0] * 9 // 10, size[1] // 3 + 40), fill="black"
    )
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def pdf_bytes(pages: int = 3, size: tuple[int, int] = (595, 842)) -> bytes:
    """A PDF of `pages` pages (Pillow writes one image per page)."""
    images = [Image.new("RGB", size, "white") for _ in range(pages)]
    for number, image in enumerate(images):
        ImageDraw.Draw(image).rectangle((50, 50 + number * 30, 300, 80 + number * 30), fill="black")
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=72)
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def uploads(*files: tuple[str, bytes]) -> list[SimpleUploadedFile]:
    return [upload(name, content) for name, content in files]


def make_object(
    library, *, title: str = "Địa bạ làng Tân Lập", access: str = Access.PUBLIC, **extra
) -> DigitalObject:
    return services.create_object(
        library=library, by=None, dublin_core={"title": title}, access_=access, **extra
    )


def with_pages(obj: DigitalObject, names: Iterable[str] = ("p1.png", "p2.jpg")) -> DigitalObject:
    formats = {"png": "PNG", "jpg": "JPEG", "tif": "TIFF"}
    files = [(name, image_bytes(formats[name.rsplit(".", 1)[1]])) for name in names]
    outcomes = services.add_files(obj=obj, uploads=uploads(*files), by=None)
    assert all(outcome.error is None for outcome in outcomes)
    return obj
