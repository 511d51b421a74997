"""What rotation's services share: the clerk, the words of a refusal, a batch locked with its
period checked, and the claims that keep a copy in one open movement. A name here is used by
more than one module of the package; the module itself is private.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from libnet.catalog.models import Item
from libnet.core import text
from libnet.core.audit import Actor
from libnet.core.errors import LibnetError
from libnet.network.models import Library
from libnet.rotation import policies, selectors
from libnet.rotation.errors import BatchRefused
from libnet.rotation.models import ItemClaim, RotationBatch


def user_or_none(by: Actor) -> Any:
    """The user to keep as the one who did it: None for a command or an anonymous request."""
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def action_label(action: str) -> str:
    """A batch's, transfer's or request's step as a refusal's message names it: "shipped"."""
    labels = {
        "pack": _("packed"),
        "unpack": _("unpacked"),
        "ship": _("shipped"),
        "receive": _("received"),
        "use": _("put in use"),
        "return": _("sent back"),
        "close": _("closed"),
        "cancel": _("cancelled"),
    }
    return labels.get(action, action)


def lock_batch(batch: RotationBatch) -> RotationBatch:
    """The batch read again and locked for this transaction, with its two libraries."""
    return (
        RotationBatch.objects.select_for_update(of=("self",))
        .select_related("from_library", "to_library")
        .get(pk=batch.pk)
    )


def period_check(
    *, from_library: Library, to_library: Library, start: dt.date, end: dt.date
) -> None:
    """Raise BatchRefused unless a batch may stay at `to_library` from `start` to `end`
    (TT 05/2022 Art. 6.2: policies.period_refusal)."""
    area, max_months = selectors.point_area(to_library)
    refusal = policies.period_refusal(
        start=start,
        end=end,
        area=area,
        max_months=max_months,
        same_library=from_library.pk == to_library.pk,
    )
    if refusal:
        raise BatchRefused(refusal.code, **refusal.params)


def clean_lines(value: str) -> str:
    """One clean NFC entry per line, blank lines dropped."""
    return "\n".join(text.clean(line) for line in value.splitlines() if line.strip())


def claimed_refusal(item: Item, refusal: type[LibnetError]) -> LibnetError | None:
    """`refusal`("already_claimed") naming the open batch, transfer or trip that holds the copy,
    or None when no claim holds it."""
    claim = ItemClaim.objects.filter(pk=item.pk).first()
    if claim is None:
        return None
    return refusal(
        "already_claimed", barcode=item.barcode, holder=selectors.claim_holder_text(claim)
    )


def claim_copy(item: Item, *, kind: str, holder_id: int, at: dt.datetime) -> None:
    """Claim the copy for a movement; the primary key refuses a second open one."""
    ItemClaim.objects.create(item=item, kind=kind, holder_id=holder_id, claimed_at=at)


def release_copies(item_ids: Iterable[int], *, kind: str, holder_id: int) -> None:
    """End the claims of the movement (`kind`, `holder_id`) on the copies `item_ids`."""
    ItemClaim.objects.filter(item_id__in=list(item_ids), kind=kind, holder_id=holder_id).delete()
