"""Benchmark: province reports over a network of 500 libraries, 10M loans and 3M visits.

Builds a separate SQLite database (never the demo's) with a province of `--libraries`
libraries (a provincial library, 24 branches, communes under them), `--patrons` readers, and
two years (2025–2026) of transactions written with plain-SQL executemany in big
transactions: `--loans` closed loans (each reader borrows at their own library on random
days) and visit counts adding up to `--visits`. The daily figures and the active-reader
months are written as the services' bumps would leave them. Then it times:

- the monthly (2026-10) and yearly (2026) province report with roll-up (`libnet report
  --rollup`, the API), the official report page of the province (own figures plus accepted
  children), and the dashboard's network tree;
- the roll-up split by administrative unit (`?by=admin_unit`), before and after the 2025
  reform;
- `rebuild_stats` over all of it;
- what the statistics add to a checkout (`stats.bump` + the active-reader upsert), against
  a full checkout through the service.

    .venv/bin/python bench/planning.py [--loans 1000000] [--visits 300000] [--db FILE]

Without --db a temporary file is used and deleted. The full size takes minutes.
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
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

BRANCHES = 24
CHUNK = 500_000


def timed(label: str, function: Callable[[], Any], repeat: int = 5) -> float:
    """Run `function` `repeat` times; print and return the median in seconds."""
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        function()
        times.append(time.perf_counter() - begin)
    median = statistics.median(times)
    print(f"  {label:<58} {median * 1000:9.1f} ms (min {min(times) * 1000:.1f})")
    return median


def build(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection, transaction

    from libnet.catalog.models import BibRecord, Item
    from libnet.core import bulk, clock, text
    from libnet.network.models import Library, LibraryKind
    from libnet.patrons.models import Patron, PatronCategory
    from tests.factories import make_marc

    rng = random.Random(2026)
    now = clock.now()
    print(f"Building {args.libraries} libraries, {args.patrons:,} readers …")
    with transaction.atomic():
        root = Library.objects.create(
            code="BX-TVT", name="Thư viện tỉnh", kind=LibraryKind.PROVINCIAL
        )
        branches = [
            Library.objects.create(
                code=f"BX-B{n:02d}", name=f"Phân viện {n}", kind=LibraryKind.BRANCH, parent=root
            )
            for n in range(BRANCHES)
        ]
        communes = [
            Library(
                code=f"BX-X{n:03d}",
                name=f"Thư viện xã {n}",
                kind=LibraryKind.COMMUNE,
                parent=branches[n % BRANCHES],
                sort_key=text.sort_key_hex(f"xa {n:03d}"),
            )
            for n in range(args.libraries - 1 - BRANCHES)
        ]
        Library.objects.bulk_create(communes)
        library_ids = list(Library.objects.values_list("pk", flat=True))
        adult = PatronCategory.objects.get(code="adult")
        patrons = [
            Patron(
                home_library_id=library_ids[n % len(library_ids)],
                card_number=f"BX{n:08d}",
                full_name=f"Bạn đọc {n}",
                name_folded=f"ban doc {n}",
                name_sort_key=text.sort_key_hex(f"ban doc {n}"),
                category=adult,
                card_issued_on=dt.date(2025, 1, 1),
                card_valid_until=dt.date(2099, 12, 31),
                created_at=now,
                updated_at=now,
            )
            for n in range(args.patrons)
        ]
        for start in range(0, len(patrons), 50_000):
            bulk.insert_rows(patrons[start : start + 50_000], with_ids=True)
        from libnet.catalog import marc

        record = make_marc(title="Sách thử")
        bib = BibRecord(
            marc_json=marc.record_to_json(record),
            created_at=now,
            updated_at=now,
            **marc.extract(record).as_columns(),
        )
        bib.save()
        items = [
            Item(
                bib=bib,
                barcode=f"BX{n:07d}",
                home_library_id=library_ids[n % len(library_ids)],
                current_library_id=library_ids[n % len(library_ids)],
                created_at=now,
                updated_at=now,
            )
            for n in range(2_000)
        ]
        bulk.insert_rows(items, with_ids=True)
    item_ids = [item.pk for item in items]
    patron_home = [(patron.pk, patron.home_library_id) for patron in patrons]
    months = [(year, month) for year in (2025, 2026) for month in range(1, 13)]
    per_month = args.loans / (len(patron_home) * len(months))
    daily: dict[tuple[int, dt.date], int] = defaultdict(int)
    loan_sql = (
        "INSERT INTO circulation_loan (item_id, patron_id, library_id, status, loaned_at, due_on, "
        "renewals, closed_at, returned_at_library_id, fine_vnd, lent_by_id) "
        "VALUES (%s, %s, %s, 'returned', %s, %s, 0, %s, %s, 0, NULL)"
    )
    active_sql = (
        "INSERT INTO stats_activepatronmonth (library_id, patron_id, month) VALUES (%s, %s, %s)"
    )
    begin = time.perf_counter()
    written = 0
    rows: list[tuple[Any, ...]] = []
    active_rows: list[tuple[int, int, dt.date]] = []

    def flush() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(loan_sql, rows)
            cursor.executemany(active_sql, active_rows)
        rows.clear()
        active_rows.clear()

    print(f"Writing {args.loans:,} loans …")
    for year, month in months:
        days = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
        for patron_id, library_id in patron_home:
            count = int(per_month) + (rng.random() < per_month - int(per_month))
            if not count or written >= args.loans:
                continue
            active_rows.append((library_id, patron_id, dt.date(year, month, 1)))
            for _ in range(count):
                day = dt.date(year, month, rng.randint(1, days))
                at = dt.datetime.combine(day, dt.time(rng.randint(1, 10)), tzinfo=dt.UTC)
                rows.append(
                    (
                        rng.choice(item_ids),
                        patron_id,
                        library_id,
                        at,
                        day + dt.timedelta(days=14),
                        at + dt.timedelta(days=7),
                        library_id,
                    )
                )
                daily[(library_id, clock.local_date(at))] += 1
                written += 1
            if len(rows) >= CHUNK:
                flush()
    flush()
    loan_seconds = time.perf_counter() - begin
    print(f"  {written:,} loans in {loan_seconds:.0f} s")
    visits: list[tuple[int, dt.date, int]] = []
    days_total = (dt.date(2026, 12, 31) - dt.date(2025, 1, 1)).days + 1
    per_day = args.visits / (len(library_ids) * days_total)
    for library_id in library_ids:
        for offset in range(days_total):
            count = max(0, round(per_day * rng.uniform(0, 2)))
            if count:
                visits.append((library_id, dt.date(2025, 1, 1) + dt.timedelta(days=offset), count))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO circulation_visitcount (library_id, day, source, count, updated_at) "
            "VALUES (%s, %s, 'manual', %s, %s)",
            [(library_id, day, count, now) for library_id, day, count in visits],
        )
        stat_rows = [
            (library_id, "loans", day, value) for (library_id, day), value in daily.items()
        ]
        stat_rows += [(library_id, "visits", day, count) for library_id, day, count in visits]
        cursor.executemany(
            "INSERT INTO stats_dailystat (library_id, indicator, day, value) VALUES (%s, %s, %s, %s)",
            stat_rows,
        )
    print(f"  {sum(count for _l, _d, count in visits):,} visits in {len(visits):,} daily rows")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"root": root, "patron": patrons[0], "items": items, "loan_seconds": loan_seconds}


def place_in_units() -> None:
    """Give the libraries administrative units as the 2025 reform left them: 24 districts
    with 4 communes each until 1/7/2025, merged two by two into 48 communes after; every
    library recorded in a new commune (the grouped roll-up walks back for 2025-Q2)."""
    from libnet.network.models import AdminUnit, AdminUnitLevel, Library

    if AdminUnit.objects.filter(code="BX").exists():
        return
    start, reform = dt.date(2004, 1, 1), dt.date(2025, 7, 1)
    province = AdminUnit.objects.create(
        code="BX", name="Tỉnh BX", level=AdminUnitLevel.PROVINCE, valid_from=start
    )
    new = [
        AdminUnit.objects.create(
            code=f"BX-N{n:02d}",
            name=f"Xã mới {n}",
            level=AdminUnitLevel.COMMUNE,
            parent=province,
            valid_from=reform,
        )
        for n in range(48)
    ]
    for d in range(24):
        district = AdminUnit.objects.create(
            code=f"BX-D{d:02d}",
            name=f"Huyện {d}",
            level=AdminUnitLevel.DISTRICT,
            parent=province,
            valid_from=start,
            valid_to=reform,
        )
        for c in range(4):
            AdminUnit.objects.create(
                code=f"BX-N{2 * d + c // 2:02d}" if c % 2 == 0 else f"BX-O{d:02d}{c}",
                name=f"Xã cũ {d}.{c}",
                level=AdminUnitLevel.COMMUNE,
                parent=district,
                valid_from=start,
                valid_to=reform,
                successor=new[2 * d + c // 2],
            )
    libraries = list(Library.objects.order_by("pk"))
    for n, library in enumerate(libraries):
        library.admin_unit = new[n % len(new)]
    Library.objects.bulk_update(libraries, ["admin_unit"], batch_size=1000)


def measure(built: dict[str, Any], args: argparse.Namespace) -> None:
    from django.db import connection, transaction

    from libnet.network.models import Library
    from libnet.planning import selectors, services
    from libnet.planning.periods import parse
    from libnet.stats import rebuild
    from libnet.stats import services as stats
    from libnet.stats.models import ActivePatronMonth, DailyStat

    root = built["root"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM circulation_loan")
        loans = cursor.fetchone()[0]
    print(
        f"\nDatabase: {loans:,} loans, {DailyStat.objects.count():,} daily figures, "
        f"{ActivePatronMonth.objects.count():,} active-reader months"
    )
    services.set_targets(
        library=root,
        year=2026,
        targets={"loans": 5_000_000, "visits": 1_500_000},
        by=None,
        approve=True,
    )
    month, year = parse("2026-10"), parse("2026")
    print("\nProvince reports (median of 5):")
    timed(
        "monthly 2026-10, roll-up of all libraries (CLI / API)",
        lambda: selectors.figures_object(root, month, rollup=True),
    )
    timed(
        "yearly 2026, roll-up of all libraries (CLI / API)",
        lambda: selectors.figures_object(root, year, rollup=True),
    )
    timed(
        "monthly report page of the province (own + children)",
        lambda: selectors.report_sheet(root, month),
    )
    timed("yearly report page of the province", lambda: selectors.report_sheet(root, year))
    place_in_units()
    before = parse("2025-Q2")
    timed(
        "2025-Q2 roll-up by administrative unit (24 old districts)",
        lambda: selectors.figures_by_admin_unit(root, before),
    )
    timed(
        "yearly 2026 roll-up by administrative unit (48 communes)",
        lambda: selectors.figures_by_admin_unit(root, year),
    )
    timed(
        "yearly 2026 roll-up, JSON with by=admin_unit (API / CLI)",
        lambda: selectors.figures_object(root, year, rollup=True, by="admin_unit"),
    )
    timed(
        "dashboard: network tree against targets, 2026",
        lambda: selectors.network_progress(
            [root.pk],
            2026,
            "loans",
            dt.date(2026, 11, 30),
            visible=set(Library.objects.values_list("pk", flat=True)),
        ),
        repeat=3,
    )
    figures = selectors.figures_object(root, year, rollup=True)["indicators"]
    print(
        f"  2026: loans {figures['loans']['value']:,}, visits {figures['visits']['value']:,}, "
        f"active readers {figures['active_patrons']['value']:,}"
    )

    print("\nWhat a checkout pays for the statistics (median of 2,000, in a transaction each):")
    patron_id = built["patron"].pk
    library_id = built["patron"].home_library_id
    samples_bump, samples_active = [], []
    for n in range(2_000):
        day = dt.date(2026, 12, 1) + dt.timedelta(days=n % 28)
        with transaction.atomic():
            begin = time.perf_counter()
            stats.bump(library_id=library_id, indicator="loans", day=day)
            middle = time.perf_counter()
            stats.note_active_patron(library_id=library_id, patron_id=patron_id + n % 500, day=day)
            samples_active.append(time.perf_counter() - middle)
            samples_bump.append(middle - begin)
    print(f"  stats.bump (daily loans)            {statistics.median(samples_bump) * 1e6:8.1f} µs")
    print(
        f"  note_active_patron (reader × month) {statistics.median(samples_active) * 1e6:8.1f} µs"
    )
    print("  (compare with the checkout p50 of bench/circulation.py)")

    print("\nrebuild_stats over all of it:")
    begin = time.perf_counter()
    result = rebuild.rebuild_daily_stats()
    print(
        f"  {time.perf_counter() - begin:.1f} s: {result.rows:,} daily figures, "
        f"{result.active_patron_rows:,} active-reader months"
    )
    for name, seconds in result.seconds_by_source.items():
        print(f"    {name:<52} {seconds:6.1f} s")
    after = selectors.figures_object(root, year, rollup=True)["indicators"]["loans"]["value"]
    print(f"  loans 2026 after the rebuild: {after:,} (before: {figures['loans']['value']:,})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--libraries", type=int, default=500)
    parser.add_argument("--loans", type=int, default=10_000_000)
    parser.add_argument("--visits", type=int, default=3_000_000)
    parser.add_argument("--patrons", type=int, default=100_000)
    parser.add_argument("--db", help="SQLite file to build (must not exist)")
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="with --db, measure a database an earlier run built (--db FILE kept it)",
    )
    args = parser.parse_args(argv)
    scratch = None
    if args.db:
        path = Path(args.db)
        if path.exists() and not args.measure_only:
            parser.error(f"{path} exists; the benchmark builds a new database")
        if args.measure_only and not path.exists():
            parser.error(f"{path} does not exist")
    else:
        scratch = tempfile.TemporaryDirectory(prefix="libnet-bench-planning-")
        path = Path(scratch.name) / "planning.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libnet.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    if args.measure_only:
        from libnet.network.models import Library
        from libnet.patrons.models import Patron

        root = Library.objects.get(code="BX-TVT")
        built = {"root": root, "patron": Patron.objects.order_by("pk").first()}
    else:
        call_command("migrate", verbosity=0)
        built = build(args)
        print(f"Built in {time.perf_counter() - started:.0f} s")
    measure(built, args)
    print(f"\nTotal {time.perf_counter() - started:.0f} s")
    if scratch is not None:
        scratch.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
