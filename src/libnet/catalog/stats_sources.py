"""The catalogue's daily figures: what counts, and how `libnet rebuild_stats` counts it again.

- records_created: a record, at the library whose cataloguer created or imported it, on the
  day (Vietnam's calendar day) it was created; a record with no such library is not counted.
  One definition for every way a record is made: the cataloguing form, the MARC import and
  the demo go through `services.add_records` (create_record is one of it), which counts
  here; copy cataloguing must save through create_record too, never count on its own;
- items_added: a copy, at its home library, on the day it was added;
- titles_added: a title, at a library, on the day its first copy there was added;
- items_added_<source> and titles_added_<source>, for each source of intake of the general
  register (purchase, donation, legal deposit, exchange, a reader's replacement): the same
  copies and titles by the copy's source (a title by its first copy's). A donated book counts
  once, when its copy is added. Copies of other sources (transfer, unknown: imports) count
  in items_added only;
- serial_titles_subscribed: a serial title, at the library that subscribes to it, on the
  first day of the subscription (a title renewed each year counts in each year: the
  Ministry's "serials added in the year, in titles"; a subscription for next year, recorded
  in December, counts next year);
- serial_issues_received: an issue of a serial, at the subscribing library, on the day it
  was checked in (however many copies of it came).

`count_records` and `count_copies` are called by whoever writes records or copies (the
services one at a time, the MARC import and the demo loader by the batch), inside the
transaction that writes them; `SOURCES` count the same from the tables.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from django.db.models import Count, Min

from libnet.catalog.models import (
    BibRecord,
    Item,
    ItemSource,
    SerialIssue,
    SerialSubscription,
)
from libnet.core import clock
from libnet.stats import services as stats
from libnet.stats.sources import Row, Source, local_day, per_day

RECORDS_CREATED = "records_created"
ITEMS_ADDED = "items_added"
TITLES_ADDED = "titles_added"
SERIAL_TITLES_SUBSCRIBED = "serial_titles_subscribed"
SERIAL_ISSUES_RECEIVED = "serial_issues_received"
# The sources of intake counted apart (the general register's Part I).
INTAKE_BREAKDOWN = (
    ItemSource.PURCHASE.value,
    ItemSource.DONATION.value,
    ItemSource.DEPOSIT.value,
    ItemSource.EXCHANGE.value,
    ItemSource.REPLACEMENT.value,
)


def items_added_by(source: str) -> str:
    """The code of the copies added from `source`: items_added_donation."""
    return f"{ITEMS_ADDED}_{source}"


def titles_added_by(source: str) -> str:
    """The code of the titles added from `source` (their first copy's): titles_added_donation."""
    return f"{TITLES_ADDED}_{source}"


ITEMS_ADDED_BY_SOURCE = tuple(items_added_by(source) for source in INTAKE_BREAKDOWN)
TITLES_ADDED_BY_SOURCE = tuple(titles_added_by(source) for source in INTAKE_BREAKDOWN)


def record_rows(records: Iterable[BibRecord]) -> list[Row]:
    """The daily figures of new `records`."""
    return [
        (record.created_at_library_id, RECORDS_CREATED, clock.local_date(record.created_at), 1)
        for record in records
        if record.created_at_library_id is not None
    ]


def copy_rows(copies: Sequence[Item]) -> list[Row]:
    """The daily figures of new `copies`, written already or about to be (one query).

    A copy's title is added to its library when the library holds no other copy of it: the
    copies of the title there in the database are only those of `copies` already written.
    The title's source is its first copy's (the earliest added, then the first in the list,
    as the rebuild reads them: by moment, then id).
    """
    rows: list[Row] = []
    first_day: dict[tuple[int, int], dt.date] = {}
    first_copy: dict[tuple[int, int], tuple[dt.datetime, int, str]] = {}
    written: dict[tuple[int, int], int] = defaultdict(int)
    for position, copy in enumerate(copies):
        day = clock.local_date(copy.created_at)
        rows.append((copy.home_library_id, ITEMS_ADDED, day, 1))
        if copy.source in INTAKE_BREAKDOWN:
            rows.append((copy.home_library_id, items_added_by(copy.source), day, 1))
        pair = (copy.home_library_id, copy.bib_id)
        first_day[pair] = min(day, first_day.get(pair, day))
        first_copy[pair] = min(
            (copy.created_at, position, copy.source),
            first_copy.get(pair, (copy.created_at, position, copy.source)),
        )
        if copy.pk is not None:
            written[pair] += 1
    if not first_day:
        return rows
    held = (
        Item.objects.filter(
            bib_id__in={bib_id for _library_id, bib_id in first_day},
            home_library_id__in={library_id for library_id, _bib_id in first_day},
        )
        .values_list("home_library_id", "bib_id")
        .annotate(copies=Count("pk"))
        .order_by()
    )
    before = {
        (library_id, bib_id): count - written[(library_id, bib_id)]
        for library_id, bib_id, count in held
    }
    for (library_id, bib_id), day in first_day.items():
        if before.get((library_id, bib_id)):
            continue
        rows.append((library_id, TITLES_ADDED, day, 1))
        source = first_copy[(library_id, bib_id)][2]
        if source in INTAKE_BREAKDOWN:
            rows.append((library_id, titles_added_by(source), day, 1))
    return rows


def count_records(records: Iterable[BibRecord]) -> None:
    """Bump the daily figures of new `records`."""
    stats.bump_many(record_rows(records))


def count_copies(copies: Sequence[Item]) -> None:
    """Bump the daily figures of new `copies` (see `copy_rows`)."""
    stats.bump_many(copy_rows(copies))


def count_subscriptions(subscriptions: Iterable[SerialSubscription]) -> None:
    """Bump the daily figures of new serial `subscriptions`."""
    stats.bump_many(
        [(row.library_id, SERIAL_TITLES_SUBSCRIBED, row.starts_on, 1) for row in subscriptions]
    )


def move_subscription(subscription: SerialSubscription, *, from_day: dt.date) -> None:
    """Move the count of `subscription` from `from_day` to its first day, now changed."""
    if from_day != subscription.starts_on:
        library_id = subscription.library_id
        stats.bump_many(
            [
                (library_id, SERIAL_TITLES_SUBSCRIBED, from_day, -1),
                (library_id, SERIAL_TITLES_SUBSCRIBED, subscription.starts_on, 1),
            ]
        )


def count_issues(issues: Iterable[SerialIssue]) -> None:
    """Bump the daily figures of serial `issues` just checked in."""
    stats.bump_many(
        [
            (
                issue.subscription.library_id,
                SERIAL_ISSUES_RECEIVED,
                clock.local_date(issue.received_at),
                1,
            )
            for issue in issues
            if issue.received_at is not None
        ]
    )


def _titles_again() -> Iterator[Row]:
    # A title is added to a library on the day its first copy there was added.
    firsts = (
        Item.objects.values_list("home_library_id", "bib_id")
        .annotate(first=Min("created_at"))
        .order_by()
    )
    titles: dict[tuple[int, dt.date], int] = defaultdict(int)
    for library_id, _bib_id, first in firsts:
        titles[(library_id, clock.local_date(first))] += 1
    for (library_id, day), total in titles.items():
        yield (library_id, TITLES_ADDED, day, total)


def _copies_by_source_again() -> Iterator[Row]:
    grouped = (
        Item.objects.filter(source__in=INTAKE_BREAKDOWN)
        .annotate(figure_day=local_day("created_at"))
        .values_list("home_library_id", "source", "figure_day")
        .annotate(copies=Count("pk"))
        .order_by()
    )
    for library_id, source, day, copies in grouped:
        yield (library_id, items_added_by(source), day, copies)


def _titles_by_source_again() -> Iterator[Row]:
    # A title's source is that of its first copy at the library (by moment, then id): the
    # copies are read in that order, a title at a time.
    copies = (
        Item.objects.order_by("home_library_id", "bib_id", "created_at", "pk")
        .values_list("home_library_id", "bib_id", "created_at", "source")
        .iterator(chunk_size=10_000)
    )
    titles: dict[tuple[int, str, dt.date], int] = defaultdict(int)
    previous: tuple[int, int] | None = None
    for library_id, bib_id, created_at, source in copies:
        if (library_id, bib_id) == previous:
            continue
        previous = (library_id, bib_id)
        if source in INTAKE_BREAKDOWN:
            titles[(library_id, source, clock.local_date(created_at))] += 1
    for (library_id, source, day), total in titles.items():
        yield (library_id, titles_added_by(source), day, total)


SOURCES = (
    per_day(
        "catalog.records",
        RECORDS_CREATED,
        BibRecord.objects.all,
        library="created_at_library_id",
        day=local_day("created_at"),
    ),
    per_day(
        "catalog.copies",
        ITEMS_ADDED,
        Item.objects.all,
        library="home_library_id",
        day=local_day("created_at"),
    ),
    Source(name="catalog.titles", indicators=(TITLES_ADDED,), daily_rows=_titles_again),
    per_day(
        "catalog.serial_subscriptions",
        SERIAL_TITLES_SUBSCRIBED,
        SerialSubscription.objects.all,
        library="library_id",
        day="starts_on",
    ),
    # Bound and discarded issues were received too.
    per_day(
        "catalog.serial_issues",
        SERIAL_ISSUES_RECEIVED,
        lambda: SerialIssue.objects.filter(received_at__isnull=False),
        library="subscription__library_id",
        day=local_day("received_at"),
    ),
    Source(
        name="catalog.copies_by_source",
        indicators=ITEMS_ADDED_BY_SOURCE,
        daily_rows=_copies_by_source_again,
    ),
    Source(
        name="catalog.titles_by_source",
        indicators=TITLES_ADDED_BY_SOURCE,
        daily_rows=_titles_by_source_again,
    ),
)
