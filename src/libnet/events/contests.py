"""A contest (hội thi): its rounds, its entrants (readers or pupils by name, or whole
classes), their scores per round and the prizes; the certificates (giấy khen) are printed
for the entrants with a prize (events.documents)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.core.validation import check_date
from libnet.events.errors import ContestRefused
from libnet.events.models import ContestEntrant, ContestRound, ContestScore, Event, EventState

CONTEST = "contest"
NAME_LIMIT = 200


def _contest(event: Event) -> Event:
    event = Event.objects.select_for_update(of=("self",)).select_related("kind").get(pk=event.pk)
    if event.kind.code != CONTEST:
        raise ContestRefused("not_a_contest")
    if event.state == EventState.CANCELLED:
        raise ContestRefused("cancelled")
    return event


def _name(value: object, code: str) -> str:
    name = text.clean(str(value or ""))
    if not name or len(name) > NAME_LIMIT:
        raise ContestRefused(code)
    return name


@transaction.atomic
def add_round(
    *,
    event: Event,
    name: object,
    held_on: dt.date | None = None,
    by: Actor,
    at: dt.datetime | None = None,
) -> ContestRound:
    """Add the next round of a contest."""
    at = at or clock.now()
    event = _contest(event)
    if held_on is not None:
        check_date(held_on, field=_("Held on"), window="operational", today=clock.local_date(at))
    number = (event.rounds.aggregate(last=Max("number"))["last"] or 0) + 1
    made = ContestRound.objects.create(
        event=event, number=number, name=_name(name, "round_name_required"), held_on=held_on
    )
    audit.record(
        "events.contest_round",
        subject=event,
        by=by,
        at=at,
        library_id=event.library_id,
        after={"round": number, "name": made.name},
    )
    return made


@transaction.atomic
def add_entrant(
    *,
    event: Event,
    name: object,
    unit: object = "",
    is_class: bool = False,
    by: Actor,
    at: dt.datetime | None = None,
) -> ContestEntrant:
    """Enter a person (by name) or a whole class in a contest."""
    at = at or clock.now()
    event = _contest(event)
    where = text.clean(str(unit or ""))
    if len(where) > NAME_LIMIT:
        raise ContestRefused("unit_too_long")
    made = ContestEntrant.objects.create(
        event=event, name=_name(name, "entrant_name_required"), unit=where, is_class=is_class
    )
    # An entrant may be a child: the history keeps the row, not the name.
    audit.record(
        "events.contest_entrant",
        subject=event,
        by=by,
        at=at,
        library_id=event.library_id,
        after={"entrant": made.pk},
    )
    return made


def _score(value: object) -> Decimal | None:
    raw = str(value if value is not None else "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        score = Decimal(raw)
    except InvalidOperation:
        raise ContestRefused("bad_score") from None
    if not score.is_finite() or not Decimal(0) <= score <= Decimal("9999.99"):
        raise ContestRefused("bad_score")
    return score.quantize(Decimal("0.01"))


@transaction.atomic
def record_score(
    *,
    contest_round: ContestRound,
    entrant: ContestEntrant,
    score: object,
    advanced: bool,
    by: Actor,
    at: dt.datetime | None = None,
) -> ContestScore:
    """Write (or rewrite) an entrant's score in a round and whether they go on."""
    at = at or clock.now()
    event = _contest(contest_round.event)
    if entrant.event_id != event.pk:
        raise ContestRefused("not_a_contest")
    value = _score(score)
    row, _ = ContestScore.objects.update_or_create(
        round=contest_round, entrant=entrant, defaults={"score": value, "advanced": advanced}
    )
    audit.record(
        "events.contest_score",
        subject=event,
        by=by,
        at=at,
        library_id=event.library_id,
        after={"round": contest_round.number, "entrant": entrant.pk, "score": str(value)},
    )
    return row


@transaction.atomic
def award_prize(
    *,
    entrant: ContestEntrant,
    prize: object,
    rank: object,
    by: Actor,
    at: dt.datetime | None = None,
) -> ContestEntrant:
    """Give an entrant a prize ("Giải Nhất", rank 1), or take it away with an empty name."""
    at = at or clock.now()
    event = _contest(entrant.event)
    name = text.clean(str(prize or ""))
    if len(name) > 100:
        raise ContestRefused("prize_too_long")
    place: int | None = None
    if name:
        try:
            place = int(str(rank).strip())
        except (TypeError, ValueError):
            raise ContestRefused("bad_rank") from None
        if not 1 <= place <= 99:
            raise ContestRefused("bad_rank")
    entrant.prize = name
    entrant.prize_rank = place
    entrant.save(update_fields=["prize", "prize_rank"])
    audit.record(
        "events.contest_prize",
        subject=event,
        by=by,
        at=at,
        library_id=event.library_id,
        after={"entrant": entrant.pk, "prize": name, "rank": place},
    )
    return entrant
