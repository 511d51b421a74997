"""The IIIF Image API 3.0 at /iiif/image/<object id>-<page>/…, through the address a viewer asks."""

from __future__ import annotations

import io
import os
import time

import pytest
from PIL import Image

from libnet.digital.models import Access, ReadingRoomNetwork
from tests.digital.iiif_pages import add_object, digital_dir, page_picture, squares_image

__all__ = ["digital_dir"]


def _image(response) -> Image.Image:
    return Image.open(io.BytesIO(response.content))


@pytest.fixture
def squares(digital_dir, province):
    return add_object(province["provincial"], pages=[squares_image()])


def test_info_json_declares_size_tiles_and_level(client, squares):
    """info.json names the service, its size, tiles of 256 px at each scale, level 2."""
    response = client.get(f"/iiif/image/{squares.pk}-1/info.json")
    assert response.status_code == 200
    info = response.json()
    assert info["id"] == f"http://testserver/iiif/image/{squares.pk}-1"
    assert info["type"] == "ImageService3"
    assert info["profile"] == "level2"
    assert (info["width"], info["height"]) == (1000, 1000)
    assert info["tiles"] == [{"width": 256, "height": 256, "scaleFactors": [1, 2, 4]}]
    assert {"width": 250, "height": 250} in info["sizes"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=3600"


def test_info_json_is_json_ld_when_asked(client, squares):
    response = client.get(
        f"/iiif/image/{squares.pk}-1/info.json", HTTP_ACCEPT="application/ld+json"
    )
    assert response["Content-Type"].startswith("application/ld+json")
    assert "http://iiif.io/api/image/3/context.json" in response["Content-Type"]


def test_base_address_sends_to_info_json(client, squares):
    response = client.get(f"/iiif/image/{squares.pk}-1")
    assert response.status_code == 303
    assert response["Location"].endswith(f"/iiif/image/{squares.pk}-1/info.json")


@pytest.mark.parametrize(
    ("region", "size", "expected_size", "colour_at_origin"),
    [
        ("full", "max", (1000, 1000), (61, 170, 126)),  # square 0,0
        ("100,0,100,100", "max", (100, 100), (195, 133, 120)),  # square 1,0
        ("pct:20,0,10,10", "50,", (50, 50), (168, 92, 163)),  # square 2,0
        ("square", "!300,200", (200, 200), (61, 170, 126)),
        ("full", "pct:25", (250, 250), (61, 170, 126)),
        ("900,900,500,500", "max", (100, 100), (161, 119, 182)),  # cut at the edge: square 9,9
        ("0,0,200,100", ",50", (100, 50), (61, 170, 126)),
        ("0,0,200,100", "^400,200", (400, 200), (61, 170, 126)),
    ],
)
def test_regions_and_sizes(client, squares, region, size, expected_size, colour_at_origin):
    response = client.get(f"/iiif/image/{squares.pk}-1/{region}/{size}/0/default.png")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "image/png"
    picture = _image(response).convert("RGB")
    assert picture.size == expected_size
    found = picture.getpixel((5, 5))
    assert all(abs(a - b) < 6 for a, b in zip(found, colour_at_origin, strict=True)), found


def test_rotation_mirroring_and_qualities(client, squares):
    base = f"/iiif/image/{squares.pk}-1/0,0,200,100/max"
    turned = _image(client.get(f"{base}/90/default.png")).convert("RGB")
    assert turned.size == (100, 200)
    assert turned.getpixel((50, 5)) == (61, 170, 126)  # the first square is now at the top right
    mirrored = _image(client.get(f"{base}/!0/default.png")).convert("RGB")
    assert mirrored.getpixel((5, 5)) == (195, 133, 120)  # the second square is now on the left
    tilted = _image(client.get(f"{base}/45/default.png"))
    assert tilted.mode == "RGBA"
    assert tilted.width > 200
    assert _image(client.get(f"{base}/0/gray.jpg")).mode == "L"
    assert _image(client.get(f"{base}/0/bitonal.png")).mode == "1"
    response = client.get(f"{base}/0/color.jpg")
    assert response["Content-Type"] == "image/jpeg"
    assert _image(response).format == "JPEG"


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("junk/max/0/default.jpg", "iiif_bad_region"),
        ("1000,0,10,10/max/0/default.jpg", "iiif_bad_region"),  # starts outside the image
        ("0,0,0,10/max/0/default.jpg", "iiif_bad_region"),
        ("full/2000,/0/default.jpg", "iiif_bad_size"),  # larger than the region without ^
        ("full/pct:150/0/default.jpg", "iiif_bad_size"),
        ("full/!,100/0/default.jpg", "iiif_bad_size"),
        ("full/,/0/default.jpg", "iiif_bad_size"),
        ("full/^9000,9000/0/default.jpg", "iiif_bad_size"),  # more pixels than allowed
        ("full/max/400/default.jpg", "iiif_bad_rotation"),
        ("full/max/-90/default.jpg", "iiif_bad_rotation"),
        ("full/max/0/sepia.jpg", "iiif_bad_quality"),
        ("full/max/0/default.tiff", "iiif_bad_format"),
        ("full/max/0/default", "iiif_bad_format"),
    ],
)
def test_bad_parameters_are_a_400_with_a_vietnamese_reason(client, squares, path, code):
    response = client.get(f"/iiif/image/{squares.pk}-1/{path}")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert "Traceback" not in response.content.decode()
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "identifier", ["abc", "1", "-1", "999999-1", "{object}-9", "{object}-0", "{object}-1-1"]
)
def test_unknown_images_are_a_404(client, squares, identifier):
    identifier = identifier.format(object=squares.pk)
    for path in (f"{identifier}/info.json", f"{identifier}/full/max/0/default.jpg"):
        response = client.get(f"/iiif/image/{path}")
        assert response.status_code == 404
        assert response.json()["code"] in {"digital_object_not_found", "digital_page_not_found"}


def test_a_staff_object_does_not_exist_for_the_public(client, digital_dir, province, minh, an):
    """A draft is seen by its library's staff, and is a 404 for readers and other libraries."""
    draft = add_object(province["commune"], access=Access.STAFF)
    paths = [
        f"/iiif/image/{draft.pk}-1/info.json",
        f"/iiif/image/{draft.pk}-1/full/max/0/default.jpg",
    ]
    for path in paths:
        assert client.get(path).status_code == 404
    client.force_login(an.user)
    for path in paths:
        assert client.get(path).status_code == 404
    client.force_login(minh.user)
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, max-age=3600"


def test_an_on_site_object_is_seen_only_from_the_reading_room(client, digital_dir, province):
    on_site = add_object(province["provincial"], access=Access.ON_SITE)
    ReadingRoomNetwork.objects.create(library=province["provincial"], network="192.168.10.0/24")
    path = f"/iiif/image/{on_site.pk}-1/full/max/0/default.jpg"
    assert client.get(path, REMOTE_ADDR="203.0.113.7").status_code == 404
    # Without a trusted proxy, a forwarded address written by the client counts for nothing.
    assert (
        client.get(path, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.168.10.5").status_code
        == 404
    )
    assert client.get(path, REMOTE_ADDR="192.168.10.44").status_code == 200


def test_an_unchanged_image_is_not_sent_again(client, squares):
    path = f"/iiif/image/{squares.pk}-1/full/100,/0/default.jpg"
    first = client.get(path)
    again = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    assert again.content == b""


def test_small_images_come_from_the_web_derivative(client, digital_dir, province):
    """A size within the web derivative's is cut from it: the original is not opened."""
    big = add_object(province["provincial"], pages=[page_picture(3200, 4000)], web=True)
    original = big.files.get()
    from libnet.digital import storage

    storage.original_path(original).write_bytes(b"not an image any more")
    response = client.get(f"/iiif/image/{big.pk}-1/0,0,1024,1024/256,/0/default.jpg")
    assert response.status_code == 200
    assert _image(response).size == (256, 256)


def test_a_large_jpeg_tile_is_cut_at_the_right_place(client, digital_dir, province):
    """A JPEG original decoded at a reduced scale still gives the region asked for."""
    picture = Image.new("RGB", (4000, 4000), (255, 255, 255))
    picture.paste((200, 0, 0), (2000, 2000, 4000, 4000))
    big = add_object(province["provincial"], pages=[picture], image_format="JPEG")
    response = client.get(f"/iiif/image/{big.pk}-1/2048,2048,1024,1024/256,/0/default.png")
    tile = _image(response).convert("RGB")
    assert tile.size == (256, 256)
    red, green, _blue = tile.getpixel((128, 128))
    assert red > 180
    assert green < 40
    response = client.get(f"/iiif/image/{big.pk}-1/0,0,1024,1024/256,/0/default.png")
    assert _image(response).convert("RGB").getpixel((128, 128)) == (255, 255, 255)


def test_a_page_replaced_on_disk_is_not_served_from_memory(client, digital_dir, province):
    """Decoded pages are kept for the next tiles, but a file written again is read again."""
    page = add_object(province["provincial"], pages=[Image.new("RGB", (600, 600), (0, 0, 200))])
    path = f"/iiif/image/{page.pk}-1/0,0,256,256/256,/0/default.png"
    assert _image(client.get(path)).convert("RGB").getpixel((10, 10)) == (0, 0, 200)
    from libnet.digital import storage

    original = storage.original_path(page.files.get())
    Image.new("RGB", (600, 600), (0, 150, 0)).save(original, "PNG")
    os.utime(original, ns=(time.time_ns(), time.time_ns() + 1_000_000_000))
    assert _image(client.get(path)).convert("RGB").getpixel((10, 10)) == (0, 150, 0)


@pytest.mark.parametrize(
    ("picture", "expected"),
    [
        (Image.new("I;16", (300, 300), 40000), 156),  # a 16-bit grey master: 40000 / 256
        (Image.new("RGBA", (300, 300), (0, 0, 0, 0)), 255),  # transparent: white paper
        (Image.new("1", (300, 300), 0), 0),
    ],
)
def test_unusual_scans_are_served_as_gray_or_colour(
    client, digital_dir, province, picture, expected
):
    unusual = add_object(province["provincial"], pages=[picture])
    response = client.get(f"/iiif/image/{unusual.pk}-1/full/100,/0/gray.png")
    assert response.status_code == 200
    assert abs(_image(response).getpixel((50, 50)) - expected) <= 1


def test_a_damaged_original_is_a_404_not_a_traceback(client, digital_dir, province):
    damaged = add_object(province["provincial"])
    from libnet.digital import storage

    storage.original_path(damaged.files.get()).write_bytes(b"\x89PNG damaged on disk")
    response = client.get(f"/iiif/image/{damaged.pk}-1/full/200,/0/default.jpg")
    assert response.status_code == 404
    assert response.json()["code"] == "digital_page_not_found"
