"""A page photographed sideways (a phone writes the pixels as the sensor saw them and an EXIF
Orientation tag saying how to turn them) is shown, sized, tiled and read upright."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from libnet.core import text
from libnet.digital import processing, services, storage
from libnet.digital.models import DerivativeState
from tests.digital.core_fixtures import digital_dir, make_object  # noqa: F401  # the fixture
from tests.digital.pages import LINES, render

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("digital_dir")]

RED = (255, 0, 0)


def _sideways(upright: Image.Image, orientation: int = 6) -> bytes:
    """`upright` stored as a camera turned a quarter would store it: the pixels turned a
    quarter the other way, and Orientation 6 ("turn 90° clockwise to view")."""
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    stored.save(out, format="JPEG", quality=95, exif=exif.tobytes())
    return out.getvalue()


def _page(lan, content: bytes):
    obj = make_object(lan.library)
    (outcome,) = services.add_files(
        obj=obj, uploads=[SimpleUploadedFile("chup.jpg", content)], by=None
    )
    assert outcome.error is None
    return obj


def _portrait_with_a_red_top() -> Image.Image:
    page = Image.new("RGB", (400, 600), "white")
    page.paste(RED, (0, 0, 400, 100))
    return page


def test_the_derivatives_and_the_recorded_size_are_upright(lan):
    obj = _page(lan, _sideways(_portrait_with_a_red_top()))
    processing.run_pending(limit=5)
    page = obj.pages.get()
    assert (page.derivatives, page.width, page.height) == (DerivativeState.READY, 400, 600)
    with Image.open(storage.derivative(page, storage.WEB)) as web:
        assert web.size == (400, 600)
        top, bottom = (
            web.convert("RGB").getpixel((200, 20)),
            web.convert("RGB").getpixel((200, 580)),
        )
    assert top[0] > 200  # red at the top, as the page is read
    assert top[1] < 60
    assert min(bottom) > 200


def test_iiif_sizes_and_tiles_are_of_the_upright_page(client, lan):
    obj = _page(lan, _sideways(_portrait_with_a_red_top()))
    processing.run_pending(limit=5)
    info = client.get(f"/iiif/image/{obj.pk}-1/info.json").json()
    assert (info["width"], info["height"]) == (400, 600)
    # A region of the full-size page, cut from the original: the red band is on top.
    response = client.get(f"/iiif/image/{obj.pk}-1/0,0,400,100/max/0/default.png")
    assert response.status_code == 200
    with Image.open(io.BytesIO(response.content)) as region:
        assert region.size == (400, 100)
        red, green, _blue = region.convert("RGB").getpixel((200, 50))
    assert red > 200
    assert green < 60


def test_a_sideways_photograph_of_vietnamese_text_is_read(lan):
    upright = Image.open(io.BytesIO(render(LINES)))
    obj = _page(lan, _sideways(upright.convert("RGB")))
    processing.run_pending(limit=5)
    page = obj.pages.get()
    found = [word.strip(".,") for word in text.nfc(page.text).split()]
    expected = [word.strip(".,") for line in LINES for word in text.nfc(line).split()]
    assert sum(word in found for word in expected) >= 0.85 * len(expected)
    for x, y, width, height, _word in page.words:
        assert x + width <= page.width
        assert y + height <= page.height
