"""The derivatives of a page, made by `libnet worker` from its original: a PDF page rendered
at 200 dpi (poppler's pdftoppm), then a thumbnail and a web size made with Pillow, the
maintained fork of the Python Imaging Library.

The original is only read. Each derivative is written to a temporary name and renamed into
place, so a reader never sees half a file. A page that fails (a damaged file, a PDF page
poppler cannot render) is marked failed with the reason and the others go on.
"""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageOps

from libnet.digital import orientation, storage
from libnet.digital.models import DerivativeState, DigitalPage

log = logging.getLogger(__name__)

PDF_DPI = 200
# Long side in pixels of each image made from the page's source (storage.THUMBNAIL, .WEB).
SIZES = {storage.THUMBNAIL: 200, storage.WEB: 1600}
JPEG_QUALITY = {storage.THUMBNAIL: 80, storage.WEB: 85}
PDF_TIMEOUT_SECONDS = 300


class DerivativeFailed(Exception):
    """A page whose derivatives cannot be made; the message is kept on the page."""


def make_pending(limit: int = 20) -> int:
    """Make the derivatives of at most `limit` pages waiting for them; return how many were
    handled (made or failed). The worker's step "derivatives"."""
    pages = list(
        DigitalPage.objects.filter(derivatives=DerivativeState.PENDING)
        .select_related("file")
        .order_by("pk")[:limit]
    )
    for page in pages:
        make_for_page(page)
    return len(pages)


def make_for_page(page: DigitalPage) -> bool:
    """Make the derivatives of `page` and record the outcome on it; True when made."""
    try:
        width, height = _make(page)
    except Exception as failure:  # any failure of one page is recorded on it, the worker goes on
        reason = str(failure) if isinstance(failure, DerivativeFailed) else repr(failure)
        log.warning("digital page %s: derivatives failed: %s", page, reason)
        # Only a page still waiting is marked: a page removed or renumbered meanwhile is left.
        DigitalPage.objects.filter(pk=page.pk, derivatives=DerivativeState.PENDING).update(
            derivatives=DerivativeState.FAILED, derivative_error=reason[:300]
        )
        page.derivatives, page.derivative_error = DerivativeState.FAILED, reason[:300]
        return False
    DigitalPage.objects.filter(pk=page.pk).update(
        derivatives=DerivativeState.READY, derivative_error="", width=width, height=height
    )
    page.derivatives, page.derivative_error = DerivativeState.READY, ""
    page.width, page.height = width, height
    return True


def _make(page: DigitalPage) -> tuple[int, int]:
    folder = storage.derivative_dir(page)
    folder.mkdir(parents=True, exist_ok=True)
    if page.file.media_type == "application/pdf":
        _render_pdf_page(page, folder / storage.PDF_PAGE)
    source = storage.page_source(page)
    if not source.exists():
        raise DerivativeFailed(f"missing source file {source.name}")
    try:
        with Image.open(source) as image:
            turned = orientation.upright(image)
            width, height = turned.size
            # Each size is made from the one above it: the full image is converted once.
            current = _as_rgb(turned)
            for name, long_side in sorted(SIZES.items(), key=lambda item: -item[1]):
                current = _write_resized(current, folder / name, long_side, JPEG_QUALITY[name])
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as failure:
        raise DerivativeFailed(f"cannot read the image: {failure}") from failure
    return width, height


def _render_pdf_page(page: DigitalPage, target: Path) -> None:
    """Render page `page.page_in_file` of the page's PDF at PDF_DPI into `target` (PNG)."""
    number = str(page.page_in_file or 1)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        prefix = Path(work) / "page"
        command = [
            "pdftoppm", "-r", str(PDF_DPI), "-f", number, "-l", number,
            "-png", "-singlefile", str(storage.original_path(page.file)), str(prefix),
        ]  # fmt: skip
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=PDF_TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as failure:
            raise DerivativeFailed(f"pdftoppm: {failure}") from failure
        rendered = prefix.with_suffix(".png")
        if done.returncode != 0 or not rendered.exists():
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise DerivativeFailed(
                f"pdftoppm could not render page {number}: {' '.join(message)[:200]}"
            )
        os.replace(rendered, target)


def _as_rgb(image: Image.Image) -> Image.Image:
    """A copy of `image` a JPEG can hold: 16-bit and 32-bit greys scaled to 8 bits, alpha on white."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        return image.point(lambda value: value * (1 / 256)).convert("L").convert("RGB")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _write_resized(image: Image.Image, target: Path, long_side: int, quality: int) -> Image.Image:
    """Write `image` within `long_side` pixels (never enlarged) as a JPEG; return what was written."""
    resized = image
    if max(image.size) > long_side:
        resized = ImageOps.contain(image, (long_side, long_side), Image.Resampling.LANCZOS)
    partial = target.with_name(f".{target.name}.part")
    resized.save(partial, format="JPEG", quality=quality, optimize=True)
    os.replace(partial, target)
    return resized
