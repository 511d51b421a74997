"""Benchmark: an OAI-PMH harvest of the whole catalogue in marc21, through HTTP.

Builds a catalogue of N synthetic records (default 1,000,000) on top of the small demo
province: MARC records of the shape a Vietnamese provincial library catalogues (001, 003,
005, 008, 020, 040, 041, 082, 100, 245, 260, 300, 490, 500, two 650s, 700), 0-3 copies each
over the demo's libraries (one record in ten without copies, one copy in twenty withdrawn),
datestamps spread over five years. Records and copies are written with plain INSERTs, then
`interop.oai.stamps.rebuild` writes their OAI-PMH entries (as after a restore).

Then, in the same run:

- the server: gunicorn (one sync worker, as a province runs it, `deploy/`) serving this
  database; a harvester in this process asks `ListRecords` in `marc21` and follows the
  resumption tokens to the end, reading each answer as it streams in; records/s, and the
  server worker's resident memory sampled through the harvest (peak and at each tenth);
- bare pymarc: the same records (their stored MARC and the 852 of each copy held) built as
  pymarc records and written with `pymarc.record_to_xml`, without the database reads;
  records/s.

    .venv/bin/python bench/oai.py [--records N] [--page-size N]

Without DATABASE_URL a temporary SQLite file is used. The database must be new.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
CHUNK = 5_000
_TOKEN = re.compile(rb"<resumptionToken[^>]*>([^<]*)</resumptionToken>")

WORDS = [
    "lịch",
    "sử",
    "văn",
    "hóa",
    "địa",
    "chí",
    "tỉnh",
    "Sông",
    "Lam",
    "làng",
    "nghề",
    "truyền",
    "thống",
    "ca",
    "dao",
    "tục",
    "ngữ",
    "dân",
    "ca",
    "kỹ",
    "thuật",
    "trồng",
    "lúa",
    "nuôi",
    "cá",
    "nước",
    "ngọt",
    "chăn",
    "nuôi",
    "gia",
    "cầm",
    "truyện",
    "cổ",
    "tích",
    "thiếu",
    "nhi",
    "thơ",
    "tiểu",
    "thuyết",
    "giáo",
    "dục",
    "kỹ",
    "năng",
    "sống",
    "pháp",
    "luật",
    "y",
    "học",
    "phổ",
    "thông",
    "đình",
    "chùa",
    "lễ",
    "hội",
]
AUTHORS = (
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Quang Đức",
    "Phạm Thu Hằng",
    "Hoàng Minh Tuấn",
    "Đỗ Thị Lan",
    "Vũ Đức Thắng",
    "Ngô Thanh Hương",
)
SUBJECTS = (
    "Lịch sử",
    "Văn hóa dân gian",
    "Nông nghiệp",
    "Văn học Việt Nam",
    "Giáo dục",
    "Pháp luật",
    "Y học",
)
PUBLISHERS = (
    ("Hà Nội", "Nxb. Kim Đồng"),
    ("Hà Nội", "Nxb. Văn học"),
    ("Hà Nội", "Nxb. Nông nghiệp"),
    ("TP. Hồ Chí Minh", "Nxb. Trẻ"),
    ("Nghệ An", "Nxb. Nghệ An"),
)


def _subfields(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{code: value} for code, value in pairs if value]


def marc_json(number: int, rng: random.Random) -> tuple[dict[str, object], dict[str, object]]:
    """A synthetic record's MARC-in-JSON and its extracted columns."""
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7))).capitalize()
    author = rng.choice(AUTHORS)
    editor = rng.choice(AUTHORS)
    place, publisher = rng.choice(PUBLISHERS)
    year = rng.randint(1975, 2025)
    subjects = rng.sample(SUBJECTS, 2)
    isbn = f"978604{number:07d}"
    class_number = f"{rng.randint(0, 999):03d}.{rng.randint(1, 99)}"

    def data(tag: str, ind1: str, ind2: str, *pairs: tuple[str, str]) -> dict[str, object]:
        return {tag: {"ind1": ind1, "ind2": ind2, "subfields": _subfields(*pairs)}}

    fields: list[dict[str, object]] = [
        {"001": f"BENCH{number:08d}"},
        {"003": "VN-SLTVT"},
        {"005": "20260101120000.0"},
        {"008": f"260101s{year}    vm a          000 0 vie d"},
        data("020", " ", " ", ("a", isbn), ("c", f"{rng.randint(20, 200)}000đ")),
        data("040", " ", " ", ("a", "VN-SLTVT"), ("b", "vie"), ("c", "VN-SLTVT")),
        data("041", "0", " ", ("a", "vie")),
        data("082", "0", "4", ("a", class_number), ("2", "23")),
        data("100", "1", " ", ("a", author)),
        data("245", "1", "0", ("a", title), ("c", author)),
        data("260", " ", " ", ("a", place), ("b", publisher), ("c", str(year))),
        data("300", " ", " ", ("a", f"{rng.randint(50, 600)} tr."), ("c", "21 cm")),
        data("490", "0", " ", ("a", "Tủ sách địa chí")),
        data("500", " ", " ", ("a", "Đầu trang tên sách ghi: " + publisher)),
        *(data("650", " ", "7", ("a", subject), ("2", "Bộ TĐCĐ")) for subject in subjects),
        data("700", "1", " ", ("a", editor), ("e", "biên soạn")),
    ]
    columns = {
        "title": title,
        "authors": f"{author}\n{editor}",
        "responsibility": author,
        "publisher": publisher,
        "publication_place": place,
        "year": year,
        "isbns": isbn,
        "class_number": class_number,
        "subjects": "\n".join(subjects),
        "series": "Tủ sách địa chí",
    }
    return {"leader": "00000nam a2200000 a 4500", "fields": fields}, columns


def build_catalogue(count: int, say: Callable[[str], None]) -> int:
    """Write `count` records and their copies; return the copies written."""
    from django.db import transaction

    from libnet.catalog.models import BibRecord, Item, ItemStatus
    from libnet.core import bulk, clock, text
    from libnet.network.models import Library

    libraries = list(Library.objects.filter(runs_libnet=True).values_list("pk", flat=True))
    rng = random.Random(2026)
    now = clock.now()
    five_years = 5 * 365 * 86400
    barcode = 0
    started = time.perf_counter()
    for start in range(0, count, CHUNK):
        records: list[BibRecord] = []
        for number in range(start, min(start + CHUNK, count)):
            marc, columns = marc_json(number, rng)
            changed = now - dt.timedelta(seconds=rng.randint(0, five_years))
            records.append(
                BibRecord(
                    marc_json=marc,
                    title_sort_key=text.sort_key_hex(str(columns["title"])),
                    language="vie",
                    class_scheme="ddc",
                    material_type="text",
                    control_number=f"BENCH{number:08d}",
                    control_number_source="VN-SLTVT",
                    created_at=changed,
                    updated_at=changed,
                    **columns,
                )
            )
        with transaction.atomic():
            bulk.insert_rows(records, with_ids=True)
            items: list[Item] = []
            for record in records:
                copies = 0 if rng.random() < 0.1 else rng.randint(1, 3)
                for library_id in rng.sample(libraries, min(copies, len(libraries))):
                    barcode += 1
                    items.append(
                        Item(
                            bib_id=record.pk,
                            barcode=f"BN{barcode:010d}",
                            home_library_id=library_id,
                            current_library_id=library_id,
                            call_number=f"{record.class_number} {record.title[:2].upper()}",
                            accession_number=f"VV{barcode:07d}",
                            status=ItemStatus.WITHDRAWN
                            if rng.random() < 0.05
                            else ItemStatus.AVAILABLE,
                            acquired_on=dt.date(record.year or 2000, 1, 1),
                            created_at=record.created_at,
                            updated_at=record.updated_at,
                        )
                    )
            bulk.insert_rows(items)
        if sys.stderr.isatty():
            done = min(start + CHUNK, count)
            rate = done / (time.perf_counter() - started)
            sys.stderr.write(f"\r  catalogue: {done:,}/{count:,} records ({rate:,.0f}/s)")
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    return barcode


def bare_pymarc(say: Callable[[str], None]) -> tuple[int, float]:
    """Every record and its held copies as pymarc records written by pymarc.record_to_xml;
    returns (records, seconds spent in pymarc), database reads not counted."""
    import pymarc

    from libnet.catalog.marc import record_from_json
    from libnet.catalog.models import BibRecord, Item, ItemStatus

    last = 0
    written = 0
    seconds = 0.0
    size = 0
    while True:
        rows = list(
            BibRecord.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "marc_json")[:CHUNK]
        )
        if not rows:
            break
        last = rows[-1][0]
        copies: dict[int, list[tuple[str, str, str, str]]] = {}
        for bib_id, code, call_number, accession, barcode in (
            Item.objects.filter(bib_id__gte=rows[0][0], bib_id__lte=last)
            .exclude(status__in=[ItemStatus.WITHDRAWN, ItemStatus.LOST])
            .order_by("bib_id", "pk")
            .values_list(
                "bib_id", "home_library__code", "call_number", "accession_number", "barcode"
            )
        ):
            copies.setdefault(bib_id, []).append((code, call_number, accession, barcode))
        started = time.perf_counter()
        for pk, stored in rows:
            record = record_from_json(stored)
            for code, call_number, accession, barcode in copies.get(pk, []):
                record.add_ordered_field(
                    pymarc.Field(
                        tag="852",
                        indicators=pymarc.Indicators(" ", " "),
                        subfields=[
                            pymarc.Subfield("a", code),
                            pymarc.Subfield("h", call_number),
                            pymarc.Subfield("j", accession),
                            pymarc.Subfield("p", barcode),
                        ],
                    )
                )
            size += len(pymarc.record_to_xml(record, namespace=True))  # type: ignore[no-untyped-call]  # pymarc is untyped
            written += 1
        seconds += time.perf_counter() - started
    say(f"  bare pymarc: {size / 2**20:,.0f} MB of MARCXML")
    return written, seconds


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _status_bytes(pid: int, name: str) -> int:
    """A memory line of /proc/<pid>/status (VmRSS, RssAnon), in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1]) * 1024
    return 0


def _workers(master: int) -> list[int]:
    """gunicorn's worker processes (the children of its master)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(child) for child in children] or [master]


class MemoryWatch(threading.Thread):
    """Samples the resident memory of the server's workers every 0.2 s: VmRSS, and RssAnon,
    the part that is the worker's own (heap), without the pages of the database file SQLite
    maps (PRAGMA mmap_size), which the kernel may drop."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master = master
        self.peak = self.last = self.peak_anonymous = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                workers = _workers(self.master)
                self.last = max(_status_bytes(pid, "VmRSS") for pid in workers)
                self.peak = max(self.peak, self.last)
                anonymous = max(_status_bytes(pid, "RssAnon") for pid in workers)
                self.peak_anonymous = max(self.peak_anonymous, anonymous)
            except OSError:  # a worker that has just exited
                pass
            self.stopped.wait(0.2)


def start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "libnet.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "600",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    for _attempt in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/oai?verb=Identify", timeout=5).read()
            return server
        except OSError:
            time.sleep(0.25)
    server.terminate()
    raise SystemExit("the server did not start")


def harvest(
    base_url: str, expected: int, watch: MemoryWatch, say: Callable[[str], None]
) -> tuple[int, int, float]:
    """ListRecords marc21 to the end; returns (records, deleted, seconds)."""
    arguments = {"verb": "ListRecords", "metadataPrefix": "marc21"}
    records = deleted = requests = 0
    tenth = max(1, expected // 10)
    next_report = tenth
    started = time.perf_counter()
    while True:
        url = f"{base_url}?{urllib.parse.urlencode(arguments)}"
        tail = b""
        with urllib.request.urlopen(url, timeout=600) as response:
            while chunk := response.read(1 << 16):
                # Count as the answer streams in; a tag split across two reads is counted
                # once, in the joined tail.
                joined = tail + chunk
                records += joined.count(b"<record>") - tail.count(b"<record>")
                deleted += joined.count(b'status="deleted"') - tail.count(b'status="deleted"')
                tail = joined[-4096:]
        requests += 1
        if records >= next_report:
            say(
                f"  {records:>10,} records, {requests:,} requests, "
                f"{records / (time.perf_counter() - started):,.0f} records/s, "
                f"server RSS {watch.last / 2**20:,.0f} MB"
            )
            next_report += tenth
        found = _TOKEN.search(tail)
        token = found.group(1).decode() if found else ""
        if not token:
            break
        arguments = {"verb": "ListRecords", "resumptionToken": token}
    return records, deleted, time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--page-size", type=int, default=200)
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        scratch = tempfile.mkdtemp(prefix="libnet-bench-oai-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
        os.environ.setdefault("LIBNET_VAR", f"{scratch}/var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libnet.settings")
    # DEBUG keeps every query's SQL; the catalogue's INSERTs alone would be gigabytes.
    os.environ["DEBUG"] = "0"
    os.environ["LIBNET_OAI_PAGE_SIZE"] = str(args.page_size)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from libnet.catalog.models import BibRecord
    from libnet.demo.loader import load_demo
    from libnet.interop.oai import stamps

    def say(line: str) -> None:
        print(line, flush=True)

    say(f"== OAI-PMH benchmark: {args.records:,} records on {connection.vendor} ==")
    call_command("migrate", verbosity=0)
    if BibRecord.objects.exists():
        raise SystemExit("the database must be new")
    started = time.perf_counter()
    load_demo(scale="small", stdout=None)
    say(f"demo province (small) loaded in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    copies = build_catalogue(args.records, say)
    say(
        f"catalogue: {args.records:,} records, {copies:,} copies in {time.perf_counter() - started:.0f} s"
    )
    started = time.perf_counter()
    entries = stamps.rebuild()
    say(f"OAI-PMH entries (stamps.rebuild): {entries:,} in {time.perf_counter() - started:.0f} s")
    total = BibRecord.objects.count()
    connection.close()

    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        "DEBUG": "0",
        "LIBNET_DEPLOYMENT": "local",
    }
    server = start_server(env, port)
    watch = MemoryWatch(server.pid)
    watch.start()
    try:
        time.sleep(1)
        idle = watch.last
        say(
            f"harvest: gunicorn, 1 sync worker, page size {args.page_size}; "
            f"worker RSS at start {idle / 2**20:,.0f} MB"
        )
        harvested, deleted, seconds = harvest(f"http://127.0.0.1:{port}/oai", total, watch, say)
    finally:
        watch.stopped.set()
        watch.join()
        server.terminate()
        server.wait(timeout=30)
    http_rate = harvested / seconds
    say(
        f"  ListRecords marc21 over HTTP: {harvested:,} records ({deleted:,} deleted) in "
        f"{seconds:,.0f} s: {http_rate:,.0f} records/s; server worker peak RSS "
        f"{watch.peak / 2**20:,.0f} MB (of which its own, RssAnon: "
        f"{watch.peak_anonymous / 2**20:,.0f} MB)"
    )
    if harvested != total:
        say(f"  MISMATCH: the catalogue holds {total:,} records")
    written, bare_seconds = bare_pymarc(say)
    bare_rate = written / bare_seconds
    say(
        f"  bare pymarc (record_from_json + 852s + record_to_xml): {written:,} records in "
        f"{bare_seconds:,.0f} s: {bare_rate:,.0f} records/s"
    )
    say(f"  HTTP harvest / bare pymarc: {http_rate / bare_rate:.2f}x")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Mostly the database file SQLite maps while the catalogue is written and read back.
    say(f"benchmark process (catalogue writer, harvester, bare pymarc) peak RSS {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
