"""Benchmark: lending and returning through the service layer, beside bare SQL.

Builds the demo province (`load_demo`, about 17,600 copies of 2,150 titles in 49 libraries)
and 2,000 synthetic readers spread over its libraries, then runs checkout + checkin pairs
through `circulation.services` (the copy locked, the rules found, the card checked, the loan
written, the copy's status changed through the catalogue with its search document, the
audit entries and the daily figures), each at the reader's own library on a copy on its
shelf. In the same run, on the same database, it times the bare minimum a loan needs: one
transaction that reads the copy by barcode, inserts a loan row and updates the copy's row,
and one that reads it, closes its loan and puts the copy back. It prints p50/p95 per
operation, operations per second and the ratio, the statements checkouts and checkins take
(over 100 pairs), and how much of the time the search index takes.

With `--desks 1,2,4` the service pairs also run from that many processes at once (one desk
each, at different libraries), as several desks of the network would; PostgreSQL is where
that means something (SQLite queues its writers).

    .venv/bin/python bench/circulation.py [--pairs N] [--desks 1] [--profile]
    scripts/test-postgres.sh .venv/bin/python bench/circulation.py --desks 1,2,4

Without DATABASE_URL a temporary SQLite file is used. The database must be new.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import multiprocessing
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from typing import Any

READERS = 2_000


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def build_readers(count: int) -> None:
    """Write `count` adult readers, spread over the libraries that run libnet."""
    from libnet.core import bulk, clock, text
    from libnet.network.models import Library
    from libnet.patrons.models import Patron, PatronCategory, PatronLibrary

    libraries = list(Library.objects.filter(runs_libnet=True).values_list("pk", flat=True))
    adult = PatronCategory.objects.get(code="adult")
    now = clock.now()
    patrons = []
    for number in range(count):
        name = f"Bạn đọc thử {number:05d}"
        patrons.append(
            Patron(
                home_library_id=libraries[number % len(libraries)],
                card_number=f"BENCH{number:07d}",
                full_name=name,
                name_folded=text.fold(name),
                name_sort_key=text.sort_key_hex(name),
                category=adult,
                card_issued_on=dt.date(2026, 1, 1),
                card_valid_until=dt.date(2099, 12, 31),
                created_at=now,
                updated_at=now,
            )
        )
    bulk.insert_rows(patrons, with_ids=True)
    PatronLibrary.objects.bulk_create(
        [
            PatronLibrary(patron_id=patron.pk, library_id=patron.home_library_id, first_used_at=now)
            for patron in patrons
        ]
    )


def desk_plans(pairs: int, seed: int) -> list[tuple[int, int, int]]:
    """Return (library id, reader id, copy id) for each pair: a reader lends at home."""
    from libnet.catalog.models import Item, ItemStatus
    from libnet.patrons.models import Patron

    rng = random.Random(seed)
    readers: dict[int, list[int]] = {}
    # The benchmark's own readers: the demo's include blocked cards, which the desk refuses.
    bench_readers = Patron.objects.filter(card_number__startswith="BENCH")
    for patron_id, library_id in bench_readers.values_list("pk", "home_library_id"):
        readers.setdefault(library_id, []).append(patron_id)
    copies: dict[int, list[int]] = {}
    lendable = Item.objects.filter(
        status=ItemStatus.AVAILABLE, item_type="book", shelf_location__is_closed_stack=False
    ).exclude(shelf_location__is_reference=True)
    # A copy returned while its title is on hold would be set aside, not lent again.
    lendable = lendable.exclude(bib__holds__closed_at__isnull=True, bib__holds__isnull=False)
    for item_id, library_id in lendable.values_list("pk", "home_library_id"):
        if library_id in readers:
            copies.setdefault(library_id, []).append(item_id)
    libraries = sorted(copies)
    plans = []
    for _ in range(pairs):
        library_id = rng.choice(libraries)
        plans.append((library_id, rng.choice(readers[library_id]), rng.choice(copies[library_id])))
    return plans


def run_service_pairs(
    plans: Sequence[tuple[int, int, int]],
) -> tuple[list[float], list[float], float]:
    """Lend and return each planned copy; return checkout ms, checkin ms and the wall time."""
    from django.contrib.auth import get_user_model

    from libnet.catalog.models import Item
    from libnet.circulation import services
    from libnet.network.models import Library
    from libnet.patrons.models import Patron

    clerk = get_user_model().objects.get(username="minh")
    libraries = {library.pk: library for library in Library.objects.all()}
    checkouts: list[float] = []
    checkins: list[float] = []
    started = time.perf_counter()
    for library_id, patron_id, item_id in plans:
        desk = libraries[library_id]
        # What the desk has in hand after scanning: the reader and the copy, looked up.
        patron = Patron.objects.get(pk=patron_id)
        item = Item.objects.get(pk=item_id)
        begin = time.perf_counter()
        services.checkout_item(item=item, patron=patron, desk=desk, by=clerk)
        middle = time.perf_counter()
        services.checkin_item(item=item, desk=desk, by=clerk)
        end = time.perf_counter()
        checkouts.append((middle - begin) * 1000)
        checkins.append((end - middle) * 1000)
    return checkouts, checkins, time.perf_counter() - started


def run_bare_pairs(plans: Sequence[tuple[int, int, int]]) -> tuple[list[float], list[float]]:
    """The least a loan needs, in SQL, on the same database and copies as the service pairs.

    Checkout: one transaction that reads the scanned copy by its barcode, inserts the loan and
    updates the copy. Checkin, the mirror: read the copy by its barcode, close its open loan,
    put the copy back. No rules, holds, audit, daily figures or search index: the floor the
    service is compared with.
    """
    from django.db import connection, transaction

    from libnet.catalog.models import Item
    from libnet.circulation.models import Loan

    loan_table = connection.ops.quote_name(Loan._meta.db_table)
    item_table = connection.ops.quote_name(Item._meta.db_table)
    barcodes = dict(
        Item.objects.filter(pk__in={plan[2] for plan in plans}).values_list("pk", "barcode")
    )
    read = f"SELECT id, status FROM {item_table} WHERE barcode = %s"
    insert = (
        f"INSERT INTO {loan_table} (item_id, patron_id, library_id, status, loaned_at, due_on, "
        "renewals, fine_vnd) VALUES (%s, %s, %s, 'open', %s, %s, 0, 0)"
    )
    checkouts: list[float] = []
    checkins: list[float] = []
    for library_id, patron_id, item_id in plans:
        barcode = barcodes[item_id]
        now = dt.datetime.now(dt.UTC)
        begin = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(read, [barcode])
            copy_id, _status = cursor.fetchone()
            cursor.execute(insert, [copy_id, patron_id, library_id, now, now.date()])
            cursor.execute(
                f"UPDATE {item_table} SET status = 'on_loan', current_library_id = %s, "
                "updated_at = %s WHERE id = %s",
                [library_id, now, copy_id],
            )
        middle = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(read, [barcode])
            copy_id, _status = cursor.fetchone()
            cursor.execute(
                f"UPDATE {loan_table} SET status = 'returned', closed_at = %s, "
                "returned_at_library_id = %s WHERE item_id = %s AND closed_at IS NULL",
                [now, library_id, copy_id],
            )
            cursor.execute(
                f"UPDATE {item_table} SET status = 'available', current_library_id = %s, "
                "updated_at = %s WHERE id = %s",
                [library_id, now, copy_id],
            )
        end = time.perf_counter()
        checkouts.append((middle - begin) * 1000)
        checkins.append((end - middle) * 1000)
    return checkouts, checkins


def queries_per_operation(plans: Sequence[tuple[int, int, int]]) -> tuple[list[int], list[int]]:
    """Count the statements of each checkout and checkin of `plans`, as Django logs them
    (transaction control included where the backend logs it: SQLite's BEGIN and COMMIT)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from libnet.catalog.models import Item
    from libnet.circulation import services
    from libnet.network.models import Library
    from libnet.patrons.models import Patron

    clerk = get_user_model().objects.get(username="minh")
    checkouts: list[int] = []
    checkins: list[int] = []
    for library_id, patron_id, item_id in plans:
        desk = Library.objects.get(pk=library_id)
        patron = Patron.objects.get(pk=patron_id)
        item = Item.objects.get(pk=item_id)
        with CaptureQueriesContext(connection) as checkout:
            services.checkout_item(item=item, patron=patron, desk=desk, by=clerk)
        with CaptureQueriesContext(connection) as checkin:
            services.checkin_item(item=item, desk=desk, by=clerk)
        checkouts.append(len(checkout.captured_queries))
        checkins.append(len(checkin.captured_queries))
    return checkouts, checkins


def describe_counts(counts: Sequence[int]) -> str:
    return f"{min(counts)}-{max(counts)} (mean {statistics.fmean(counts):.1f})"


def timed_search_index() -> Callable[[], float]:
    """Wrap the search index's writers to add up their time; return a reader of the total (s)."""
    from libnet.search import index

    spent = [0.0]
    depth = [0]

    def timed(original: Callable[..., None]) -> Callable[..., None]:
        def run(*args: Any, **kwargs: Any) -> None:
            depth[0] += 1
            begin = time.perf_counter()
            try:
                original(*args, **kwargs)
            finally:
                depth[0] -= 1
                if depth[0] == 0:  # copy_changed calls the others: count its time once
                    spent[0] += time.perf_counter() - begin

        return run

    # The benchmark's own probe; callers reach these through the module, so they see it.
    index.index_records = timed(index.index_records)  # type: ignore[assignment]
    index.refresh_availability = timed(index.refresh_availability)  # type: ignore[assignment]
    index.copy_changed = timed(index.copy_changed)  # type: ignore[assignment]
    return lambda: spent[0]


def _desk_process(plans: Sequence[tuple[int, int, int]], results: Any) -> None:
    from django.db import connections

    connections.close_all()  # the parent's connection must not be shared across the fork
    checkouts, checkins, wall = run_service_pairs(plans)
    results.put((checkouts, checkins, wall))
    connections.close_all()


def run_concurrent(desks: int, pairs_per_desk: int, say: Callable[[str], None]) -> None:
    """`desks` processes lend and return at once, each at libraries of its own."""
    from django.db import connections

    plans = desk_plans(pairs_per_desk * desks * 3, seed=100 + desks)
    by_library: dict[int, list[tuple[int, int, int]]] = {}
    for plan in plans:
        by_library.setdefault(plan[0], []).append(plan)
    # Give each desk whole libraries, so two desks never hold the same copy.
    shares: list[list[tuple[int, int, int]]] = [[] for _ in range(desks)]
    for position, library_plans in enumerate(by_library.values()):
        shares[position % desks].extend(library_plans)
    for share in shares:
        # A copy lent and returned in one pair is free again: repeats are fine.
        del share[pairs_per_desk:]
    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [context.Process(target=_desk_process, args=(share, results)) for share in shares]
    started = time.perf_counter()
    for process in processes:
        process.start()
    outcomes = [results.get() for _ in processes]
    for process in processes:
        process.join()
    wall = time.perf_counter() - started
    checkouts = [value for outcome in outcomes for value in outcome[0]]
    checkins = [value for outcome in outcomes for value in outcome[1]]
    operations = len(checkouts) + len(checkins)
    say(
        f"  {desks} desk(s) at once: {operations / wall:7.0f} ops/s   checkout p95 "
        f"{percentile(checkouts, 0.95):5.1f} ms   checkin p95 {percentile(checkins, 0.95):5.1f} ms"
        f"   ({operations} operations in {wall:.1f} s)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1_000, help="checkout+checkin pairs")
    parser.add_argument(
        "--desks", default="", help="comma-separated desk counts to run at once, e.g. 1,2,4"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the service pairs")
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        scratch = tempfile.mkdtemp(prefix="libnet-bench-circulation-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libnet.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from libnet.catalog.models import Item
    from libnet.demo.loader import load_demo

    def say(line: str) -> None:
        print(line, flush=True)

    say(f"== circulation benchmark on {connection.vendor} ==")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    load_demo(scale="full", stdout=None)
    build_readers(READERS)
    say(
        f"demo province and {READERS:,} readers loaded in {time.perf_counter() - started:.0f} s"
        f" ({Item.objects.count():,} copies)"
    )
    plans = desk_plans(args.pairs, seed=7)
    run_service_pairs(desk_plans(100, seed=1))  # warm the caches, as a running server has them
    run_bare_pairs(desk_plans(100, seed=2))
    checkout_queries, checkin_queries = queries_per_operation(desk_plans(100, seed=3))
    search_time = timed_search_index()
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    checkouts, checkins, _wall = run_service_pairs(plans)
    if profiler:
        profiler.disable()
    index_seconds = search_time()
    bare_checkouts, bare_checkins = run_bare_pairs(plans)
    operations = len(checkouts) + len(checkins)
    # Both rates count the timed transactions only: the bare one reads the copy by barcode
    # inside its transaction, the service locks and reads it inside its own; the desk's
    # lookups of the scanned card and copy before the call are the page's cost, not the loan's.
    service_rate = operations / ((sum(checkouts) + sum(checkins)) / 1000)
    bare_rate = operations / ((sum(bare_checkouts) + sum(bare_checkins)) / 1000)
    say(f"{args.pairs:,} checkout+checkin pairs, one desk, each at the reader's library:")
    for label, values in (
        ("service checkout", checkouts),
        ("service checkin", checkins),
        ("bare SQL checkout (read, insert loan, update)", bare_checkouts),
        ("bare SQL checkin (read, close loan, update)", bare_checkins),
    ):
        say(
            f"  {label:<46} p50 {percentile(values, 0.5):6.2f} ms   p95 "
            f"{percentile(values, 0.95):6.2f} ms   mean {statistics.fmean(values):6.2f} ms"
        )
    say(
        f"  service {service_rate:,.0f} ops/s, bare SQL {bare_rate:,.0f} ops/s: "
        f"ratio {service_rate / bare_rate:.2f}x (target >= 0.3x)"
    )
    say(
        f"  statements per operation (as logged): checkout {describe_counts(checkout_queries)},"
        f" checkin {describe_counts(checkin_queries)} (bare SQL: 3 each and the transaction);"
        " search index "
        f"{index_seconds * 1000 / operations:.2f} ms per operation "
        f"({index_seconds * 1000 / (sum(checkouts) + sum(checkins)):.0%} of the service time)"
    )
    p95 = max(percentile(checkouts, 0.95), percentile(checkins, 0.95))
    say(f"  service p95 {p95:.2f} ms (target <= 5 ms on SQLite)")
    if profiler:
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats(os.environ.get("PROFILE_SORT", "tottime")).print_stats(
            int(os.environ.get("PROFILE_LINES", "25"))
        )
        if os.environ.get("PROFILE_CALLERS"):
            stats.print_callers(os.environ["PROFILE_CALLERS"])
    for desks in [int(value) for value in args.desks.split(",") if value.strip()]:
        run_concurrent(desks, max(50, args.pairs // 2), say)
    return 0


if __name__ == "__main__":
    sys.exit(main())
