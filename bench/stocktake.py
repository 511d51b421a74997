"""Benchmark: a stocktake of a large library, through the real services.

Builds one library of 100,000 copies (bulk-inserted) on ten shelf locations, 2 % of them on
loan. Opens a stocktake of the whole library (the snapshot of the copies in scope), then:

- reads a handheld scanner's file of 100,000 lines (most copies once, some twice, a few
  barcodes of no copy, a timestamp on each line) and records it (`scanfile.read` +
  `services.record_scans`: normalised, de-duplicated, matched a chunk per query, inserted);
- beside it, in the same run, the bare SQL a database needs for the same work: the same
  barcodes loaded into a temporary table and joined against the copy table (the floor);
- scans 500 more copies one at a time as the desk does (`services.record_scan`: two small
  reads and an insert), p50/p95;
- closes the stocktake (`services.close_stocktake`: every copy's outcome from the snapshot,
  the scans, circulation's loans and rotation's claims; counts stored).

    .venv/bin/python bench/stocktake.py [--copies 100000]
    scripts/test-postgres.sh .venv/bin/python bench/stocktake.py

Without DATABASE_URL a temporary SQLite file is used. The database must be new.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from typing import Any

SHELVES = 10
DESK_SCANS = 500


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def build_library(copies: int) -> dict[str, Any]:
    """Bulk-insert one library, its shelves, titles and copies; return handles."""
    from django.contrib.auth import get_user_model

    from libnet.catalog.models import BibRecord, Item, ItemStatus, ShelfLocation
    from libnet.core import bulk, clock
    from libnet.network.models import Library, LibraryKind, Membership, Role

    now = clock.now()
    library = Library.objects.create(
        code="BENCH-TVT", name="Thư viện tỉnh thử", kind=LibraryKind.PROVINCIAL, sort_key="00"
    )
    shelves = ShelfLocation.objects.bulk_create(
        ShelfLocation(library=library, code=f"K{number}", name=f"Kho {number}")
        for number in range(SHELVES)
    )
    clerk = get_user_model().objects.create_user("bench-clerk", password="bench")
    Membership.objects.create(user=clerk, library=library, role=Role.CATALOGUER)
    titles = max(1, copies // 3)
    bibs = [
        BibRecord(
            marc_json={"leader": " " * 24, "fields": []},
            title=f"Sách thử {number}",
            created_at=now,
            updated_at=now,
        )
        for number in range(titles)
    ]
    bulk.insert_rows(bibs, with_ids=True)
    items = [
        Item(
            bib_id=bibs[number % titles].pk,
            barcode=f"KK{number:08d}",
            accession_number=f"VV.{number:07d}",
            home_library=library,
            current_library=library,
            shelf_location=shelves[number % SHELVES],
            call_number=f"{number % 900 + 100}.{number % 97} S100T",
            status=ItemStatus.ON_LOAN if number % 50 == 0 else ItemStatus.AVAILABLE,
            created_at=now,
            updated_at=now,
        )
        for number in range(copies)
    ]
    bulk.insert_rows(items, with_ids=True)
    return {"library": library, "clerk": clerk, "shelves": shelves, "copies": copies}


def scanner_file(copies: int, lines: int, rng: random.Random) -> tuple[list[str], list[int]]:
    """The lines of a scanner's file and the copy numbers it leaves unscanned: 97 % of the
    copies, 2 % of the lines repeats, 0.5 % barcodes of no copy, a timestamp on each line."""
    numbers = list(range(copies))
    rng.shuffle(numbers)
    scanned = numbers[: int(copies * 0.97)]
    left = numbers[int(copies * 0.97) :]
    barcodes = [f"KK{number:08d}" for number in scanned]
    barcodes += [f"KK{rng.choice(scanned):08d}" for _ in range(int(lines * 0.02))]
    barcodes += [f"XX{number:08d}" for number in range(int(lines * 0.005))]
    while len(barcodes) < lines:
        barcodes.append(f"KK{rng.choice(scanned):08d}")
    barcodes = barcodes[:lines]
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    return [
        f"{barcode}\t{start + dt.timedelta(seconds=index):%Y-%m-%d %H:%M:%S}\n"
        for index, barcode in enumerate(barcodes)
    ], left


def bare_join(barcodes: list[str]) -> tuple[float, int]:
    """The floor: the barcodes into a temporary table, joined with the copy table; (seconds,
    copies matched)."""
    from django.db import connection

    from libnet.catalog.models import Item

    table = Item._meta.db_table
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_scan (barcode varchar(64))")
        cursor.executemany("INSERT INTO bench_scan (barcode) VALUES (%s)", [(b,) for b in barcodes])
        cursor.execute(
            f"SELECT count(DISTINCT i.id) FROM bench_scan s JOIN {table} i ON i.barcode = s.barcode"
        )
        matched = cursor.fetchone()[0]
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_scan")
    return elapsed, matched


def timed(say: Callable[[str], None], label: str, work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    say(f"{label}: {elapsed:.2f} s")
    return elapsed, result


def run(handles: dict[str, Any], lines: int, say: Callable[[str], None]) -> None:
    from libnet.core import text
    from libnet.stock import scanfile, services
    from libnet.stock.models import StocktakeScan

    library, clerk = handles["library"], handles["clerk"]
    rng = random.Random(20)
    _opening, stocktake = timed(
        say,
        f"open the stocktake (snapshot of {handles['copies']:,} copies)",
        lambda: services.open_stocktake(library=library, reason="periodic", by=clerk),
    )
    content, left = scanner_file(handles["copies"], lines, rng)

    def process() -> Any:
        parsed = scanfile.read(content)
        return services.record_scans(
            stocktake=stocktake, scans=parsed.scans, source="file", by=clerk
        )

    file_time, result = timed(say, f"read and record the scanner file ({lines:,} lines)", process)
    say(
        f"  accepted {result.accepted:,}, unknown {len(result.unknown):,}, "
        f"repeated {result.repeated:,}, scans stored {StocktakeScan.objects.count():,}"
    )
    codes = [text.identifier(line.split("\t", 1)[0]) for line in content]
    join_time, matched = bare_join(codes)
    say(f"bare SQL: the same barcodes into a table, joined with the copies: {join_time:.2f} s")
    say(f"  matched {matched:,} copies")
    desk: list[float] = []
    shelves = handles["shelves"]
    for number in left[: min(DESK_SCANS, len(left) // 2)]:
        started = time.perf_counter()
        services.record_scan(
            stocktake=stocktake,
            barcode=f"KK{number:08d}",
            location=shelves[number % SHELVES],
            by=clerk,
        )
        desk.append((time.perf_counter() - started) * 1000)
    say(
        f"desk scan ({len(desk)} copies, one at a time): p50 {statistics.median(desk):.1f} ms, "
        f"p95 {percentile(desk, 0.95):.1f} ms"
    )
    close_time, counts = timed(
        say,
        "close: every copy's outcome worked out and stored",
        lambda: services.close_stocktake(stocktake=stocktake, by=clerk),
    )
    say(f"  {counts}")
    say(
        f"bare join / file processing: {join_time / file_time:.2f}x; "
        f"bare join / (file + close): {join_time / (file_time + close_time):.2f}x (target >= 0.25x)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=100_000, help="copies in the library")
    parser.add_argument("--lines", type=int, default=100_000, help="lines in the scanner file")
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        scratch = tempfile.mkdtemp(prefix="libnet-bench-stocktake-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libnet.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    def say(line: str) -> None:
        print(line, flush=True)

    say(f"== stocktake benchmark on {connection.vendor} ==")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    handles = build_library(args.copies)
    say(f"library of {args.copies:,} copies built in {time.perf_counter() - started:.0f} s")
    run(handles, args.lines, say)
    return 0


if __name__ == "__main__":
    sys.exit(main())
