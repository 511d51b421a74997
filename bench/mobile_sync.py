"""Benchmark: a tablet's queue of scans at a stop, synced through `mobile.services`.

Builds the small demo province, gives the mobile library a trip loaded with copies of the
provincial library and readers of its own, then syncs a queue of loans and returns (one
`sync_operations` call per batch, as the stop page sends them), and lends and returns the
same number directly through `circulation.services` at the mobile library's desk. It prints
p50/p95 per operation both ways (the difference is what the queue adds: the idempotency
row, the trip and stock checks, the audit entry), and the time to replay the whole queue
(every operation already applied: answered from the stored results).

    .venv/bin/python bench/mobile_sync.py [--operations N] [--batch 20]
    scripts/test-postgres.sh .venv/bin/python bench/mobile_sync.py

Without DATABASE_URL a temporary SQLite file is used. The database must be new.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--operations", type=int, default=200, help="loans + returns each way")
    parser.add_argument("--batch", type=int, default=20, help="operations per sync request")
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        scratch = tempfile.mkdtemp(prefix="libnet-bench-mobile-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libnet.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from libnet.catalog.models import Item, ItemStatus
    from libnet.circulation import services as circulation_services
    from libnet.core import clock, text
    from libnet.demo.loader import load_demo
    from libnet.mobile import services
    from libnet.network.models import Library
    from libnet.patrons.models import Patron, PatronCategory, PatronStatus

    print(f"== mobile sync benchmark on {connection.vendor} ==", flush=True)
    call_command("migrate", verbosity=0)
    load_demo(scale="small", stdout=None)
    mobile = Library.objects.get(code="SL-TVT-LD")
    hung = get_user_model().objects.get(username="hung")
    now = clock.now()
    pairs = args.operations // 2
    adult = PatronCategory.objects.get(code="adult")
    readers = []
    for number in range(pairs):
        name = f"Nguyễn Văn Bạn Đọc {number}"
        readers.append(
            Patron.objects.create(
                home_library=mobile,
                card_number=f"LDBENCH{number:05d}",
                full_name=name,
                name_folded=text.fold(name),
                name_sort_key=text.sort_key_hex(name),
                birth_date=dt.date(1990, 1, 1),
                category=adult,
                card_issued_on=clock.local_date(now),
                card_valid_until=clock.local_date(now) + dt.timedelta(days=365),
                status=PatronStatus.ACTIVE,
                created_at=now,
                updated_at=now,
            )
        )
    trip = services.plan_trip(
        route=mobile.mobile_routes.first(),
        vehicle=mobile.vehicles.first(),
        date=clock.local_date(now),
        by=hung,
    )
    for name, role in (("Tài", "driver"), ("Hùng", "librarian"), ("Hoa", "librarian")):
        services.add_crew_member(trip=trip, person_name=name, role=role, by=hung)
    owner = mobile.parent
    candidates = list(
        Item.objects.filter(home_library=owner, status=ItemStatus.AVAILABLE, current_library=owner)
        .order_by("pk")
        .values_list("barcode", flat=True)[: pairs * 4]
    )
    loaded = services.load_copies(trip=trip, barcodes=candidates, by=hung).loaded
    if len(loaded) < pairs:
        print(f"only {len(loaded)} copies may go out; use --operations {2 * len(loaded)}")
        return 1
    services.change_trip_state(trip=trip, action="depart", by=hung)
    stop = trip.stops.first()
    barcodes = [row.item.barcode for row in loaded]
    half = pairs // 2

    def operation(action: str, barcode: str, card: str = "") -> dict[str, object]:
        return {
            "client_uuid": str(uuid.uuid4()),
            "trip_id": trip.pk,
            "stop_id": stop.pk,
            "action": action,
            "barcode": barcode,
            "card_number": card,
            "client_at": clock.now().isoformat(),
        }

    queue = [operation("checkout", barcodes[i], readers[i].card_number) for i in range(half)]
    queue += [operation("checkin", barcodes[i]) for i in range(half)]
    per_operation: list[float] = []
    profiler = cProfile.Profile() if os.environ.get("BENCH_PROFILE") else None
    if profiler:
        profiler.enable()
    for start in range(0, len(queue), args.batch):
        batch = queue[start : start + args.batch]
        started = time.perf_counter()
        outcomes = services.sync_operations(user=hung, operations=batch)
        per_operation.append((time.perf_counter() - started) * 1000 / len(batch))
        refused = [outcome for outcome in outcomes if outcome.result != "ok"]
        if refused:
            print("refused:", refused[:3])
            return 1
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
    started = time.perf_counter()
    services.sync_operations(user=hung, operations=queue)
    replay_ms = (time.perf_counter() - started) * 1000
    direct: list[float] = []
    items = {item.barcode: item for item in Item.objects.filter(barcode__in=barcodes[half:pairs])}
    for index in range(half, pairs):
        item = items[barcodes[index]]
        started = time.perf_counter()
        circulation_services.checkout_item(item=item, patron=readers[index], desk=mobile, by=hung)
        direct.append((time.perf_counter() - started) * 1000)
    for index in range(half, pairs):
        item = items[barcodes[index]]
        started = time.perf_counter()
        circulation_services.checkin_item(item=item, desk=mobile, by=hung)
        direct.append((time.perf_counter() - started) * 1000)
    print(f"{len(queue)} scans at a stop (loans then returns), batches of {args.batch}:")
    print(
        f"  through the sync queue   p50 {percentile(per_operation, 0.5):6.2f} ms  "
        f"p95 {percentile(per_operation, 0.95):6.2f} ms  mean {statistics.mean(per_operation):6.2f} ms"
    )
    print(
        f"  circulation directly     p50 {percentile(direct, 0.5):6.2f} ms  "
        f"p95 {percentile(direct, 0.95):6.2f} ms  mean {statistics.mean(direct):6.2f} ms"
    )
    print(f"  replay of the whole queue (all known): {replay_ms:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
