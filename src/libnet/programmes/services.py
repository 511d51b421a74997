"""Every write of the cooperation programme: check → write → audit, in one transaction.

Who may call which is access.py's (each side its own parts); these functions check the
facts: the parties' kinds, the schools, that a linked activity concerns the programme.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from libnet.core import audit, clock, text, validation
from libnet.core.audit import Actor
from libnet.network.models import Library, ManagingBody
from libnet.planning.periods import InvalidPeriod
from libnet.planning.periods import parse as parse_period
from libnet.programmes import activities, policies
from libnet.programmes.errors import ProgrammeInvalid, ProgrammeNotFound
from libnet.programmes.models import (
    Programme,
    ProgrammeActivity,
    ProgrammeReview,
    ProgrammeSchool,
    ProgrammeTarget,
    ReviewKind,
)
from libnet.programmes.selectors import scope_of


def _user(by: Actor) -> Any:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _clean_text(value: str, *, limit: int = policies.MAX_TEXT) -> str:
    cleaned = text.clean(value or "")
    if len(cleaned) > limit:
        raise ProgrammeInvalid("text_too_long", limit=limit)
    return cleaned


def _check_parties(culture: Library | ManagingBody, education: Library | ManagingBody) -> None:
    if isinstance(culture, ManagingBody):
        if culture.kind not in policies.CULTURE_BODY_KINDS:
            raise ProgrammeInvalid("not_culture_party", name=culture.name)
    elif not policies.can_be_culture_library(kind=culture.kind, sector=culture.sector):
        raise ProgrammeInvalid("not_culture_party", name=culture.name)
    if isinstance(education, ManagingBody):
        if education.kind not in policies.EDUCATION_BODY_KINDS:
            raise ProgrammeInvalid("not_education_party", name=education.name)
    elif not policies.is_school(kind=education.kind, sector=education.sector):
        raise ProgrammeInvalid("not_education_party", name=education.name)


@transaction.atomic
def create_programme(
    *,
    title: str,
    culture: Library | ManagingBody,
    education: Library | ManagingBody,
    starts_on: dt.date,
    ends_on: dt.date,
    reference: str = "",
    goals: str = "",
    by: Actor,
    at: dt.datetime | None = None,
) -> Programme:
    """Record a programme between `culture` (the Sở VHTTDL or a public library) and
    `education` (the Sở GD&ĐT, a commune office or a school). A school as the education
    side is the programme's one school.

    Raises ProgrammeInvalid (a party of the wrong kind, no title, dates the wrong way round
    or more than MAX_YEARS apart) or DateOutOfRange; nothing is written then.
    """
    at = at or clock.now()
    title = _clean_text(title, limit=300)
    if not title:
        raise ProgrammeInvalid("title_required")
    _check_parties(culture, education)
    today = clock.local_date(at)
    validation.check_date(starts_on, field=_("Starts"), window="operational", today=today)
    validation.check_date(ends_on, field=_("Ends"), window="operational", today=today)
    if ends_on < starts_on:
        raise ProgrammeInvalid("ends_before_start")
    if policies.ends_too_late(starts_on, ends_on):
        raise ProgrammeInvalid("too_long", years=policies.MAX_YEARS)
    programme = Programme(
        title=title,
        reference=_clean_text(reference, limit=100),
        goals=_clean_multiline(goals),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=_user(by),
        created_at=at,
    )
    if isinstance(culture, ManagingBody):
        programme.culture_body = culture
    else:
        programme.culture_library = culture
    if isinstance(education, ManagingBody):
        programme.education_body = education
    else:
        programme.education_library = education
    programme.save()
    if isinstance(education, Library):
        ProgrammeSchool.objects.create(
            programme=programme, school=education, chosen_by=_user(by), chosen_at=at
        )
    audit.record(
        "programme.create",
        subject=programme,
        by=by,
        at=at,
        after={
            "title": title,
            "culture": getattr(culture, "code", ""),
            "education": getattr(education, "code", ""),
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
        },
    )
    return programme


@transaction.atomic
def choose_schools(
    *,
    programme: Programme,
    schools: Iterable[Library],
    by: Actor,
    at: dt.datetime | None = None,
) -> list[Library]:
    """Set the schools the education side chose: those not in `schools` leave the
    programme, the new ones join it (their figures count from the programme's start).

    Raises ProgrammeInvalid for a library that is not a school, or for another school when
    the education side is a school; nothing is written then.
    """
    at = at or clock.now()
    chosen = {school.pk: school for school in schools}
    for school in chosen.values():
        if not policies.is_school(kind=school.kind, sector=school.sector):
            raise ProgrammeInvalid("not_a_school", name=school.name)
        if programme.education_library_id and school.pk != programme.education_library_id:
            assert programme.education_library is not None
            raise ProgrammeInvalid("not_this_school", school=programme.education_library.name)
    before = set(programme.schools.values_list("school_id", flat=True))
    programme.schools.exclude(school_id__in=list(chosen)).delete()
    ProgrammeSchool.objects.bulk_create(
        ProgrammeSchool(programme=programme, school=school, chosen_by=_user(by), chosen_at=at)
        for school_id, school in chosen.items()
        if school_id not in before
    )
    audit.record(
        "programme.schools",
        subject=programme,
        by=by,
        at=at,
        before={"schools": sorted(before)},
        after={"schools": sorted(chosen)},
    )
    return sorted(chosen.values(), key=lambda school: school.name)


def _activity_kind(kind: str) -> activities.ActivityKind:
    found = activities.KINDS.get(kind)
    if found is None:
        raise ProgrammeInvalid("unknown_activity_kind", codes=", ".join(sorted(activities.KINDS)))
    return found


@transaction.atomic
def link_activity(
    *, programme: Programme, kind: str, object_id: int, by: Actor, at: dt.datetime | None = None
) -> ProgrammeActivity:
    """Count a rotation batch or an event (a kind of activities.KINDS) in the programme.

    Only an object that concerns the programme may be linked: a batch to one of its schools,
    an event of a party library or a school, held at one, or with a party body as partner.
    Raises ProgrammeNotFound("activity_not_found") otherwise. Linking twice changes nothing.
    """
    return link_activities(programme=programme, kind=kind, object_ids=[object_id], by=by, at=at)[0]


@transaction.atomic
def link_activities(
    *,
    programme: Programme,
    kind: str,
    object_ids: Iterable[int],
    by: Actor,
    at: dt.datetime | None = None,
) -> list[ProgrammeActivity]:
    """Count several objects of one kind in the programme at once (link_activity's rule for
    each; one refused, none linked)."""
    at = at or clock.now()
    found = _activity_kind(kind)
    wanted = list(dict.fromkeys(object_ids))
    candidates = {facts.object_id for facts in found.candidates(scope_of(programme))}
    for object_id in wanted:
        if object_id not in candidates:
            raise ProgrammeNotFound("activity_not_found", kind=found.label, id=object_id)
    linked = set(
        programme.activities.filter(kind=kind, object_id__in=wanted).values_list(
            "object_id", flat=True
        )
    )
    ProgrammeActivity.objects.bulk_create(
        ProgrammeActivity(
            programme=programme, kind=kind, object_id=object_id, added_by=_user(by), added_at=at
        )
        for object_id in wanted
        if object_id not in linked
    )
    new = [object_id for object_id in wanted if object_id not in linked]
    if new:
        audit.record(
            "programme.link", subject=programme, by=by, at=at, after={"kind": kind, "ids": new}
        )
    by_id = {
        activity.object_id: activity
        for activity in programme.activities.filter(kind=kind, object_id__in=wanted)
    }
    return [by_id[object_id] for object_id in wanted]


@transaction.atomic
def unlink_activity(
    *, programme: Programme, kind: str, object_id: int, by: Actor, at: dt.datetime | None = None
) -> None:
    """Stop counting an activity in the programme (the activity itself is untouched)."""
    at = at or clock.now()
    found = _activity_kind(kind)
    deleted, _rows = programme.activities.filter(kind=kind, object_id=object_id).delete()
    if not deleted:
        raise ProgrammeNotFound("activity_not_found", kind=found.label, id=object_id)
    audit.record(
        "programme.unlink", subject=programme, by=by, at=at, before={"kind": kind, "id": object_id}
    )


@transaction.atomic
def set_targets(
    *,
    programme: Programme,
    targets: Mapping[str, int | None],
    by: Actor,
    at: dt.datetime | None = None,
) -> dict[str, int]:
    """Set the programme's targets by measure (activities.measure_labels); None removes one.

    Raises ProgrammeInvalid for an unknown measure or a target out of 0…MAX_TARGET.
    """
    at = at or clock.now()
    known = activities.measure_labels()
    for measure, value in targets.items():
        if measure not in known:
            raise ProgrammeInvalid("unknown_measure", codes=", ".join(known))
        if value is not None and not 0 <= value <= policies.MAX_TARGET:
            raise ProgrammeInvalid("bad_target", limit=f"{policies.MAX_TARGET:,}".replace(",", "."))
    before = dict(programme.targets.values_list("measure", "value"))
    for measure, value in targets.items():
        if value is None:
            programme.targets.filter(measure=measure).delete()
        else:
            ProgrammeTarget.objects.update_or_create(
                programme=programme, measure=measure, defaults={"value": value}
            )
    after = dict(programme.targets.values_list("measure", "value"))
    audit.record("programme.targets", subject=programme, by=by, at=at, before=before, after=after)
    return after


def review_period_code(programme: Programme, kind: str, period: str) -> str:
    """Check the period of a review and return its code ("" for the final review).

    Raises ProgrammeInvalid: an unknown kind, a mid-term review without a period or with one
    outside the programme; PeriodRefused-like `period_outside` names the programme's days.
    """
    if kind not in ReviewKind.values:
        raise ProgrammeInvalid("unknown_review_kind")
    if kind == ReviewKind.FINAL:
        return ""
    if not (period or "").strip():
        raise ProgrammeInvalid("period_required")
    try:
        found = parse_period(period)
    except InvalidPeriod:
        raise ProgrammeInvalid("period_required") from None
    span = policies.review_span(
        starts_on=programme.starts_on, ends_on=programme.ends_on, period=(found.start, found.end)
    )
    if span is None:
        raise ProgrammeInvalid(
            "period_outside",
            period=found.code,
            start=programme.starts_on.strftime("%d/%m/%Y"),
            end=programme.ends_on.strftime("%d/%m/%Y"),
        )
    return found.code


@transaction.atomic
def save_review(
    *,
    programme: Programme,
    kind: str,
    period: str = "",
    culture_text: str | None = None,
    education_text: str | None = None,
    next_steps: str | None = None,
    by: Actor,
    at: dt.datetime | None = None,
) -> ProgrammeReview:
    """Open the mid-term review of `period` (sơ kết) or the final review (tổng kết), and
    write the parts given (None leaves a part as it is). Its figures are not stored: they
    are worked out from what was recorded whenever the review is shown or printed.

    Raises ProgrammeInvalid (see review_period_code; a text too long).
    """
    at = at or clock.now()
    code = review_period_code(programme, kind, period)
    review = (
        ProgrammeReview.objects.select_for_update()
        .filter(programme=programme, kind=kind, period=code)
        .first()
    ) or ProgrammeReview(programme=programme, kind=kind, period=code, updated_at=at)
    before = {
        "culture_text": review.culture_text,
        "education_text": review.education_text,
        "next_steps": review.next_steps,
    }
    if culture_text is not None:
        review.culture_text = _clean_multiline(culture_text)
    if education_text is not None:
        review.education_text = _clean_multiline(education_text)
    if next_steps is not None:
        review.next_steps = _clean_multiline(next_steps)
    review.updated_by = _user(by)
    review.updated_at = at
    review.save()
    audit.record(
        "programme.review",
        subject=programme,
        by=by,
        at=at,
        before=before,
        after={
            "kind": kind,
            "period": code,
            "culture_text": review.culture_text,
            "education_text": review.education_text,
            "next_steps": review.next_steps,
        },
    )
    return review


def _clean_multiline(value: str) -> str:
    """Keep the paragraphs a department wrote; each line cleaned as a single-line text."""
    lines = [text.clean(line) for line in (value or "").replace("\r\n", "\n").split("\n")]
    cleaned = "\n".join(lines).strip()
    if len(cleaned) > policies.MAX_TEXT:
        raise ProgrammeInvalid("text_too_long", limit=policies.MAX_TEXT)
    return cleaned
