"""Benchmark: rotation at province size, through the real services and the real planning view.

Builds a synthetic province: the provincial library, 500 rotation points, 20,300 titles with
three copies each, and a year's plan of 200 batches of 300 copies in every state (bulk-inserted,
with their claims on the copies of open batches). Then, through `rotation.services`, one more
batch of 300 copies goes the whole way: each copy scanned into the draft (add_item: the rules
of TT 05/2022 checked, the claim written), pack, ship (300 status changes, daily figures),
each copy scanned on arrival, receipt, send back, each copy scanned back at home, close. It
prints p50/p95 per scanned copy and the time of each whole step, then renders the planning
view (`rotation:batch_list`, all 201 batches by point) through the Django test client for the
provincial cataloguer, and prints its render time and query count.

    .venv/bin/python bench/rotation.py [--copies 300] [--renders 5]
    scripts/test-postgres.sh .venv/bin/python bench/rotation.py

Without DATABASE_URL a temporary SQLite file is used. The database must be new.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from typing import Any

POINTS = 500
BATCHES = 200
COPIES_PER_BATCH = 300
COPIES_PER_TITLE = 3
STATES = (
    "closed",
    "closed",
    "draft",
    "packed",
    "shipped",
    "received",
    "in_use",
    "in_use",
    "returning",
    "in_use",
)


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def build_province(extra_copies: int) -> dict[str, Any]:
    """Bulk-insert the libraries, titles, copies and the year's batches; return handles."""
    from django.contrib.auth import get_user_model

    from libnet.catalog.models import BibRecord, Item, ItemStatus
    from libnet.core import bulk, clock, text
    from libnet.network.models import Library, LibraryKind, Membership, Role
    from libnet.rotation.models import BatchItem, ItemClaim, RotationBatch

    now = clock.now()
    today = clock.local_date(now)
    provincial = Library.objects.create(
        code="BENCH-TVT", name="Thư viện tỉnh thử", kind=LibraryKind.PROVINCIAL, sort_key="00"
    )
    points = [
        Library(
            code=f"BENCH-P{number:03d}",
            name=f"Tủ sách cộng đồng thôn số {number}",
            kind=LibraryKind.COMMUNITY_BOOKCASE if number % 2 else LibraryKind.COMMUNE,
            parent=provincial,
            runs_libnet=number % 2 == 0,
            sort_key=text.sort_key_hex(f"Tủ sách cộng đồng thôn số {number:03d}"),
        )
        for number in range(POINTS)
    ]
    Library.objects.bulk_create(points)
    points = list(Library.objects.filter(parent=provincial).order_by("code"))
    lan = get_user_model().objects.create_user(
        "bench-lan", password="bench", first_name="Lan", last_name="Trần Thị"
    )
    Membership.objects.create(
        user=lan, library=provincial, role=Role.CATALOGUER, covers_subtree=True
    )
    planned = BATCHES * COPIES_PER_BATCH + extra_copies
    titles = -(-planned // COPIES_PER_TITLE)
    bibs = [
        BibRecord(
            marc_json={
                "leader": " " * 24,
                "fields": [
                    {"245": {"ind1": "0", "ind2": "0", "subfields": [{"a": f"Sách thử {n}"}]}}
                ],
            },
            title=f"Sách thử {n}",
            class_number=f"{(n % 900) + 100}.{n % 97}",
            created_at=now,
            updated_at=now,
        )
        for n in range(titles)
    ]
    bulk.insert_rows(bibs, with_ids=True)
    items = [
        Item(
            bib_id=bibs[n // COPIES_PER_TITLE].pk,
            barcode=f"BENCH{n:08d}",
            accession_number=f"LC.{n:07d}",
            home_library=provincial,
            current_library=provincial,
            call_number=f"{(n // COPIES_PER_TITLE) % 900 + 100}.{n % 97} S100T",
            status=ItemStatus.AVAILABLE,
            created_at=now,
            updated_at=now,
        )
        for n in range(titles * COPIES_PER_TITLE)
    ]
    bulk.insert_rows(items, with_ids=True)
    # Copy k of each title goes to batch plans first, so a title's copies spread over batches.
    order = sorted(range(len(items)), key=lambda n: (n % COPIES_PER_TITLE, n))
    batches, lines, claims = [], [], []
    status_of: dict[str, tuple[str, bool]] = {
        "draft": (ItemStatus.AVAILABLE, False),
        "packed": (ItemStatus.AVAILABLE, False),
        "shipped": (ItemStatus.IN_TRANSIT, False),
        "received": (ItemStatus.ON_ROTATION, True),
        "in_use": (ItemStatus.ON_ROTATION, True),
        "returning": (ItemStatus.IN_TRANSIT, True),
        "closed": (ItemStatus.AVAILABLE, False),
    }
    for number in range(BATCHES):
        state = STATES[number % len(STATES)]
        start = today - dt.timedelta(days=(number * 7) % 330 - 60)
        batches.append(
            RotationBatch(
                from_library=provincial,
                to_library=points[(number * 37) % POINTS],
                planned_start=start,
                planned_end=start + dt.timedelta(days=170),
                state=state,
                boxes=10,
                created_by=lan,
                created_at=now,
                shipped_at=now if state not in ("draft", "packed") else None,
                closed_at=now if state == "closed" else None,
            )
        )
    bulk.insert_rows(batches, with_ids=True)
    moved: dict[tuple[str, int], list[int]] = {}
    for number, batch in enumerate(batches):
        copies = order[number * COPIES_PER_BATCH : (number + 1) * COPIES_PER_BATCH]
        for position, index in enumerate(copies):
            item = items[index]
            lines.append(
                BatchItem(
                    batch_id=batch.pk,
                    item_id=item.pk,
                    box_number=position // 30 + 1,
                    state="returned" if batch.state == "closed" else "packed",
                    added_at=now,
                )
            )
            if batch.state != "closed":
                claims.append(
                    ItemClaim(item_id=item.pk, kind="batch", holder_id=batch.pk, claimed_at=now)
                )
            status, at_point = status_of[batch.state]
            library_id = batch.to_library_id if at_point else provincial.pk
            moved.setdefault((status, library_id), []).append(item.pk)
    bulk.insert_rows(lines)
    bulk.insert_rows(claims)
    for (status, library_id), item_ids in moved.items():
        for start in range(0, len(item_ids), 900):
            Item.objects.filter(pk__in=item_ids[start : start + 900]).update(
                status=status, current_library_id=library_id
            )
    spare = [items[index] for index in order[BATCHES * COPIES_PER_BATCH :]][:extra_copies]
    return {"provincial": provincial, "points": points, "lan": lan, "spare": spare}


def timed(call: Callable[[], Any]) -> float:
    begin = time.perf_counter()
    call()
    return (time.perf_counter() - begin) * 1000


def run_batch(province: dict[str, Any], copies: int, say: Callable[[str], None]) -> None:
    from libnet.catalog.models import Item
    from libnet.core import clock
    from libnet.rotation import services

    lan, spare = province["lan"], province["spare"]
    today = clock.today()
    batch = services.create_batch(
        from_library=province["provincial"],
        to_library=province["points"][1],  # a deposit point: the sender receives for it
        planned_start=today,
        planned_end=today + dt.timedelta(days=150),
        boxes=10,
        by=lan,
    )
    barcodes = [item.barcode for item in spare[:copies]]

    def scanned(barcode: str) -> Item:
        # What the page has in hand after the scanner's Enter: the copy, looked up.
        return Item.objects.get(barcode=barcode)

    # Spread over the 10 boxes: an empty box is not packed.
    boxes = [position * 10 // len(barcodes) + 1 for position in range(len(barcodes))]
    adds = [
        timed(
            lambda code=code, box=box: services.add_item(
                batch=batch, item=scanned(code), box_number=box, by=lan
            )
        )
        for code, box in zip(barcodes, boxes, strict=True)
    ]
    steps = {"pack": timed(lambda: services.pack_batch(batch=batch, by=lan))}
    steps["ship"] = timed(lambda: services.ship_batch(batch=batch, by=lan))
    arrivals = [
        timed(lambda code=code: services.scan_arrival(batch=batch, item=scanned(code), by=lan))
        for code in barcodes
    ]
    steps["receive"] = timed(lambda: services.receive_batch(batch=batch, by=lan))
    steps["send back"] = timed(lambda: services.send_back(batch=batch, by=lan))
    returns = [
        timed(lambda code=code: services.scan_return(batch=batch, item=scanned(code), by=lan))
        for code in barcodes[:-3]
    ]
    steps["close (3 lost)"] = timed(lambda: services.close_batch(batch=batch, by=lan, confirm=True))
    say(f"one batch of {copies} copies through the services:")
    for label, values in (
        ("scan in (add_item, rules + claim)", adds),
        ("scan on arrival at the point", arrivals),
        ("scan back at the sending library", returns),
    ):
        say(
            f"  {label:<36} p50 {percentile(values, 0.5):6.2f} ms   p95 "
            f"{percentile(values, 0.95):6.2f} ms   mean {statistics.fmean(values):6.2f} ms"
        )
    say("  whole steps: " + ", ".join(f"{name} {ms:,.0f} ms" for name, ms in steps.items()))


def render_planning_view(
    province: dict[str, Any], renders: int, say: Callable[[str], None]
) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(province["lan"])
    url = reverse("rotation:batch_list")
    client.get(url)  # warm the template cache, as a running server has it
    times = []
    for _ in range(renders):
        with CaptureQueriesContext(connection) as queries:
            begin = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200
    size = len(response.content)
    say(
        f"planning view ({BATCHES + 1} batches at {POINTS} points, {size / 1024:,.0f} KiB of HTML): "
        f"median {statistics.median(times):,.0f} ms, max {max(times):,.0f} ms over {renders} renders, "
        f"{len(queries.captured_queries)} queries"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--copies", type=int, default=COPIES_PER_BATCH, help="copies in the timed batch"
    )
    parser.add_argument("--renders", type=int, default=5, help="renders of the planning view")
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        scratch = tempfile.mkdtemp(prefix="libnet-bench-rotation-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libnet.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    def say(line: str) -> None:
        print(line, flush=True)

    say(f"== rotation benchmark on {connection.vendor} ==")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    province = build_province(args.copies)
    say(
        f"synthetic province built in {time.perf_counter() - started:.0f} s: {POINTS} points, "
        f"{BATCHES} batches of {COPIES_PER_BATCH} copies"
    )
    run_batch(province, args.copies, say)
    render_planning_view(province, args.renders, say)
    return 0


if __name__ == "__main__":
    sys.exit(main())
