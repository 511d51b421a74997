"""The hold shelf: a copy set aside for a hold, for a reader's inter-library loan, and passed
on to the next reader (or home) when its hold closes. Shared by the desk's loans and returns
and by the holds' services; the module itself is private.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from libnet.catalog.models import Item, ItemStatus
from libnet.circulation import policies, selectors
from libnet.circulation.models import Hold, HoldStatus
from libnet.circulation.services._common import move_item, send
from libnet.core import audit, inputs, text
from libnet.core.audit import Actor
from libnet.network.models import Library
from libnet.patrons.models import Patron


def set_aside(
    *, hold: Hold, item: Item, desk: Library, by: Actor, at: dt.datetime, today: dt.date
) -> None:
    """Put the copy on the hold shelf of `desk` for `hold`, to collect by the rules' deadline."""
    move_item(item=item, to=ItemStatus.AVAILABLE, current_library=desk, by=by, at=at)
    if hold.status == HoldStatus.READY and hold.item_id == item.pk:
        return
    patron = hold.patron
    rules = selectors.loan_rules_for(library=desk, patron=patron, item=item)
    hold.status = HoldStatus.READY
    hold.item = item
    hold.ready_at = at
    hold.pickup_until = policies.pickup_until(rules=rules, ready_on=today)
    hold.save(update_fields=["status", "item", "ready_at", "pickup_until"])
    audit.record(
        "hold.ready",
        subject=hold,
        by=by,
        at=at,
        library_id=desk.pk,
        after={"item": item.pk, "pickup_until": hold.pickup_until.isoformat()},
    )


def set_aside_locked_for_reader(
    *, item: Item, patron: Patron, desk: Library, by: Actor, at: dt.datetime, today: dt.date
) -> Hold:
    """Set the copy `item`, locked by the caller, aside at `desk` for `patron` (as
    holds.set_aside_for_reader does, inside the caller's transaction); return the hold."""
    hold = (
        Hold.objects.select_for_update(of=("self",))
        .select_related("patron", "pickup_library")
        .filter(bib_id=item.bib_id, patron=patron, closed_at__isnull=True)
        .first()
    )
    if hold is None:
        hold = Hold(bib_id=item.bib_id, patron=patron, pickup_library=desk, placed_at=at)
        hold.save(force_insert=True)
        audit.record(
            "hold.place",
            subject=hold,
            by=by,
            at=at,
            library_id=desk.pk,
            after={"bib": item.bib_id, "patron": patron.pk},
            note=audit.note(_("inter-library loan")),
        )
        set_aside(hold=hold, item=item, desk=desk, by=by, at=at, today=today)
        return hold
    # The reader's own hold on the title is filled by this copy here; a copy it had set
    # aside (or that travels to it) is passed on at the library where it is.
    other_copy = hold.item_id if hold.item_id not in (None, item.pk) else None
    other_copy_at = hold.pickup_library
    before = audit.snapshot(hold, ["status", "item", "pickup_library"])
    hold.status = HoldStatus.WAITING
    hold.item = None
    hold.pickup_library = desk
    hold.save(update_fields=["status", "item", "pickup_library"])
    audit.record(
        "hold.waiting",
        subject=hold,
        by=by,
        at=at,
        library_id=desk.pk,
        before=before,
        note=audit.note(_("inter-library loan")),
    )
    set_aside(hold=hold, item=item, desk=desk, by=by, at=at, today=today)
    if other_copy is not None:
        _pass_on_copy(item_id=other_copy, library=other_copy_at, by=by, at=at, today=today)
    return hold


def close_hold(
    hold: Hold,
    *,
    status: str,
    by: Actor,
    at: dt.datetime,
    today: dt.date,
    reason: str = "",
    lent: Item | None = None,
) -> None:
    """Close `hold` as fulfilled, cancelled or expired.

    A copy it had set aside is passed on, unless it is the copy `lent` to the reader now.
    """
    before = audit.snapshot(hold, ["status", "item"])
    copy_set_aside = hold.item_id if hold.status == HoldStatus.READY else None
    hold.status = status
    hold.closed_at = at
    hold.cancel_reason = inputs.check_column(Hold, "cancel_reason", text.clean(reason))
    hold.save(update_fields=["status", "closed_at", "cancel_reason"])
    audit.record(
        f"hold.{status}",
        subject=hold,
        by=by,
        at=at,
        library_id=hold.pickup_library_id,
        before=before,
        after={"status": status},
        note=hold.cancel_reason,
    )
    if copy_set_aside is not None and (lent is None or copy_set_aside != lent.pk):
        _pass_on_copy(
            item_id=copy_set_aside, library=hold.pickup_library, by=by, at=at, today=today
        )


def _pass_on_copy(
    *, item_id: int, library: Library, by: Actor, at: dt.datetime, today: dt.date
) -> Hold | None:
    """A copy left the hold shelf of `library` unclaimed: the next reader waiting there gets it,
    else it goes home (or stays, if it floats). Returns the hold it now fills, if any."""
    item = Item.objects.select_for_update(of=("self",)).get(pk=item_id)
    if item.status != ItemStatus.AVAILABLE or item.current_library_id != library.pk:
        return None  # already lent, moved or marked damaged: nothing is waiting on the shelf
    waiting = selectors.next_waiting_hold(bib_id=item.bib_id, pickup_library_id=library.pk)
    if waiting is not None:
        set_aside(hold=waiting, item=item, desk=library, by=by, at=at, today=today)
        return waiting
    rules = selectors.loan_rules_for(library=library, patron=None, item=item)
    if policies.returns_home(rules=rules, home_library_id=item.home_library_id, desk_id=library.pk):
        send(
            item=item,
            desk=library,
            to=item.home_library,
            reason="return_home",
            hold=None,
            by=by,
            at=at,
        )
    return None
