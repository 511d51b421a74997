"""Make the image an IIIF Image API request asks for, with Pillow, from a page's files.

The full-resolution source is storage.page_source(page). Two shortcuts keep tiles cheap:
when the asked scale is no larger than the web derivative's (storage.WEB, 1600 px on the
long side), the region is cut from that small JPEG; and a JPEG source is decoded at the
smallest of its built-in reductions (1/2, 1/4, 1/8) that still gives the pixels asked for
(Pillow's draft mode), so a zoomed-out tile of a 6000-px scan never decodes the whole page.
A viewer then asks for many tiles of the same page in a row: the last pages decoded are kept
in this process's memory (DecodedImages), so each tile after the first only cuts and encodes.
"""

from __future__ import annotations

import io
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageOps

from libnet.digital import orientation, storage
from libnet.digital.errors import DigitalObjectNotFound
from libnet.digital.iiif.params import Box, ImageRequest
from libnet.digital.models import DigitalPage

logger = logging.getLogger(__name__)

JPEG_QUALITY = 85
# Shrinking in two steps (a fast box reduction, then the filter) past this factor: the same
# look for scans, several times faster on large reductions.
REDUCING_GAP = 3.0
WHITE = 255
# Pixels of decoded pages kept in memory by each server process, 3 bytes each: two A4 pages
# scanned at 400 dpi (3,300 × 4,700). settings.LIBNET_IIIF_DECODED_PIXELS changes it; 0 keeps none.
DECODED_PIXELS = 32_000_000


class DecodedImages:
    """The last pages decoded, by file, its modification time and the reduction decoded (a
    file replaced on disk is a new entry), up to a number of pixels."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._images: OrderedDict[tuple[str, int, int, int], Image.Image] = OrderedDict()
        self._pixels = 0

    def open(self, source: Path, reduced_to: tuple[int, int] | None) -> Image.Image:
        """The image in `source` as L or RGB, decoded at the smallest JPEG reduction that is
        at least `reduced_to` (None: full size)."""
        modified_at = source.stat().st_mtime_ns
        with Image.open(source) as opened:
            turn = orientation.orientation(opened)
            if opened.format == "JPEG" and reduced_to is not None:
                # The reduction asked is of the upright page; a sideways file is drafted so.
                turned = turn in orientation.QUARTER_TURNS
                opened.draft(opened.mode, reduced_to[::-1] if turned else reduced_to)
            key = (str(source), modified_at, opened.width, opened.height)
            with self._lock:
                found = self._images.get(key)
                if found is not None:
                    self._images.move_to_end(key)
                    return found
            decoded = _plain(orientation.upright(opened, turn))
        self._keep(key, decoded)
        return decoded

    def _keep(self, key: tuple[str, int, int, int], decoded: Image.Image) -> None:
        budget = int(getattr(settings, "LIBNET_IIIF_DECODED_PIXELS", DECODED_PIXELS))
        pixels = decoded.width * decoded.height
        if pixels > budget:
            return
        with self._lock:
            if key in self._images:
                return
            self._images[key] = decoded
            self._pixels += pixels
            while self._pixels > budget:
                _key, dropped = self._images.popitem(last=False)
                self._pixels -= dropped.width * dropped.height

    def clear(self) -> None:
        with self._lock:
            self._images.clear()
            self._pixels = 0


decoded_images = DecodedImages()


def _plain(picture: Image.Image) -> Image.Image:
    """`picture` loaded, as gray or colour: 16-bit greys scaled to 8 bits, transparency on
    white paper, bitonal, palette and CMYK scans converted."""
    if picture.mode in ("L", "RGB"):
        picture.load()
        return picture.copy()
    if picture.mode in ("I;16", "I;16B", "I;16L", "I"):
        return picture.point(lambda value: value * (1 / 256)).convert("L")
    if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
        with_alpha = picture.convert("RGBA")
        paper = Image.new("RGB", with_alpha.size, (WHITE, WHITE, WHITE))
        paper.paste(with_alpha, mask=with_alpha.getchannel("A"))
        return paper
    return picture.convert("L" if picture.mode == "1" else "RGB")


@dataclass(frozen=True)
class PageImage:
    """Where a page's pixels are and how many there are."""

    source: Path
    width: int
    height: int
    web: Path | None


def page_image(page: DigitalPage) -> PageImage:
    """The page's source and size; DigitalObjectNotFound when its image is not there yet
    (a page of a PDF before the worker rendered it) or is missing."""
    source = storage.page_source(page)
    width, height = page.width, page.height
    if not source.is_file():
        raise DigitalObjectNotFound("digital_page_not_found")
    if not width or not height:
        try:
            with Image.open(source) as opened:
                width, height = orientation.upright_size(opened)
        except (OSError, Image.DecompressionBombError) as error:
            raise DigitalObjectNotFound("digital_page_not_found") from error
    web = storage.derivative(page, storage.WEB)
    return PageImage(source=source, width=width, height=height, web=web if web.is_file() else None)


def render(image: PageImage, request: ImageRequest) -> bytes:
    """The bytes of the image `request` asks of `image`, in its format.

    A file that cannot be read as an image (damaged on disk: the fixity check reports it) is
    a DigitalObjectNotFound for the reader, and a warning in the log for the administrator.
    """
    try:
        picture = _scaled_region(image, request)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as failure:
        logger.warning("IIIF: cannot read %s: %s", image.source, failure)
        raise DigitalObjectNotFound("digital_page_not_found") from failure
    if request.mirror:
        picture = ImageOps.mirror(picture)
    picture = _quality(picture, request.quality)
    picture = _rotated(picture, request.rotation, transparent=request.format != "jpg")
    return _encoded(picture, request.format)


def _scaled_region(image: PageImage, request: ImageRequest) -> Image.Image:
    region = request.region
    scale = max(request.width / region.width, request.height / region.height)
    if image.web is not None:
        with Image.open(image.web) as web:
            web_scale = web.width / image.width
            if scale <= web_scale * 1.001:
                return _cut(web, region, web_scale, (request.width, request.height))
    # Decode at the smallest reduction that keeps at least `scale` of the pixels.
    reduced_to = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    source = decoded_images.open(image.source, reduced_to if scale < 1 else None)
    return _cut(source, region, source.width / image.width, (request.width, request.height))


def _cut(picture: Image.Image, region: Box, factor: float, size: tuple[int, int]) -> Image.Image:
    """Cut `region` (in full-size pixels) from `picture`, which is `factor` of the full size,
    and scale it to `size`."""
    if picture.mode not in ("L", "RGB"):
        picture = _plain(picture)
    box = (
        region.x * factor,
        region.y * factor,
        min(picture.width, (region.x + region.width) * factor),
        min(picture.height, (region.y + region.height) * factor),
    )
    return picture.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=REDUCING_GAP)


def _quality(picture: Image.Image, quality: str) -> Image.Image:
    if quality == "gray":
        return picture.convert("L")
    if quality == "bitonal":
        return picture.convert("L").point(lambda value: WHITE if value >= 128 else 0, mode="1")
    if quality == "color":
        return picture.convert("RGB")
    return picture


def _rotated(picture: Image.Image, angle: float, *, transparent: bool) -> Image.Image:
    quarter = {90.0: Image.Transpose.ROTATE_270, 180.0: Image.Transpose.ROTATE_180}
    quarter[270.0] = Image.Transpose.ROTATE_90
    if angle == 0:
        return picture
    if angle in quarter:
        return picture.transpose(quarter[angle])
    # Image API 3.0 §4.3: an arbitrary angle enlarges the canvas to hold the whole rotated
    # image; the corners are transparent in a format that has transparency, white otherwise.
    if transparent:
        picture = picture.convert("RGBA")
        fill: int | tuple[int, ...] = (WHITE, WHITE, WHITE, 0)
    else:
        picture = picture.convert("L" if picture.mode in ("1", "L") else "RGB")
        fill = WHITE if picture.mode == "L" else (WHITE, WHITE, WHITE)
    return picture.rotate(-angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=fill)


def _encoded(picture: Image.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    if image_format == "jpg":
        if picture.mode not in ("L", "RGB"):
            picture = picture.convert("L" if picture.mode == "1" else "RGB")
        picture.save(out, "JPEG", quality=JPEG_QUALITY)
    elif image_format == "png":
        picture.save(out, "PNG", compress_level=3)
    else:
        picture.save(out, "WEBP", quality=JPEG_QUALITY)
    return out.getvalue()
