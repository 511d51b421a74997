"""Which way up a page image is: a photographed page (a phone, a camera) is often stored
sideways with an EXIF Orientation tag saying how to turn it. Every use of a page's pixels
(derivatives, IIIF, OCR) and its recorded size takes the page upright, as the reader sees it.
"""

from __future__ import annotations

from PIL import Image, ImageOps

ORIENTATION_TAG = 0x0112
# Orientations 5-8 turn the image a quarter: its width and height change places.
QUARTER_TURNS = frozenset({5, 6, 7, 8})


def orientation(image: Image.Image) -> int:
    """The EXIF Orientation of `image` (1, upright, when it has none or a value out of 1-8)."""
    try:
        value = image.getexif().get(ORIENTATION_TAG, 1)
    except (OSError, ValueError, SyntaxError):
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def upright_size(image: Image.Image) -> tuple[int, int]:
    """The width and height of `image` once turned upright (read from its header)."""
    width, height = image.size
    return (height, width) if orientation(image) in QUARTER_TURNS else (width, height)


def upright(image: Image.Image, found: int | None = None) -> Image.Image:
    """`image` turned upright (itself when it is already); `found`: its orientation, when
    the caller has read it."""
    if (orientation(image) if found is None else found) == 1:
        return image
    return ImageOps.exif_transpose(image)
