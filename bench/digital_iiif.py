"""Benchmark: IIIF Image API tiles of large scanned pages, as a viewer asks for them.

Makes a public digital object of N generated pages (default 4) the size of an A4 page
scanned at 400 dpi (3,300 × 4,700 px): half JPEG, half TIFF (uncompressed, as scanners
deliver masters), each with its 1,600-px web derivative (as the worker makes it). Then, through
the Django test client (the whole request: URL, access check, Pillow, encoding):

- `info.json` of every page;
- 256-px tiles at every zoom level info.json declares (scale factors 1, 2, 4, …), as
  OpenSeadragon asks them (`x,y,w,h/256,/0/default.jpg`): every tile of the small levels,
  a random sample of `--tiles` per page at the large ones;
- beside it, in the same run, bare Pillow cutting and encoding the same tiles from the same
  files, without Django, decoding the file for each tile (no web derivative, no memory of
  the decoded page: what a tile costs without libnet's shortcuts).

Prints p50 / p95 / max per zoom level and over all tiles, in milliseconds.

    .venv/bin/python bench/digital_iiif.py [--pages 4] [--tiles 40]

Without DATABASE_URL a temporary SQLite file is used; the files go to a temporary folder.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 3300, 4700
TILE = 256


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def scanned_page(number: int) -> Any:
    """A page-like picture: paper, a ragged block of dark 'lines', noise so JPEG has work."""
    from PIL import Image, ImageDraw

    rng = random.Random(number)
    page = Image.effect_noise((WIDTH, HEIGHT), 12).convert("RGB")
    paper = Image.new("RGB", (WIDTH, HEIGHT), (236, 226, 204))
    page = Image.blend(paper, page, 0.15)
    draw = ImageDraw.Draw(page)
    for top in range(400, HEIGHT - 400, 70):
        left = 330
        while left < WIDTH - 400:
            word = rng.randint(60, 260)
            draw.rectangle((left, top, left + word, top + 34), fill=(40, 32, 24))
            left += word + rng.randint(25, 45)
    return page


def build(pages: int, say: Callable[[str], None]) -> Any:
    from libnet.digital import storage
    from libnet.digital.models import Access, DigitalFile, DigitalObject, DigitalPage
    from libnet.network.models import Library, LibraryKind

    library = Library.objects.create(
        code="BENCH-TVT", name="Thư viện tỉnh thử", kind=LibraryKind.PROVINCIAL, sort_key="00"
    )
    digital_object = DigitalObject.objects.create(
        library=library, title="Địa chí thử", access=Access.PUBLIC
    )
    for sequence in range(1, pages + 1):
        picture = scanned_page(sequence)
        is_jpeg = sequence % 2 == 1
        suffix, media_type = (".jpg", "image/jpeg") if is_jpeg else (".tif", "image/tiff")
        file = DigitalFile.objects.create(
            object=digital_object,
            path=f"pending-{sequence}",
            original_name=f"page-{sequence}{suffix}",
            media_type=media_type,
            size=0,
            sha256="",
        )
        file.path = storage.original_relative(digital_object.pk, file.pk, suffix)
        target = storage.original_path(file)
        target.parent.mkdir(parents=True, exist_ok=True)
        if is_jpeg:
            picture.save(target, "JPEG", quality=92)
        else:
            picture.save(target, "TIFF")
        file.size = target.stat().st_size
        file.save(update_fields=["path", "size"])
        page = DigitalPage.objects.create(
            object=digital_object,
            sequence=sequence,
            file=file,
            width=WIDTH,
            height=HEIGHT,
            derivatives="ready",
        )
        web = picture.copy()
        web.thumbnail((1600, 1600))
        path = storage.derivative(page, storage.WEB)
        path.parent.mkdir(parents=True, exist_ok=True)
        web.save(path, "JPEG", quality=85)
        say(f"page {sequence}: {suffix[1:]} {file.size / 1e6:.1f} MB")
    return digital_object


def tiles_of(info: dict[str, Any], sample: int, rng: random.Random) -> list[tuple[int, str]]:
    """(scale factor, region) of the tiles a viewer asks at each level; sampled when many."""
    width, height = info["width"], info["height"]
    wanted: list[tuple[int, str]] = []
    for factor in info["tiles"][0]["scaleFactors"]:
        side = TILE * factor
        level = [
            (factor, f"{x},{y},{min(side, width - x)},{min(side, height - y)}")
            for y in range(0, height, side)
            for x in range(0, width, side)
        ]
        wanted += level if len(level) <= sample else rng.sample(level, sample)
    return wanted


def tile_size(region: str, factor: int) -> str:
    width = int(region.split(",")[2])
    return f"{math.ceil(width / factor)},"


def bare_pillow(source: Path, region: str, factor: int) -> bytes:
    """The floor: the same tile cut and encoded by Pillow alone, with the same draft trick."""
    from PIL import Image

    x, y, w, h = (int(value) for value in region.split(","))
    with Image.open(source) as image:
        if image.format == "JPEG":
            image.draft("RGB", (math.ceil(WIDTH / factor), math.ceil(HEIGHT / factor)))
        scale = image.width / WIDTH
        box = (
            x * scale,
            y * scale,
            min(image.width, (x + w) * scale),
            min(image.height, (y + h) * scale),
        )
        size = (math.ceil(w / factor), math.ceil(h / factor))
        rgb = image if image.mode == "RGB" else image.convert("RGB")
        tile = rgb.resize(size, Image.Resampling.LANCZOS, box=box)
    out = io.BytesIO()
    tile.save(out, "JPEG", quality=85)
    return out.getvalue()


def report(label: str, timings: Sequence[float], say: Callable[[str], None]) -> None:
    milliseconds = [seconds * 1000 for seconds in timings]
    say(
        f"  {label:<22} {len(milliseconds):>5} requests   p50 {statistics.median(milliseconds):7.1f}"
        f"   p95 {percentile(milliseconds, 0.95):7.1f}   max {max(milliseconds):7.1f} ms"
    )


def run(digital_object: Any, sample: int, say: Callable[[str], None]) -> None:
    from django.test import Client

    from libnet.digital import storage

    client = Client()
    # The first request of a process loads the middleware and the URL map: not a tile's cost.
    client.get(f"/iiif/image/{digital_object.pk}-1/info.json")
    rng = random.Random(7)
    info_timings: list[float] = []
    by_level: dict[int, list[float]] = {}
    bare_by_level: dict[int, list[float]] = {}
    kinds: dict[str, list[float]] = {"jpg": [], "tif": []}
    for page in digital_object.pages.select_related("file").order_by("sequence"):
        base = f"/iiif/image/{digital_object.pk}-{page.sequence}"
        started = time.perf_counter()
        response = client.get(f"{base}/info.json")
        info_timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content
        info = response.json()
        source = storage.page_source(page)
        kind = source.suffix[1:]
        for factor, region in tiles_of(info, sample, rng):
            size = tile_size(region, factor)
            started = time.perf_counter()
            response = client.get(f"{base}/{region}/{size}/0/default.jpg")
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, (region, size, response.content[:200])
            by_level.setdefault(factor, []).append(elapsed)
            kinds[kind].append(elapsed)
            started = time.perf_counter()
            bare_pillow(source, region, factor)
            bare_by_level.setdefault(factor, []).append(time.perf_counter() - started)
    say("info.json:")
    report("info.json", info_timings, say)
    say("tiles through libnet (Django test client), by scale factor:")
    for factor in sorted(by_level):
        report(f"1/{factor}", by_level[factor], say)
    all_tiles = [elapsed for timings in by_level.values() for elapsed in timings]
    report("all tiles", all_tiles, say)
    report("  from JPEG originals", kinds["jpg"], say)
    report("  from TIFF originals", kinds["tif"], say)
    say("the same tiles, bare Pillow from the original (no web derivative, no Django):")
    for factor in sorted(bare_by_level):
        report(f"1/{factor}", bare_by_level[factor], say)
    report("all tiles", [e for timings in bare_by_level.values() for e in timings], say)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=4, help="pages of the object")
    parser.add_argument("--tiles", type=int, default=40, help="tiles sampled a level a page")
    args = parser.parse_args(argv)
    scratch = tempfile.mkdtemp(prefix="libnet-bench-iiif-")
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ["LIBNET_DIGITAL_DIR"] = f"{scratch}/digital"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libnet.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.ALLOWED_HOSTS = ["testserver"]

    def say(line: str) -> None:
        print(line, flush=True)

    say(f"== IIIF tile benchmark on {connection.vendor}, pages of {WIDTH} × {HEIGHT} px ==")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    digital_object = build(args.pages, say)
    say(f"{args.pages} pages made in {time.perf_counter() - started:.0f} s")
    run(digital_object, args.tiles, say)
    return 0


if __name__ == "__main__":
    sys.exit(main())
