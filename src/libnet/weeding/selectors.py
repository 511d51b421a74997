"""Reads of weeding: the copies the data proposes, with their criterion; a library's stock,
cycle and cap; the rounds and their lists; the lists published on the OPAC."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, QuerySet

from libnet.catalog import selectors as catalog_selectors
from libnet.catalog.models import BibRecord, Item, ItemStatus, ItemType
from libnet.circulation import selectors as circulation_selectors
from libnet.network.models import SCHOOL_KINDS, Library
from libnet.weeding import policies
from libnet.weeding.models import (
    ContentFlag,
    Criterion,
    RoundCopy,
    RoundState,
    WeedingRound,
)

# Copies the rules look at: on the shelf, damaged, missing or lost. One on loan, in transit
# or on rotation cannot be withdrawn now; a withdrawn one is gone already.
PROPOSABLE_STATUSES = (
    ItemStatus.AVAILABLE,
    ItemStatus.DAMAGED,
    ItemStatus.MISSING,
    ItemStatus.LOST,
    ItemStatus.PROCESSING,
)
# What counts in a library's holdings (the base of the cycle and the 10 % cap).
NOT_HELD = (ItemStatus.WITHDRAWN, ItemStatus.LOST)
UNDECIDED = (
    RoundState.REQUESTED,
    RoundState.APPROVED,
    RoundState.LISTED,
    RoundState.COUNCIL,
    RoundState.MINUTES,
)


@dataclass(frozen=True)
class Proposal:
    """A copy the data proposes for weeding: the first criterion it meets, and the others."""

    item_id: int
    barcode: str
    accession_number: str
    title: str
    call_number: str
    status: str
    criterion: Criterion
    also: tuple[Criterion, ...] = ()

    @property
    def article(self) -> str:
        return policies.article_of(self.criterion)


def stock_held(library: Library) -> int:
    """The copies the library holds: owned, not withdrawn or lost."""
    return Item.objects.filter(home_library=library).exclude(status__in=NOT_HELD).count()


def library_facts(library: Library, *, today: dt.date) -> policies.LibraryFacts:
    return policies.LibraryFacts(
        today=today,
        is_school=library.kind in SCHOOL_KINDS,
        uncommon_languages=frozenset(settings.LIBNET_WEEDING_UNCOMMON_LANGUAGES),
        unsuited_minority_languages=frozenset(settings.LIBNET_WEEDING_UNSUITED_MINORITY_LANGUAGES),
    )


def _superseded_records(bib_ids: set[int]) -> set[int]:
    """Of the textbook records `bib_ids`, those with a later edition in the catalogue: a
    record of the same title (sort key) and a later year."""
    if not bib_ids:
        return set()
    own = {
        bib_id: (key, year)
        for bib_id, key, year in BibRecord.objects.filter(pk__in=bib_ids).values_list(
            "pk", "title_sort_key", "year"
        )
    }
    latest = dict(
        BibRecord.objects.filter(title_sort_key__in={key for key, _year in own.values()})
        .exclude(title_sort_key="")
        .values("title_sort_key")
        .annotate(latest=Max("year"))
        .values_list("title_sort_key", "latest")
    )
    return {
        bib_id
        for bib_id, (key, year) in own.items()
        if year is not None and (latest.get(key) or 0) > year
    }


def copies_in_undecided_rounds(library: Library) -> set[int]:
    return set(
        RoundCopy.objects.filter(round__library=library, round__state__in=UNDECIDED).values_list(
            "item_id", flat=True
        )
    )


def proposals(library: Library, *, today: dt.date) -> list[Proposal]:
    """The library's copies that meet a weeding criterion (TT 02/2020 Art. 19–22), each with
    the first one it meets, in call-number order; copies already on an undecided round's
    list are left out."""
    rows = list(
        Item.objects.filter(home_library=library, status__in=PROPOSABLE_STATUSES)
        .order_by("pk")
        .values_list(
            "pk",
            "bib_id",
            "barcode",
            "accession_number",
            "call_number",
            "status",
            "item_type",
            "acquired_on",
            "bib__title",
            "bib__year",
            "bib__language",
            "bib__material_type",
            "bib__is_local_studies",
        )
    )
    if not rows:
        return []
    held = Item.objects.filter(home_library=library).exclude(status__in=NOT_HELD)
    last_used = circulation_selectors.last_loan_days(held.values("pk"))
    candidacy = dict(
        catalog_selectors.open_weeding_candidates([library.pk]).values_list("item_id", "reason")
    )
    flagged = set(
        ContentFlag.objects.filter(library=library, cleared_at__isnull=True).values_list(
            "bib_id", flat=True
        )
    )
    in_rounds = copies_in_undecided_rounds(library)
    textbook_bibs = {row[1] for row in rows if row[6] == ItemType.TEXTBOOK}
    superseded = _superseded_records(textbook_bibs)
    # Copies of each record the library holds, the one kept first in front: most recently
    # used, then the oldest in the register.
    by_bib: dict[int, list[tuple[int, dt.date | None]]] = defaultdict(list)
    for item_id, bib_id in held.values_list("pk", "bib_id"):
        by_bib[bib_id].append((item_id, last_used.get(item_id)))
    rank: dict[int, int] = {}
    for copies in by_bib.values():
        copies.sort(key=lambda copy: (-(copy[1] or dt.date.min).toordinal(), copy[0]))
        for position, (item_id, _day) in enumerate(copies, start=1):
            rank[item_id] = position
    facts = library_facts(library, today=today)
    found: list[Proposal] = []
    for (
        item_id,
        bib_id,
        barcode,
        accession_number,
        call_number,
        status,
        item_type,
        acquired_on,
        title,
        year,
        language,
        material_type,
        local_studies_material,
    ) in rows:
        if item_id in in_rounds:
            continue
        is_serial = item_type == ItemType.PERIODICAL or material_type == "serial"
        published_on = acquired_on or (dt.date(year, 12, 31) if year else None)
        copy = policies.CopyFacts(
            candidacy=candidacy.get(item_id, ""),
            is_serial=is_serial,
            is_textbook=item_type == ItemType.TEXTBOOK,
            superseded=bib_id in superseded,
            copies_of_title=len(by_bib.get(bib_id, ())),
            rank=rank.get(item_id, 1),
            published_on=published_on if is_serial else None,
            acquired_on=acquired_on,
            last_used_on=last_used.get(item_id),
            language=language,
            is_local_studies=local_studies_material,
            content_flagged=bib_id in flagged,
        )
        met = policies.criteria_met(copy, facts)
        if not met:
            continue
        found.append(
            Proposal(
                item_id=item_id,
                barcode=barcode,
                accession_number=accession_number,
                title=title,
                call_number=call_number,
                status=status,
                criterion=met[0],
                also=tuple(met[1:]),
            )
        )
    found.sort(key=lambda proposal: (proposal.call_number, proposal.accession_number))
    return found


def last_decided_on(library: Library) -> dt.date | None:
    """The day of the library's last weeding decision (None: never weeded in libnet)."""
    found: dt.date | None = (
        WeedingRound.objects.filter(library=library, decided_on__isnull=False)
        .order_by("-decided_on")
        .values_list("decided_on", flat=True)
        .first()
    )
    return found


def library_cycle(library: Library, *, stock: int | None = None) -> policies.Cycle:
    """The library's weeding cycle: 3 or 5 years after its last decided round."""
    return policies.cycle(
        stock=stock_held(library) if stock is None else stock,
        last_decided_on=last_decided_on(library),
    )


def library_cycles(libraries: list[Library]) -> dict[int, policies.Cycle]:
    """The cycle of each library, with two queries for all of them."""
    ids = [library.pk for library in libraries]
    stock = dict(
        Item.objects.filter(home_library_id__in=ids)
        .exclude(status__in=NOT_HELD)
        .values("home_library_id")
        .annotate(copies=Count("pk"))
        .values_list("home_library_id", "copies")
    )
    last = dict(
        WeedingRound.objects.filter(library_id__in=ids, decided_on__isnull=False)
        .values("library_id")
        .annotate(last=Max("decided_on"))
        .values_list("library_id", "last")
    )
    return {
        library_id: policies.cycle(
            stock=stock.get(library_id, 0), last_decided_on=last.get(library_id)
        )
        for library_id in ids
    }


def round_copies(weeding_round: WeedingRound) -> QuerySet[RoundCopy]:
    return weeding_round.copies.select_related("item__bib", "item__shelf_location").order_by(
        "item__call_number", "item__accession_number", "pk"
    )


def rounds_of(library_ids: frozenset[int]) -> QuerySet[WeedingRound]:
    return WeedingRound.objects.filter(library_id__in=library_ids).select_related("library")


def published_rounds(library: Library, *, on: dt.date) -> QuerySet[WeedingRound]:
    """The library's rounds whose list is on public notice on `on` (15 days)."""
    return WeedingRound.objects.filter(
        library=library,
        published_on__isnull=False,
        published_on__lte=on,
        published_on__gt=on - dt.timedelta(days=policies.PUBLICATION_DAYS),
    ).order_by("-published_on", "-pk")
