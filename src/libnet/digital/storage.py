"""Where the digital library's files are: under settings.LIBNET_DIGITAL_DIR,

    originals/<object id>/<file id>-<token><suffix>   as received, never rewritten (DigitalFile.path)
    derivatives/<object id>/<sequence>/<name>   made from them, remade at will

Paths kept in the tables are relative to the root, so a restore elsewhere finds its files.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from libnet.digital.models import DigitalFile, DigitalPage


def root() -> Path:
    return Path(settings.LIBNET_DIGITAL_DIR)


def original_path(file: DigitalFile) -> Path:
    return root() / file.path


def original_relative(object_id: int, file_id: int, suffix: str, token: str = "") -> str:
    """Where an original goes. `token` (random, given by add_files) keeps the name new when an
    id comes again: SQLite gives a rolled-back row's id to the next row, and the rolled-back
    upload's file may still be on disk."""
    name = f"{file_id}-{token}" if token else str(file_id)
    return f"originals/{object_id}/{name}{suffix.lower()}"


def derivative_dir(page: DigitalPage) -> Path:
    return root() / "derivatives" / str(page.object_id) / str(page.sequence)


# The derivatives of a page, made by the worker (digital/derivatives.py) from its original:
THUMBNAIL = "thumb.jpg"  # 200 px on the long side: lists and the viewer's strip
WEB = "web.jpg"  # 1600 px on the long side: reading on a screen, IIIF's fast path
PDF_PAGE = "page.png"  # a page of a PDF rendered at 200 dpi: the source of the page's image


def derivative(page: DigitalPage, name: str) -> Path:
    return derivative_dir(page) / name


def page_source(page: DigitalPage) -> Path:
    """The full-resolution image of `page`: the original image itself, or for a page of a PDF
    its rendering (a derivative)."""
    if page.file.media_type == "application/pdf":
        return derivative(page, PDF_PAGE)
    return original_path(page.file)
