"""The IIIF Image API 3.0 request, read into plain numbers (https://iiif.io/api/image/3.0/).

`{region}/{size}/{rotation}/{quality}.{format}` of an image `width` × `height` becomes an
ImageRequest: the box to cut from the full image, the size to scale it to, the mirroring and
the angle, the quality and the format. Pure: no files, no settings; a request the grammar does
not allow, or that cannot be made from this image, raises ImageRequestRefused (400).

Level 2 and more: regions full / square / x,y,w,h / pct:x,y,w,h; sizes max / w, / ,h / pct:n /
w,h / !w,h, each with ^ to enlarge up to `max_area` pixels; rotation by any angle, mirrored
with !; qualities default / color / gray / bitonal; formats jpg / png / webp.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from libnet.digital.iiif.errors import ImageRequestRefused

QUALITIES = ("default", "color", "gray", "bitonal")
FORMATS = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}

# A decimal as the specification writes it: digits, an optional fraction, no sign or exponent.
_NUMBER = r"\d+(?:\.\d+)?|\.\d+"
_PIXELS = re.compile(r"(\d+),(\d+),(\d+),(\d+)")
_PERCENT = re.compile(rf"pct:({_NUMBER}),({_NUMBER}),({_NUMBER}),({_NUMBER})")
_WIDTH_HEIGHT = re.compile(r"(!?)(\d*),(\d*)")
_SIZE_PERCENT = re.compile(rf"pct:({_NUMBER})")
_ROTATION = re.compile(rf"(!?)({_NUMBER})")


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class ImageRequest:
    region: Box  # in pixels of the full image
    width: int  # of the scaled region, before rotation
    height: int
    mirror: bool
    rotation: float  # degrees clockwise, 0 <= rotation < 360
    quality: str
    format: str

    @property
    def media_type(self) -> str:
        return FORMATS[self.format]


def parse(
    *,
    region: str,
    size: str,
    rotation: str,
    quality_format: str,
    width: int,
    height: int,
    max_area: int,
) -> ImageRequest:
    """Read one image request for an image `width` × `height` pixels."""
    box = parse_region(region, width=width, height=height)
    out_width, out_height = parse_size(size, region=box, max_area=max_area)
    mirror, angle = parse_rotation(rotation)
    quality, dot, image_format = quality_format.rpartition(".")
    if not dot:
        raise ImageRequestRefused("iiif_bad_format", value=quality_format)
    if quality not in QUALITIES:
        raise ImageRequestRefused("iiif_bad_quality", value=quality_format)
    if image_format not in FORMATS:
        raise ImageRequestRefused("iiif_bad_format", value=image_format)
    return ImageRequest(
        region=box,
        width=out_width,
        height=out_height,
        mirror=mirror,
        rotation=angle,
        quality=quality,
        format=image_format,
    )


def parse_region(region: str, *, width: int, height: int) -> Box:
    """The box `region` names in an image `width` × `height`, cut to the image.

    Image API 3.0 §4.1: a box that starts outside the image, or has no width or height, is
    a 400; one that runs past the edge is cut at it.
    """
    if region == "full":
        return Box(0, 0, width, height)
    if region == "square":
        side = min(width, height)
        return Box((width - side) // 2, (height - side) // 2, side, side)
    pixels = _PIXELS.fullmatch(region)
    if pixels:
        x, y, w, h = (int(value) for value in pixels.groups())
    else:
        percent = _PERCENT.fullmatch(region)
        if not percent:
            raise ImageRequestRefused("iiif_bad_region", value=region)
        px, py, pw, ph = (float(value) for value in percent.groups())
        x, y = round(px * width / 100), round(py * height / 100)
        w, h = round(pw * width / 100), round(ph * height / 100)
    if w <= 0 or h <= 0 or x >= width or y >= height:
        raise ImageRequestRefused("iiif_bad_region", value=region)
    return Box(x, y, min(w, width - x), min(h, height - y))


def parse_size(size: str, *, region: Box, max_area: int) -> tuple[int, int]:
    """The width and height the region is scaled to.

    Image API 3.0 §4.2: without ^ the result may not be larger than the region; with it, it
    may, up to `max_area` pixels (declared in info.json). `max` is the region itself, made
    smaller if it has more than `max_area` pixels.
    """
    upscale = size.startswith("^")
    spec = size[1:] if upscale else size
    rw, rh = region.width, region.height
    if spec == "max":
        # ^max is served as max: enlarging a small region to the whole area allowed helps no one.
        scale = min(1.0, math.sqrt(max_area / (rw * rh)))
        width, height = max(1, math.floor(rw * scale)), max(1, math.floor(rh * scale))
    elif percent := _SIZE_PERCENT.fullmatch(spec):
        factor = float(percent.group(1)) / 100
        width, height = round(rw * factor), round(rh * factor)
    elif sides := _WIDTH_HEIGHT.fullmatch(spec):
        confined, given_width, given_height = sides.groups()
        if not given_width and not given_height:
            raise ImageRequestRefused("iiif_bad_size", value=size, max_area=max_area)
        if confined:
            if not given_width or not given_height:
                raise ImageRequestRefused("iiif_bad_size", value=size, max_area=max_area)
            box_width, box_height = int(given_width), int(given_height)
            scale = min(box_width / rw, box_height / rh)
            if not upscale:
                scale = min(scale, 1.0)
            width = min(box_width, round(rw * scale))
            height = min(box_height, round(rh * scale))
        elif given_width and given_height:
            width, height = int(given_width), int(given_height)
        elif given_width:
            width = int(given_width)
            height = round(rh * width / rw)
        else:
            height = int(given_height)
            width = round(rw * height / rh)
    else:
        raise ImageRequestRefused("iiif_bad_size", value=size, max_area=max_area)
    too_large = not upscale and (width > rw or height > rh)
    if width <= 0 or height <= 0 or too_large or width * height > max_area:
        raise ImageRequestRefused("iiif_bad_size", value=size, max_area=max_area)
    return width, height


def parse_rotation(rotation: str) -> tuple[bool, float]:
    """Whether to mirror, and the angle clockwise (0 to 360; 360 turns the image back)."""
    found = _ROTATION.fullmatch(rotation)
    if not found:
        raise ImageRequestRefused("iiif_bad_rotation", value=rotation)
    angle = float(found.group(2))
    if angle > 360:
        raise ImageRequestRefused("iiif_bad_rotation", value=rotation)
    return bool(found.group(1)), angle % 360
