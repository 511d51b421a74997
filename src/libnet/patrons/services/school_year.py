"""The school year: every class of a school moves up a grade, the final grade leaves."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest, Least

from libnet.core import audit, clock
from libnet.core.audit import Actor
from libnet.network.models import SCHOOL_KINDS, Library
from libnet.patrons import selectors
from libnet.patrons.errors import PatronRefused
from libnet.patrons.models import Patron

ROLLOVER_ACTION = "patrons.rollover"


@transaction.atomic
def rollover_school_year(
    *,
    school: Library,
    by: Actor,
    at: dt.datetime | None = None,
    final_grade: int | None = None,
) -> selectors.RolloverPlan:
    """Move every class of `school` up one grade for the new school year; return what was done.

    Pupils of the final grade leave: `left_school_on` is set and their cards end with the
    closing school year. The cards of the others are extended to the end of the next one
    (the school renews its pupils' cards with the year). Refused for a library that is not a
    school, and a second time in one calendar year (the classes would move twice).
    """
    at = at or clock.now()
    today = clock.local_date(at)
    if school.kind not in SCHOOL_KINDS:
        raise PatronRefused("not_a_school", library=school.name)
    if final_grade is not None and not 1 <= final_grade <= 12:
        raise PatronRefused("invalid_final_grade")
    # Lock the school row: two librarians pressing the button at once roll over once.
    Library.objects.select_for_update().filter(pk=school.pk).first()
    done = audit.entries_for(school).filter(
        action=ROLLOVER_ACTION, at__gte=dt.datetime(today.year, 1, 1, tzinfo=clock.VIETNAM)
    )
    previous = done.first()
    if previous is not None:
        raise PatronRefused(
            "rollover_already_done",
            library=school.name,
            done_on=clock.local_date(previous.at).strftime("%d/%m/%Y"),
        )
    plan = selectors.rollover_plan(school=school, today=today, final_grade=final_grade)
    # Highest grade first, each class by its pupils' ids read before any change.
    for move in plan.moves:
        pupils = Patron.objects.filter(pk__in=move.patron_ids)
        if move.to_class is None:
            pupils.update(
                left_school_on=today,
                card_valid_until=Least(F("card_valid_until"), Value(plan.leavers_valid_until)),
                updated_at=at,
            )
        else:
            pupils.update(
                school_class=move.to_class,
                card_valid_until=Greatest(F("card_valid_until"), Value(plan.next_valid_until)),
                updated_at=at,
            )
    audit.record(
        ROLLOVER_ACTION,
        subject=school,
        by=by,
        at=at,
        library_id=school.pk,
        after={
            "final_grade": plan.final_grade,
            "moved": {move.from_class: move.to_class for move in plan.moving_up},
            "moved_pupils": plan.moving_count,
            "left": {move.from_class: move.pupils for move in plan.leaving},
            "unchanged_classes": [move.from_class for move in plan.unknown],
        },
    )
    return plan
