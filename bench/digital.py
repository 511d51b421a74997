"""Benchmark: ingest of page images into the digital library, through the real path, beside
the bare image library and Tesseract on the same pages in the same run.

Makes N page images first (Pillow, an A4 page at 150 dpi of Vietnamese text in DejaVu Serif;
not timed), then, a chunk of pages at a time, alternately (so that the machine's load falls
on both alike):

- **libnet**: the pages received by `digital.services.add_files` (type read from the bytes,
  SHA-256, original kept), then `libnet worker`'s steps (`processing.run_pending`) until
  none is left: derivatives (thumbnail and web size, Pillow), then OCR in Vietnamese
  (Tesseract), the text saved and written into the page index of search;
- **bare**: the same files opened with Pillow and resized to the same two JPEGs, and read
  by Tesseract (`vie`) through pytesseract, with nothing else around them, on as many
  threads as libnet's OCR uses (`digital.ocr.limit_threads`: the comparison is of what
  libnet adds around the same work).

Prints pages per minute of each and their ratio (target: libnet ≥ 0.8 × bare), and how many
of the words drawn OCR gave back.

    .venv/bin/python bench/digital.py [--pages 1000] [--chunk 10]
    scripts/test-postgres.sh .venv/bin/python bench/digital.py --pages 50

Without DATABASE_URL a temporary SQLite file is used. The database must be new.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
PAGE_SIZE = (1240, 1754)  # A4 at 150 dpi
FONT_PX = 26
LINES_PER_PAGE = 34
# Words of local-studies prose: every tone mark, đ and Đ, short and long syllables.
_PROSE = (
    "làng xã đình chùa miếu đền giếng nước cây đa sân đình cổng làng lũy tre "
    "đồng lúa ruộng mạ gặt hái mùa màng người dân nông dân thợ thủ công "
    "nghề truyền thống tranh dân gian Đông Hồ gốm Bát Tràng lụa Hà Đông "
    "lễ hội rước kiệu tế thần thành hoàng ca trù chèo quan họ hát văn "
    "tỉnh huyện phủ tổng địa bạ gia phả dòng họ tộc trưởng con cháu "
    "năm tháng triều Nguyễn vua quan nho sĩ khoa thi tiến sĩ cử nhân "
    "sông núi đê điều lũ lụt hạn hán khai hoang lập ấp di dân "
    "chợ phiên buôn bán hàng hóa thuyền bè bến đò phố cổ nhà thờ "
    "kháng chiến cách mạng hợp tác xã đổi mới xây dựng quê hương"
)
WORDS = tuple(_PROSE.split())


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 11))]
    return " ".join(words).capitalize() + rng.choice((".", ",", ";", "."))


def make_pages(folder: Path, count: int, seed: int = 7) -> list[tuple[Path, list[str]]]:
    """Write `count` PNG pages of Vietnamese text into `folder`; return (path, words drawn)."""
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    font = ImageFont.truetype(FONT, FONT_PX)
    pages = []
    for number in range(1, count + 1):
        image = Image.new("L", PAGE_SIZE, 255)
        draw = ImageDraw.Draw(image)
        drawn: list[str] = []
        y = 110
        for _ in range(LINES_PER_PAGE):
            line = sentence(rng)
            while draw.textlength(line, font=font) > PAGE_SIZE[0] - 220:
                line = line.rsplit(" ", 1)[0]
            draw.text((110, y), line, font=font, fill=0)
            drawn.extend(line.split())
            y += int(FONT_PX * 1.7)
        draw.text((PAGE_SIZE[0] // 2 - 20, PAGE_SIZE[1] - 90), str(number), font=font, fill=0)
        path = folder / f"trang-{number:05d}.png"
        image.save(path, format="PNG")
        pages.append((path, drawn))
    return pages


def bare(paths: Sequence[Path], out: Path) -> list[str]:
    """The floor: Pillow's two resizes and Tesseract's reading of each page, nothing else."""
    import pytesseract
    from PIL import Image

    texts = []
    for path in paths:
        with Image.open(path) as image:
            current = image.convert("RGB")
            for name, long_side in (("web.jpg", 1600), ("thumb.jpg", 200)):
                current = current.copy()
                current.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
                current.save(out / f"{path.stem}-{name}", format="JPEG", quality=85)
        data = pytesseract.image_to_data(str(path), lang="vie", output_type=pytesseract.Output.DICT)
        texts.append(" ".join(word for word in data["text"] if word.strip()))
    return texts


def libnet_ingest(digital_object: object, paths: Sequence[Path]) -> int:
    """The real path: receive the files, then run the worker's steps until nothing is left."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from libnet.digital import processing, services

    uploads = [SimpleUploadedFile(path.name, path.read_bytes()) for path in paths]
    outcomes = services.add_files(obj=digital_object, uploads=uploads, by=None)
    failed = [outcome for outcome in outcomes if outcome.error is not None]
    if failed:
        raise SystemExit(f"{len(failed)} files refused: {failed[0].error}")
    done = 0
    while True:
        step = processing.run_pending(limit=50)
        if not step:
            return done
        done += step


def recovered(drawn: Sequence[str], read: str) -> tuple[int, int]:
    """How many of the words drawn on a page are among the words read (NFC, punctuation off)."""
    found = {unicodedata.normalize("NFC", word.strip(".,;")) for word in read.split()}
    wanted = [word.strip(".,;") for word in drawn]
    return sum(word in found for word in wanted), len(wanted)


def run(pages: list[tuple[Path, list[str]]], chunk: int, say: Callable[[str], None]) -> None:
    from libnet.digital import services
    from libnet.digital.models import Access, DigitalPage, TextSource
    from libnet.network.models import Library, LibraryKind
    from libnet.search import pages as page_index

    library = Library.objects.create(
        code="BENCH-TVT", name="Thư viện tỉnh thử", kind=LibraryKind.PROVINCIAL, sort_key="00"
    )
    digital_object = services.create_object(
        library=library, by=None, title="Địa chí thử", access_=Access.PUBLIC
    )
    from libnet.digital import ocr

    ocr.limit_threads()
    scratch = Path(tempfile.mkdtemp(prefix="libnet-bench-bare-"))
    bare_seconds = libnet_seconds = 0.0
    bare_hits = bare_words = 0
    for start in range(0, len(pages), chunk):
        batch = pages[start : start + chunk]
        paths = [path for path, _drawn in batch]
        began = time.perf_counter()
        texts = bare(paths, scratch)
        bare_seconds += time.perf_counter() - began
        for (_path, drawn), text in zip(batch, texts, strict=True):
            hits, words = recovered(drawn, text)
            bare_hits, bare_words = bare_hits + hits, bare_words + words
        began = time.perf_counter()
        libnet_ingest(digital_object, paths)
        libnet_seconds += time.perf_counter() - began
        done = start + len(batch)
        say(
            f"  {done:>5} pages: bare {60 * done / bare_seconds:6.1f} pages/min,"
            f" libnet {60 * done / libnet_seconds:6.1f} pages/min"
        )
    shutil.rmtree(scratch, ignore_errors=True)

    pages_read = DigitalPage.objects.filter(object=digital_object, text_source=TextSource.OCR)
    texts = dict(pages_read.values_list("sequence", "text"))
    libnet_hits = libnet_words = 0
    for sequence, (_path, drawn) in enumerate(pages, start=1):
        hits, words = recovered(drawn, texts.get(sequence, ""))
        libnet_hits, libnet_words = libnet_hits + hits, libnet_words + words
    probe = page_index.page_hits("dinh lang", object_ids=[digital_object.pk], limit=10_000)
    count = len(pages)
    bare_rate = 60 * count / bare_seconds
    libnet_rate = 60 * count / libnet_seconds
    say(f"pages: {count}, read by OCR in libnet: {pages_read.count()}")
    say(f"bare Pillow + Tesseract: {bare_rate:.1f} pages/min ({bare_seconds:.1f} s)")
    say(
        f"libnet add_files + worker (derivatives, OCR, index): {libnet_rate:.1f} pages/min"
        f" ({libnet_seconds:.1f} s)"
    )
    say(f"ratio libnet / bare: {libnet_rate / bare_rate:.2f} (target >= 0.80)")
    say(
        f"words drawn read back: bare {100 * bare_hits / max(bare_words, 1):.1f} %,"
        f" libnet {100 * libnet_hits / max(libnet_words, 1):.1f} %"
    )
    say(f'pages found by "dinh lang" (no marks) in the page index: {len(probe)}')


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="page images to ingest")
    parser.add_argument("--chunk", type=int, default=10, help="pages per alternation")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="libnet-bench-digital-"))
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ["LIBNET_DIGITAL_DIR"] = str(scratch / "digital")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libnet.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    def say(line: str) -> None:
        print(line, flush=True)

    say(f"== digital library ingest benchmark on {connection.vendor} ==")
    say(f"OMP_THREAD_LIMIT={os.environ.get('OMP_THREAD_LIMIT', '(set by libnet)')}")
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    source = scratch / "pages"
    source.mkdir()
    pages = make_pages(source, args.pages)
    size = sum(path.stat().st_size for path, _drawn in pages) / len(pages) / 1024
    say(
        f"{len(pages)} pages of {PAGE_SIZE[0]}x{PAGE_SIZE[1]} px made in"
        f" {time.perf_counter() - began:.0f} s ({size:.0f} KiB each)"
    )
    try:
        run(pages, args.chunk, say)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
