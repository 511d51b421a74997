"""Every write of training: check → write → audit, one transaction, keyword-only arguments.

Each service raises TrainingInvalid or TrainingRefused with a stable code; when it does,
nothing has been written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from libnet.core import audit, clock
from libnet.core.audit import Actor
from libnet.core.validation import check_date
from libnet.network.models import BodyMembership, Library, ManagingBody, Membership
from libnet.training import policies, stats_sources
from libnet.training.errors import (
    InspectionInvalid,
    InspectionRefused,
    TrainingInvalid,
    TrainingRefused,
)
from libnet.training.models import (
    Checklist,
    Course,
    CourseState,
    DegreeLevel,
    Finding,
    Inspection,
    InspectionKind,
    Participant,
    ParticipantKind,
    Rating,
    Recommendation,
    Result,
    Session,
    StaffQualification,
)

TITLE_LIMIT = 300
TEXT_LIMIT = 5000


@dataclass(frozen=True)
class SessionPlan:
    """A session to hold: its day and topic."""

    held_on: dt.date
    topic: str


def _text(value: str, limit: int) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise TrainingInvalid("text_too_long", limit=limit)
    return value


def _check_sessions(
    sessions: Sequence[SessionPlan], *, starts_on: dt.date, ends_on: dt.date
) -> None:
    for session in sessions:
        if not session.topic.strip():
            raise TrainingInvalid("topic_required")
        _text(session.topic, TITLE_LIMIT)
        if not starts_on <= session.held_on <= ends_on:
            raise TrainingInvalid("session_outside_course")


def _lock(course: Course, action: str) -> Course:
    """The course, locked; TrainingRefused unless `action` (change, finish, cancel) is allowed
    in its state."""
    course = Course.objects.select_for_update(of=("self",)).get(pk=course.pk)
    allowed = (
        course.state in policies.EDITABLE_STATES
        if action == "change"
        else policies.next_course_state(course.state, action) is not None
    )
    if not allowed:
        raise TrainingRefused(
            "not_allowed",
            state=course.get_state_display(),
            action=policies.ACTION_LABELS[action],
        )
    return course


@transaction.atomic
def plan_course(
    *,
    title: str,
    library: Library | None = None,
    body: ManagingBody | None = None,
    starts_on: dt.date,
    ends_on: dt.date,
    place: str = "",
    trainers: str = "",
    programme: str = "",
    sessions: Sequence[SessionPlan] = (),
    by: Actor,
    at: dt.datetime | None = None,
) -> Course:
    """Plan a course organised by `library` or by `body` (exactly one), with its sessions.

    Raises TrainingInvalid (no title, both or no organiser, dates out of order or out of the
    operational window, a session outside the course's days)."""
    at = at or clock.now()
    title = _text(title, TITLE_LIMIT)
    if not title:
        raise TrainingInvalid("title_required")
    if (library is None) == (body is None):
        raise TrainingInvalid("one_organiser")
    check_date(
        starts_on, field=str(Course._meta.get_field("starts_on").verbose_name), window="operational"
    )
    check_date(
        ends_on, field=str(Course._meta.get_field("ends_on").verbose_name), window="operational"
    )
    if ends_on < starts_on:
        raise TrainingInvalid("ends_before_start")
    _check_sessions(sessions, starts_on=starts_on, ends_on=ends_on)
    course = Course.objects.create(
        title=title,
        library=library,
        body=body,
        starts_on=starts_on,
        ends_on=ends_on,
        place=_text(place, TITLE_LIMIT),
        trainers=_text(trainers, TEXT_LIMIT),
        programme=_text(programme, TEXT_LIMIT),
        created_at=at,
        created_by=audit.user_of(by),
    )
    Session.objects.bulk_create(
        Session(course=course, held_on=plan.held_on, topic=plan.topic.strip(), order=index)
        for index, plan in enumerate(sessions)
    )
    audit.record(
        "training.plan",
        subject=course,
        by=by,
        at=at,
        library_id=course.library_id,
        after={"title": title, "starts_on": str(starts_on), "ends_on": str(ends_on)},
    )
    return course


@transaction.atomic
def add_session(
    *, course: Course, held_on: dt.date, topic: str, by: Actor, at: dt.datetime | None = None
) -> Session:
    """Add a session to a planned course. Raises TrainingInvalid, TrainingRefused."""
    course = _lock(course, "change")
    _check_sessions(
        [SessionPlan(held_on, topic)], starts_on=course.starts_on, ends_on=course.ends_on
    )
    session = Session.objects.create(
        course=course, held_on=held_on, topic=topic.strip(), order=course.sessions.count()
    )
    audit.record(
        "training.add_session",
        subject=course,
        by=by,
        at=at,
        library_id=course.library_id,
        after={"held_on": str(held_on), "topic": session.topic},
    )
    return session


def _network_workplace(user_id: int) -> tuple[Library | None, str]:
    """The library (or the body's name) a member of staff works for, for the certificate."""
    membership = (
        Membership.objects.filter(user_id=user_id).select_related("library").order_by("pk").first()
    )
    if membership is not None:
        return membership.library, membership.library.name
    body_membership = (
        BodyMembership.objects.filter(user_id=user_id).select_related("body").order_by("pk").first()
    )
    if body_membership is not None:
        return None, body_membership.body.name
    return None, ""


@transaction.atomic
def add_participant(
    *,
    course: Course,
    kind: str,
    username: str = "",
    full_name: str = "",
    unit: str = "",
    library: Library | None = None,
    by: Actor,
    at: dt.datetime | None = None,
) -> Participant:
    """Put a person on a planned course: a member of the network's staff by user name (their
    name and workplace come from libnet; `library` and `unit` may say otherwise), or anyone
    else by full name and unit.

    Raises TrainingInvalid (unknown kind, unknown user name, no name, no unit for an outsider),
    TrainingRefused (the course is no longer planned, the person is already on it)."""
    if kind not in ParticipantKind.values:
        raise TrainingInvalid("unknown_kind", codes=", ".join(ParticipantKind.values))
    course = _lock(course, "change")
    full_name = _text(full_name, 200)
    unit = _text(unit, TITLE_LIMIT)
    person = None
    if username:
        person = get_user_model().objects.filter(username=username.strip(), is_active=True).first()
        workplace, workplace_name = _network_workplace(person.pk) if person else (None, "")
        if person is None or not workplace_name:
            raise TrainingInvalid("unknown_person")
        full_name = (
            full_name or f"{person.last_name} {person.first_name}".strip() or person.username
        )
        library = library or workplace
        unit = unit or (library.name if library else workplace_name)
        if course.participants.filter(user=person).exists():
            raise TrainingRefused("already_on_course", name=full_name)
    else:
        if not full_name:
            raise TrainingInvalid("name_required")
        unit = unit or (library.name if library else "")
        if not unit:
            raise TrainingInvalid("unit_required")
    participant = Participant.objects.create(
        course=course, kind=kind, user=person, library=library, full_name=full_name, unit=unit
    )
    audit.record(
        "training.add_participant",
        subject=course,
        by=by,
        at=at,
        library_id=course.library_id,
        after={"participant": participant.pk, "kind": kind},
    )
    return participant


@transaction.atomic
def mark_attendance(
    *,
    session: Session,
    present: Iterable[int],
    by: Actor,
    at: dt.datetime | None = None,
) -> int:
    """Record who came to `session`: the participants `present` (ids of the course's
    participants; others are ignored) came, every other participant did not. Returns how many
    came. Raises TrainingRefused when the course is no longer planned."""
    course = _lock(session.course, "change")
    came = list(course.participants.filter(pk__in=set(present)).values_list("pk", flat=True))
    through = Participant.attended.through
    through.objects.filter(session_id=session.pk).delete()
    through.objects.bulk_create(
        through(session_id=session.pk, participant_id=participant_id) for participant_id in came
    )
    audit.record(
        "training.mark_attendance",
        subject=course,
        by=by,
        at=at,
        library_id=course.library_id,
        after={"session": session.pk, "present": len(came)},
    )
    return len(came)


@transaction.atomic
def record_results(
    *,
    course: Course,
    results: dict[int, str],
    by: Actor,
    at: dt.datetime | None = None,
) -> int:
    """Set the results of participants (id → passed, failed or pending) of a planned course;
    ids of other courses are ignored. Returns how many changed. Raises TrainingInvalid (an
    unknown result), TrainingRefused (the course is no longer planned)."""
    if any(result not in Result.values for result in results.values()):
        raise TrainingInvalid("unknown_result")
    course = _lock(course, "change")
    changed = 0
    participants = list(course.participants.filter(pk__in=results))
    for participant in participants:
        if participant.result != results[participant.pk]:
            participant.result = results[participant.pk]
            changed += 1
    Participant.objects.bulk_update(participants, ["result"])
    audit.record(
        "training.record_results",
        subject=course,
        by=by,
        at=at,
        library_id=course.library_id,
        after={"changed": changed},
    )
    return changed


@transaction.atomic
def finish_course(*, course: Course, by: Actor, at: dt.datetime | None = None) -> Course:
    """Close a course: every result decided, the certificates of those who passed numbered
    (in name order), the course and the people trained counted on its last day.

    Raises TrainingRefused (not planned, results still pending)."""
    at = at or clock.now()
    course = _lock(course, "finish")
    participants = list(course.participants.order_by("full_name", "pk"))
    refusal = policies.finish_refusal([participant.result for participant in participants])
    if refusal:
        code, count = refusal
        raise TrainingRefused(code, count=count)
    passed = [participant for participant in participants if participant.result == Result.PASSED]
    numbers = policies.certificate_numbers([participant.pk for participant in passed])
    for participant in passed:
        participant.certificate_number = numbers[participant.pk]
    Participant.objects.bulk_update(passed, ["certificate_number"])
    course.state = CourseState.FINISHED
    course.finished_at = at
    course.save(update_fields=["state", "finished_at"])
    stats_sources.count_course(course, passed=len(passed))
    audit.record(
        "training.finish",
        subject=course,
        by=by,
        at=at,
        library_id=course.library_id,
        after={"passed": len(passed), "participants": len(participants)},
    )
    return course


@transaction.atomic
def cancel_course(*, course: Course, by: Actor, at: dt.datetime | None = None) -> Course:
    """Cancel a planned course. Raises TrainingRefused when it is finished or cancelled."""
    course = _lock(course, "cancel")
    course.state = CourseState.CANCELLED
    course.save(update_fields=["state"])
    audit.record("training.cancel", subject=course, by=by, at=at, library_id=course.library_id)
    return course


@transaction.atomic
def record_qualification(
    *,
    person: Any,
    level: str,
    is_library_science: bool,
    awarded_on: dt.date,
    certificate: str = "",
    by: Actor,
    at: dt.datetime | None = None,
) -> StaffQualification:
    """Keep a qualification on a member of staff (a degree or a library certificate).

    Raises TrainingInvalid (an unknown level) or DateOutOfRange (a date outside the
    historical window)."""
    at = at or clock.now()
    if level not in DegreeLevel.values:
        raise TrainingInvalid("unknown_level", codes=", ".join(DegreeLevel.values))
    check_date(
        awarded_on,
        field=str(StaffQualification._meta.get_field("awarded_on").verbose_name),
        window="historical",
    )
    qualification = StaffQualification.objects.create(
        user=person,
        level=level,
        is_library_science=is_library_science or level == DegreeLevel.CERTIFICATE,
        certificate=_text(certificate, TITLE_LIMIT),
        awarded_on=awarded_on,
        recorded_at=at,
    )
    audit.record(
        "training.record_qualification",
        subject=qualification,
        by=by,
        at=at,
        after={"user": person.pk, "level": level, "awarded_on": str(awarded_on)},
    )
    return qualification


@transaction.atomic
def remove_qualification(
    *, qualification: StaffQualification, by: Actor, at: dt.datetime | None = None
) -> None:
    """Take a qualification recorded by mistake off a member of staff."""
    audit.record(
        "training.remove_qualification",
        subject=qualification,
        by=by,
        at=at,
        before={"user": qualification.user_id, "level": qualification.level},
    )
    qualification.delete()


@transaction.atomic
def record_inspection(
    *,
    library: Library,
    kind: str,
    visited_on: dt.date,
    by_library: Library | None = None,
    body: ManagingBody | None = None,
    inspectors: str = "",
    checklist: Checklist | None = None,
    by: Actor,
    at: dt.datetime | None = None,
) -> Inspection:
    """Record a survey or inspection visit of `library` by `by_library` or `body` (exactly
    one), against `checklist` (the default one when None).

    Raises InspectionInvalid (no or two organisers, unknown kind, no checklist at all) or
    DateOutOfRange."""
    at = at or clock.now()
    if (by_library is None) == (body is None):
        raise InspectionInvalid("one_organiser")
    if kind not in InspectionKind.values:
        raise InspectionInvalid("unknown_kind")
    check_date(
        visited_on,
        field=str(Inspection._meta.get_field("visited_on").verbose_name),
        window="operational",
    )
    checklist = (
        checklist or Checklist.objects.filter(is_active=True).order_by("-is_default", "pk").first()
    )
    if checklist is None:
        raise InspectionInvalid("no_checklist")
    inspectors = (inspectors or "").strip()
    if len(inspectors) > TEXT_LIMIT:
        raise InspectionInvalid("text_too_long", limit=TEXT_LIMIT)
    inspection = Inspection.objects.create(
        library=library,
        kind=kind,
        by_library=by_library,
        body=body,
        visited_on=visited_on,
        inspectors=inspectors,
        checklist=checklist,
        created_at=at,
    )
    audit.record(
        "training.record_inspection",
        subject=inspection,
        by=by,
        at=at,
        library_id=library.pk,
        after={"kind": kind, "visited_on": str(visited_on)},
    )
    return inspection


@transaction.atomic
def record_findings(
    *,
    inspection: Inspection,
    findings: dict[int, tuple[str, str]],
    summary: str | None = None,
    by: Actor,
    at: dt.datetime | None = None,
) -> int:
    """Rate the items of the inspection's checklist: item id → (rating, note); an item left
    out keeps what it had; an empty rating clears it. `summary`: the conclusion, when given.
    Returns how many items are rated. Raises InspectionInvalid."""
    items = set(inspection.checklist.items.values_list("pk", flat=True))
    for rating, note in findings.values():
        if rating and rating not in Rating.values:
            raise InspectionInvalid("unknown_rating")
        if len(note) > 1000:
            raise InspectionInvalid("text_too_long", limit=1000)
    if summary is not None and len(summary) > TEXT_LIMIT:
        raise InspectionInvalid("text_too_long", limit=TEXT_LIMIT)
    chosen = {item: value for item, value in findings.items() if item in items}
    Finding.objects.filter(inspection=inspection, item_id__in=chosen).delete()
    Finding.objects.bulk_create(
        Finding(inspection=inspection, item_id=item, rating=rating, note=note.strip())
        for item, (rating, note) in chosen.items()
        if rating
    )
    if summary is not None:
        inspection.summary = summary.strip()
        inspection.save(update_fields=["summary"])
    audit.record(
        "training.record_findings",
        subject=inspection,
        by=by,
        at=at,
        library_id=inspection.library_id,
        after={"items": len(chosen)},
    )
    return inspection.findings.count()


@transaction.atomic
def add_recommendation(
    *,
    inspection: Inspection,
    text: str,
    follow_up_on: dt.date,
    by: Actor,
    at: dt.datetime | None = None,
) -> Recommendation:
    """Ask the inspected library to do `text`, to be followed up on `follow_up_on`."""
    text = (text or "").strip()
    if not text:
        raise InspectionInvalid("text_required")
    if len(text) > 1000:
        raise InspectionInvalid("text_too_long", limit=1000)
    check_date(
        follow_up_on,
        field=str(Recommendation._meta.get_field("follow_up_on").verbose_name),
        window="operational",
    )
    if follow_up_on < inspection.visited_on:
        raise InspectionInvalid("follow_up_before_visit")
    recommendation = Recommendation.objects.create(
        inspection=inspection, text=text, follow_up_on=follow_up_on
    )
    audit.record(
        "training.add_recommendation",
        subject=inspection,
        by=by,
        at=at,
        library_id=inspection.library_id,
        after={"follow_up_on": str(follow_up_on)},
    )
    return recommendation


@transaction.atomic
def close_recommendation(
    *,
    recommendation: Recommendation,
    closing_note: str = "",
    by: Actor,
    at: dt.datetime | None = None,
) -> Recommendation:
    """Close a recommendation the library has carried out (today, Vietnam's day).

    Raises InspectionRefused when it is already closed."""
    at = at or clock.now()
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if recommendation.closed_on is not None:
        raise InspectionRefused("already_closed", day=recommendation.closed_on.strftime("%d/%m/%Y"))
    closing_note = (closing_note or "").strip()
    if len(closing_note) > 1000:
        raise InspectionInvalid("text_too_long", limit=1000)
    recommendation.closed_on = clock.local_date(at)
    recommendation.closing_note = closing_note
    recommendation.save(update_fields=["closed_on", "closing_note"])
    audit.record(
        "training.close_recommendation",
        subject=recommendation.inspection,
        by=by,
        at=at,
        library_id=recommendation.inspection.library_id,
        after={"recommendation": recommendation.pk},
    )
    return recommendation
