"""Benchmark: the accession register as Excel and PDF, at 3,163 and 100,000 copies.

Builds one provincial library with one register (bulk-inserted titles and copies, real MARC
JSON on the records, one copy in fifty with a long note), then downloads the register through
the staff pages as the cataloguer would:

- Excel: `staff:register_xlsx`, a streamed response, read to the end;
- PDF: `staff:register_pdf` below LIBNET_REGISTER_PDF_DIRECT_MAX copies; above it the page
  queues a background document (`staff:register_pdf_job`), which `libnet worker`'s code runs
  here in the same process, and the file is downloaded from `staff:document_download`.

It prints the time, the size, the number of SQL statements and the growth of the peak memory
(tracemalloc) of each, and the pages of each PDF.

    .venv/bin/python bench/register_export.py [--sizes 3163 100000]

Without DATABASE_URL a temporary SQLite file is used. The database must be new.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from typing import Any

WORDS = [
    "Truyện",
    "Kiều",
    "Số",
    "đỏ",
    "Dế",
    "Mèn",
    "phiêu",
    "lưu",
    "ký",
    "Tắt",
    "đèn",
    "Chí",
    "Phèo",
    "Vợ",
    "nhặt",
    "Đất",
    "rừng",
    "phương",
    "Nam",
    "Nhật",
    "ký",
    "trong",
    "tù",
    "Lịch",
    "sử",
    "Việt",
    "Nam",
    "kỹ",
    "thuật",
    "trồng",
    "lúa",
    "nước",
    "chăn",
    "nuôi",
    "gia",
    "cầm",
    "sức",
    "khỏe",
    "cộng",
    "đồng",
    "pháp",
    "luật",
    "đất",
    "đai",
    "địa",
    "chí",
    "xã",
    "Tân",
    "Lập",
    "văn",
    "hóa",
    "đọc",
    "thiếu",
    "nhi",
    "khoa",
    "học",
    "tự",
    "nhiên",
]
AUTHORS = ("Nguyễn Du", "Vũ Trọng Phụng", "Tô Hoài", "Ngô Tất Tố", "Nam Cao", "Đoàn Giỏi")
PUBLISHERS = ("Kim Đồng", "Giáo dục Việt Nam", "Văn học", "Trẻ", "Nông nghiệp")
# tracemalloc slows Python several times over: memory is measured in a run of its own.
TRACE_MEMORY = False
LONG_NOTE = "Bản tặng của hội khuyến học; " * 45  # about 1,300 characters


def build_register(copies: int, prefix: str) -> Any:
    """Bulk-insert a register of `copies` copies (three per title) and return it."""
    from libnet.catalog.models import AccessionRegister, BibRecord, Item, ItemSource, ItemStatus
    from libnet.core import bulk, clock, text
    from libnet.network.models import Library, LibraryKind

    now = clock.now()
    library, _created = Library.objects.get_or_create(
        code="SL-TVT", defaults={"name": "Thư viện tỉnh Sông Lam", "kind": LibraryKind.PROVINCIAL}
    )
    register = AccessionRegister.objects.create(
        library=library, prefix=prefix, name=f"Sách tiếng Việt ({copies} bản)", digits=6
    )
    titles = (copies + 2) // 3
    bibs = []
    for n in range(titles):
        words = [WORDS[(n * 7 + k * 13) % len(WORDS)] for k in range(3 + n % 6)]
        title = " ".join(words).capitalize()
        author = AUTHORS[n % len(AUTHORS)]
        bibs.append(
            BibRecord(
                marc_json={
                    "leader": "00000nam a2200000 a 4500",
                    "fields": [
                        {"001": f"{prefix}{n:07d}"},
                        {"100": {"ind1": "1", "ind2": " ", "subfields": [{"a": author}]}},
                        {"245": {"ind1": "1", "ind2": "0", "subfields": [{"a": title}]}},
                        {"520": {"ind1": " ", "ind2": " ", "subfields": [{"a": title * 8}]}},
                    ],
                },
                title=title,
                title_sort_key=text.sort_key_hex(title),
                authors=author,
                publisher=PUBLISHERS[n % len(PUBLISHERS)],
                publication_place="Hà Nội",
                year=1990 + n % 35,
                created_at=now,
                updated_at=now,
            )
        )
    bulk.insert_rows(bibs, with_ids=True)
    items = [
        Item(
            bib_id=bibs[n // 3].pk,
            barcode=f"{prefix}{n:09d}",
            register=register,
            accession_number=f"{prefix}.{n + 1:06d}",
            accession_sequence=n + 1,
            home_library=library,
            current_library=library,
            call_number="895.9223 NGU",
            status=ItemStatus.AVAILABLE,
            source=ItemSource.PURCHASE if n % 3 else ItemSource.DONATION,
            price_vnd=25_000 + (n % 40) * 1_000,
            acquired_on=dt.date(2000 + n % 25, 1 + n % 12, 1 + n % 28),
            notes=LONG_NOTE if n % 50 == 0 else "",
            created_at=now,
            updated_at=now,
        )
        for n in range(copies)
    ]
    bulk.insert_rows(items)
    return register


def measure(label: str, work: Callable[[], bytes], say: Callable[[str], None]) -> bytes:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    if TRACE_MEMORY:
        tracemalloc.start()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        content = work()
    elapsed = time.perf_counter() - started
    peak = 0
    if TRACE_MEMORY:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    say(
        f"  {label:<34} {elapsed:7.2f} s  {len(content) / 1e6:7.2f} MB  "
        f"{len(queries):3d} statements"
        + (f"  peak +{peak / 1e6:6.1f} MB" if TRACE_MEMORY else "")
        + pages(content)
    )
    return content


def pages(content: bytes) -> str:
    if not content.startswith(b"%PDF"):
        return ""
    try:
        info = subprocess.run(
            ["pdfinfo", "-"], input=content, capture_output=True, check=True
        ).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return ""
    count = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages")), "?")
    return f"  {count} pages"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[3163, 100_000])
    parser.add_argument(
        "--memory", action="store_true", help="measure peak memory (tracemalloc; slow)"
    )
    args = parser.parse_args(argv)
    global TRACE_MEMORY
    TRACE_MEMORY = args.memory
    if "DATABASE_URL" not in os.environ:
        scratch = tempfile.mkdtemp(prefix="libnet-bench-register-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
        os.environ.setdefault("LIBNET_VAR", scratch)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libnet.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from libnet.core import jobs
    from libnet.network.models import Membership, Role

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    def say(line: str) -> None:
        print(line, flush=True)

    say(f"== register export benchmark on {connection.vendor} ==")
    call_command("migrate", verbosity=0)
    lan = get_user_model().objects.create(username="lan", first_name="Lan", last_name="Trần Thị")
    client = Client()
    client.force_login(lan)
    direct_max = settings.LIBNET_REGISTER_PDF_DIRECT_MAX
    for index, size in enumerate(args.sizes):
        started = time.perf_counter()
        register = build_register(size, prefix=f"B{index}")
        Membership.objects.get_or_create(user=lan, library=register.library, role=Role.CATALOGUER)
        say(f"{size:,} copies (built in {time.perf_counter() - started:.0f} s):")
        # The first request of a process imports the URL configuration and the API schemas.
        client.get(reverse("staff:register", args=[register.pk]))

        def excel(register: Any = register) -> bytes:
            response = client.get(reverse("staff:register_xlsx", args=[register.pk]))
            return b"".join(response.streaming_content)

        def pdf_direct(register: Any = register) -> bytes:
            return client.get(reverse("staff:register_pdf", args=[register.pk])).content

        def pdf_background(register: Any = register) -> bytes:
            response = client.post(reverse("staff:register_pdf_job", args=[register.pk]))
            job_id = int(response["Location"].rstrip("/").split("/")[-1])
            jobs.run_pending()  # what `libnet worker` does
            download = client.get(reverse("staff:document_download", args=[job_id]))
            return b"".join(download.streaming_content)

        measure("Excel (streamed)", excel, say)
        if size <= direct_max:
            measure("PDF (in the request)", pdf_direct, say)
        else:
            page = client.get(reverse("staff:register_pdf", args=[register.pk]))
            say(f"  PDF page offers a background document: {page.status_code}")
            measure("PDF (libnet worker)", pdf_background, say)
    return 0


if __name__ == "__main__":
    sys.exit(main())
