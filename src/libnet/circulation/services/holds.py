"""Holds: placed, cancelled, expired, and a copy that came for a reader set aside for them."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from libnet.catalog.models import BibRecord, Item
from libnet.circulation import policies, selectors, stats_sources
from libnet.circulation.errors import HoldRefused
from libnet.circulation.models import Hold, HoldStatus
from libnet.circulation.services._common import card_facts, card_params, note_use_away_from_home
from libnet.circulation.services._hold_shelf import close_hold, set_aside_locked_for_reader
from libnet.core import audit, clock
from libnet.core.audit import Actor
from libnet.network.models import Library
from libnet.patrons.models import Patron


def set_aside_for_reader(
    *, item: Item, patron: Patron, desk: Library, by: Actor, at: dt.datetime | None = None
) -> Hold:
    """Set a copy that came to `desk` for `patron` (an inter-library loan) aside for them.

    It is a hold ready at `desk`, as for a copy a reader asked for here (the hold shelf, the
    collect-by date of this desk's rules); a hold the reader already had on the title is used.
    """
    at = at or clock.now()
    with transaction.atomic():
        item = Item.objects.select_for_update(of=("self",)).get(pk=item.pk)
        return set_aside_locked_for_reader(
            item=item, patron=patron, desk=desk, by=by, at=at, today=clock.local_date(at)
        )


def place_hold(
    *,
    bib: BibRecord,
    patron: Patron,
    pickup_library: Library,
    by: Actor,
    at: dt.datetime | None = None,
) -> Hold:
    """Queue `patron` for a copy of `bib` to collect at `pickup_library`; returns the hold.

    Raises HoldRefused (policies.hold_refusal: card, holds not allowed, limit, already on
    loan or on hold, no copy owned there, a copy on the shelf there).
    """
    at = at or clock.now()
    today = clock.local_date(at)
    with transaction.atomic():
        owned, on_shelf, sample = selectors.copies_at_pickup(bib=bib, library=pickup_library)
        rules = (
            selectors.loan_rules_for(library=pickup_library, patron=patron, item=sample)
            if sample is not None
            else policies.LoanRules()
        )
        card_refusal, card_honoured = card_facts(patron=patron, library=pickup_library, today=today)
        refusal = policies.hold_refusal(
            rules=rules,
            card_refusal=card_refusal,
            card_honoured=card_honoured,
            open_holds=selectors.open_hold_count(patron=patron),
            has_open_hold_on_title=Hold.objects.filter(
                patron=patron, bib=bib, closed_at__isnull=True
            ).exists(),
            has_title_on_loan=selectors.has_title_on_loan(patron=patron, bib=bib),
            copies_owned_at_pickup=owned,
            copies_on_shelf_at_pickup=on_shelf,
        )
        if refusal is not None:
            raise HoldRefused(
                refusal.code, **card_params(patron, pickup_library), **dict(refusal.params)
            )
        hold = Hold(bib=bib, patron=patron, pickup_library=pickup_library, placed_at=at)
        try:
            with transaction.atomic():
                hold.save(force_insert=True)
        except IntegrityError:
            raise HoldRefused("already_on_hold") from None
        note_use_away_from_home(patron=patron, library=pickup_library, at=at)
        audit.record(
            "hold.place",
            subject=hold,
            by=by,
            at=at,
            library_id=pickup_library.pk,
            after={"bib": bib.pk, "patron": patron.pk},
        )
        stats_sources.count_hold(hold, day=today)
        return hold


def cancel_hold(*, hold: Hold, by: Actor, reason: str = "", at: dt.datetime | None = None) -> Hold:
    """Cancel an open hold; a copy set aside for it goes to the next reader or home.

    Raises HoldRefused("hold_closed") for a hold already collected, cancelled or expired.
    """
    at = at or clock.now()
    with transaction.atomic():
        hold = (
            Hold.objects.select_for_update(of=("self",))
            .select_related("pickup_library")
            .get(pk=hold.pk)
        )
        if hold.closed_at is not None:
            raise HoldRefused("hold_closed")
        close_hold(
            hold,
            status=HoldStatus.CANCELLED,
            by=by,
            at=at,
            today=clock.local_date(at),
            reason=reason,
        )
        return hold


def expire_holds(*, on: dt.date, by: Actor = None) -> int:
    """Close the ready holds whose last day to collect was before `on`; return how many.

    Each hold is its own transaction: one that fails leaves the others expired.
    """
    expired = 0
    at = clock.now()
    overdue_ids = list(
        Hold.objects.filter(
            status=HoldStatus.READY, closed_at__isnull=True, pickup_until__lt=on
        ).values_list("pk", flat=True)
    )
    for hold_id in overdue_ids:
        with transaction.atomic():
            hold = (
                Hold.objects.select_for_update(of=("self",))
                .select_related("pickup_library", "item")
                .filter(pk=hold_id, status=HoldStatus.READY, closed_at__isnull=True)
                .first()
            )
            if hold is None:
                continue
            close_hold(hold, status=HoldStatus.EXPIRED, by=by, at=at, today=on)
            expired += 1
    return expired
