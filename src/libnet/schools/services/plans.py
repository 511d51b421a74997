"""The school library's plan for the school year: written by the school, sent to the body it
reports to by 15/10 (the province's setting), accepted or returned with a reason."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from libnet.core import audit, clock, text
from libnet.network import selectors as network_selectors
from libnet.network.access import User
from libnet.network.models import Library
from libnet.schools import policies, selectors
from libnet.schools.errors import PlanRefused
from libnet.schools.models import LibraryPlan, PlanState
from libnet.schools.services.standard import _check_school_year, _user

TEXT_LIMIT = 20_000


def _text(value: object, field: str, *, required: bool) -> str:
    cleaned = text.clean(str(value or ""))
    if required and not cleaned:
        raise PlanRefused("required", field=field)
    if len(cleaned) > TEXT_LIMIT:
        raise PlanRefused("too_long", field=field, limit=TEXT_LIMIT)
    return cleaned


def _introductions(value: object) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise PlanRefused("introductions") from None
    if not 0 <= number <= 31:
        raise PlanRefused("introductions")
    return number


def _due(school_year: int) -> dt.date:
    version = selectors.current_version()
    month, day = (version.plan_due_month, version.plan_due_day) if version else (10, 15)
    return policies.plan_due_on(school_year, month=month, day=day)


@transaction.atomic
def save_plan(
    *,
    library: Library,
    school_year: int,
    goals: object,
    activities: object,
    book_introductions_per_month: object,
    needs: object = "",
    by: User | None,
    at: dt.datetime | None = None,
) -> LibraryPlan:
    """Write (or rewrite) the school's plan for the school year; a plan that was sent can be
    changed only once it is returned."""
    at = at or clock.now()
    _check_school_year(school_year)
    plan = (
        LibraryPlan.objects.select_for_update()
        .filter(library=library, school_year=school_year)
        .first()
    )
    if plan is not None and plan.state in (PlanState.SUBMITTED, PlanState.ACCEPTED):
        raise PlanRefused("locked")
    values = {
        "goals": _text(goals, _("Goals"), required=True),
        "activities": _text(activities, _("Activities"), required=True),
        "book_introductions_per_month": _introductions(book_introductions_per_month),
        "needs": _text(needs, _("Needs and proposals"), required=False),
    }
    if plan is None:
        plan = LibraryPlan(library=library, school_year=school_year, due_on=_due(school_year))
    for name, value in values.items():
        setattr(plan, name, value)
    plan.updated_at = at
    plan.save()
    audit.record(
        "schools.plan_saved",
        subject=plan,
        by=by,
        at=at,
        library_id=library.pk,
        after={"book_introductions_per_month": plan.book_introductions_per_month},
    )
    return plan


def _step(state: str, action: str) -> str:
    following = policies.next_state(state or None, action)
    if following is None:
        raise PlanRefused("not_allowed")
    return following


@transaction.atomic
def submit_plan(
    *, library: Library, school_year: int, by: User | None, at: dt.datetime | None = None
) -> LibraryPlan:
    """Send the plan to the body the school reports to today."""
    at = at or clock.now()
    plan = (
        LibraryPlan.objects.select_for_update()
        .filter(library=library, school_year=school_year)
        .first()
    )
    if plan is None:
        raise PlanRefused("no_plan")
    body = network_selectors.body_on(library, clock.local_date(at))
    if body is None:
        raise PlanRefused("no_body")
    plan.state = _step(plan.state, "submit")
    plan.body = body
    plan.due_on = _due(school_year)
    plan.submitted_at = at
    plan.submitted_by = _user(by)
    plan.decided_at = None
    plan.decided_by = None
    plan.return_reason = ""
    plan.save()
    audit.record(
        "schools.plan_submitted",
        subject=plan,
        by=by,
        at=at,
        library_id=library.pk,
        after={"body": body.code},
    )
    return plan


@transaction.atomic
def decide_plan(
    *,
    plan: LibraryPlan,
    accept: bool,
    reason: str = "",
    by: User | None,
    at: dt.datetime | None = None,
) -> LibraryPlan:
    """The managing body accepts the plan, or returns it with a reason."""
    at = at or clock.now()
    plan = LibraryPlan.objects.select_for_update().get(pk=plan.pk)
    reason = text.clean(reason or "")
    plan.state = _step(plan.state, "accept" if accept else "return")
    if not accept and not reason:
        raise PlanRefused("reason_required")
    plan.decided_at = at
    plan.decided_by = _user(by)
    plan.return_reason = reason
    plan.save(update_fields=["state", "decided_at", "decided_by", "return_reason"])
    if accept:
        audit.record(
            "schools.plan_accepted", subject=plan, by=by, at=at, library_id=plan.library_id
        )
    else:
        audit.record(
            "schools.plan_returned",
            subject=plan,
            by=by,
            at=at,
            library_id=plan.library_id,
            note=reason,
        )
    return plan
