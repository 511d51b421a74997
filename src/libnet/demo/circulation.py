"""Circulation in the demo: loans (some overdue), holds, visit counts and in-place reading.

Written through circulation.services with past moments (`at=`), so copies, daily figures and
the audit log agree with the loans exactly as if the desks had made them. The same choices
on every run (a seeded random generator over rows in id order); a second run adds nothing,
since the loader calls `load_circulation` only while the demo libraries have no loan yet.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db.models import Q

from libnet.catalog.models import Item, ItemStatus, ItemType
from libnet.circulation import services
from libnet.circulation.models import Loan
from libnet.core import clock
from libnet.core.audit import Actor
from libnet.core.errors import LibnetError
from libnet.demo import readers
from libnet.network.models import Library
from libnet.patrons.models import Patron, PatronStatus

SEED = "songlam-circulation"
LOANS_PER_LIBRARY = 8
HOLDS_PER_LIBRARY = 2
VISIT_DAYS = 14
# Lent between 1 and 40 days ago with the network's 14-day period: about two loans in
# three are overdue, enough to fill the overdue list and the reminder letters.
MAX_DAYS_AGO = 40


def load_circulation(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """Lend, hold and count visits at the demo libraries that have readers; return the counts."""
    if Loan.objects.filter(library__in=libraries.values()).exists():
        return {"loans": 0, "holds": 0, "visit_days": 0}
    rng = random.Random(SEED)
    minh: Actor = get_user_model().objects.filter(username="minh").first()
    counts = {"loans": 0, "holds": 0, "visit_days": 0}
    with_readers = set(
        Patron.objects.filter(home_library__in=libraries.values()).values_list(
            "home_library_id", flat=True
        )
    )
    for library in sorted(libraries.values(), key=lambda library: library.code):
        if library.pk not in with_readers:
            continue
        by = minh if library.code == readers.BINH_COMMUNE else None
        counts["loans"] += _lend(library, rng, at, by)
        counts["holds"] += _hold(library, rng, at, by)
        counts["visit_days"] += _count_visits(library, rng, at, by)
    counts["loans"] += _lend_to_binh(libraries, at)
    return counts


def _lendable_copies(library: Library) -> list[Item]:
    return list(
        Item.objects.filter(
            home_library=library,
            current_library=library,
            status=ItemStatus.AVAILABLE,
            item_type=ItemType.BOOK,
        )
        .exclude(Q(shelf_location__is_closed_stack=True) | Q(shelf_location__is_reference=True))
        .order_by("pk")
    )


def _active_readers(library: Library) -> list[Patron]:
    return list(
        Patron.objects.filter(home_library=library, status=PatronStatus.ACTIVE)
        .exclude(card_number=readers.BINH_CARD)
        .order_by("pk")
    )


def _lend(library: Library, rng: random.Random, at: dt.datetime, by: Actor) -> int:
    copies = _lendable_copies(library)
    patrons = _active_readers(library)
    if not copies or not patrons:
        return 0
    lent = 0
    for item in rng.sample(copies, min(LOANS_PER_LIBRARY, len(copies))):
        patron = rng.choice(patrons)
        lent_at = at - dt.timedelta(days=rng.randint(1, MAX_DAYS_AGO), hours=rng.randint(0, 6))
        try:
            services.checkout_item(item=item, patron=patron, desk=library, by=by, at=lent_at)
        except LibnetError:
            continue  # a card that lapsed by then, a reader at the limit: the desk said no
        lent += 1
    return lent


def _hold(library: Library, rng: random.Random, at: dt.datetime, by: Actor) -> int:
    """Readers queue for titles whose copies here are all out."""
    out = list(
        Loan.objects.filter(library=library, closed_at__isnull=True)
        .select_related("item__bib")
        .order_by("pk")
    )
    patrons = _active_readers(library)
    placed = 0
    for loan in rng.sample(out, min(HOLDS_PER_LIBRARY, len(out))):
        patron = rng.choice(patrons)
        try:
            services.place_hold(
                bib=loan.item.bib,
                patron=patron,
                pickup_library=library,
                by=by,
                at=at - dt.timedelta(hours=rng.randint(1, 48)),
            )
        except LibnetError:
            continue  # another copy on the shelf, or the reader has the title already
        placed += 1
    return placed


def _count_visits(library: Library, rng: random.Random, at: dt.datetime, by: Actor) -> int:
    """The clerk's daily entry of visits for the last two weeks, and a few copies read in place."""
    today = clock.local_date(at)
    for days_ago in range(1, VISIT_DAYS + 1):
        day = today - dt.timedelta(days=days_ago)
        # Fewer readers on Sundays, when only the morning is open.
        count = rng.randint(3, 12) if day.weekday() == 6 else rng.randint(12, 45)
        services.record_visits(library=library, day=day, count=count, source="manual", by=by, at=at)
    services.record_in_library_use(
        library=library, by=by, count=rng.randint(5, 20), at=at - dt.timedelta(days=1)
    )
    return VISIT_DAYS


def _lend_to_binh(libraries: dict[str, Library], at: dt.datetime) -> int:
    """Bình borrows two books at his school, one of them overdue: his OPAC page shows both."""
    school = libraries.get(readers.BINH_SCHOOL)
    binh = Patron.objects.filter(card_number=readers.BINH_CARD).first()
    if school is None or binh is None:
        return 0
    lent = 0
    for item, days_ago in zip(_lendable_copies(school)[:2], (20, 3), strict=False):
        try:
            services.checkout_item(
                item=item, patron=binh, desk=school, by=None, at=at - dt.timedelta(days=days_ago)
            )
        except LibnetError:
            continue
        lent += 1
    return lent
