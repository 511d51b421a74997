"""The standard itself: criteria versions, enrolment, evidence and the self-assessment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from libnet.core import audit, clock
from libnet.core.validation import check_date
from libnet.network import selectors as network_selectors
from libnet.network.access import User
from libnet.network.models import Library
from libnet.planning.periods import Period
from libnet.schools import criteria_file, policies, selectors
from libnet.schools.errors import (
    AssessmentRefused,
    CriteriaRefused,
    EnrolmentRefused,
    EvidenceRefused,
)
from libnet.schools.models import (
    CLASS_NAME_LENGTH,
    COMPUTED_MEASURES,
    AssessmentState,
    ClassEnrolment,
    CriteriaVersion,
    Criterion,
    Evidence,
    Measure,
    SelfAssessment,
)


def _user(by: User | None) -> Any:
    """The user to record as the author of a row (none for an anonymous or a command's call)."""
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _check_school_year(school_year: int) -> None:
    check_date(dt.date(school_year, 5, 31), field=_("School year"), window="operational")


@transaction.atomic
def load_criteria(
    *, path: Path = criteria_file.SHIPPED, by: User | None, publish: bool = True
) -> CriteriaVersion:
    """Load a criteria file (the one shipped with libnet by default) as a new version.

    Figures the file leaves empty (`null`, not confirmed in the text) stay empty: such a
    criterion cannot be assessed until the province fills it in a later version."""
    fields, rows = criteria_file.read(path)
    number = (CriteriaVersion.objects.aggregate(last=Max("number"))["last"] or 0) + 1
    version = CriteriaVersion.objects.create(
        number=number,
        is_published=publish,
        published_at=clock.now() if publish else None,
        **fields,
    )
    Criterion.objects.bulk_create(Criterion(version=version, **row) for row in rows)
    audit.record("schools.criteria_loaded", subject=version, by=by, note=path.name)
    return version


@transaction.atomic
def draft_from(*, version: CriteriaVersion, by: User | None) -> CriteriaVersion:
    """Copy `version` into a new draft the province edits (thresholds, confirmations,
    deadline) before publishing it."""
    number = (CriteriaVersion.objects.aggregate(last=Max("number"))["last"] or 0) + 1
    draft = CriteriaVersion.objects.create(
        number=number,
        title=version.title,
        source=version.source,
        due_month=version.due_month,
        due_day=version.due_day,
    )
    Criterion.objects.bulk_create(
        Criterion(
            version=draft,
            school_level=criterion.school_level,
            group=criterion.group,
            grade=criterion.grade,
            code=criterion.code,
            name=criterion.name,
            article=criterion.article,
            measure=criterion.measure,
            unit=criterion.unit,
            threshold=criterion.threshold,
            is_confirmed=criterion.is_confirmed,
            position=criterion.position,
        )
        for criterion in version.criteria.all()
    )
    audit.record("schools.criteria_drafted", subject=draft, by=by, note=str(version.number))
    return draft


@transaction.atomic
def publish(*, version: CriteriaVersion, by: User | None, at: dt.datetime | None = None) -> None:
    """Publish a draft: from now on schools are assessed against it."""
    if version.is_published:
        return
    version.is_published = True
    version.published_at = at or clock.now()
    version.save(update_fields=["is_published", "published_at"])
    audit.record("schools.criteria_published", subject=version, by=by, at=at)


# No class holds more: a figure past it is a typing mistake (and would not fit the column).
MAX_PER_CLASS = 2000


def _whole(value: object, field: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise EnrolmentRefused("not_a_number", field=field) from None
    if not 0 <= number <= MAX_PER_CLASS:
        raise EnrolmentRefused("not_a_number", field=field)
    return number


@transaction.atomic
def set_enrolment(
    *,
    library: Library,
    school_year: int,
    class_name: str,
    school_level: str,
    pupils: object,
    teachers: object,
    by: User | None,
) -> ClassEnrolment:
    """Record (or correct) one class's pupils and teachers in a school year."""
    _check_school_year(school_year)
    class_name = (class_name or "").strip()
    if not class_name or len(class_name) > CLASS_NAME_LENGTH:
        raise EnrolmentRefused("class_required")
    if school_level not in library.school_levels:
        raise EnrolmentRefused("level_not_taught", level=school_level)
    pupil_count = _whole(pupils, _("Pupils"))
    teacher_count = _whole(teachers, _("Teachers"))
    row, _created = ClassEnrolment.objects.update_or_create(
        library=library,
        school_year=school_year,
        class_name=class_name,
        defaults={"school_level": school_level, "pupils": pupil_count, "teachers": teacher_count},
    )
    audit.record(
        "schools.enrolment_set",
        subject=row,
        by=by,
        library_id=library.pk,
        after={"class": class_name, "pupils": pupil_count, "teachers": teacher_count},
    )
    return row


def _locked(library: Library, school_year: int) -> bool:
    sent = selectors.self_assessment(library, school_year)
    return sent is not None and sent.state != AssessmentState.RETURNED


@transaction.atomic
def record_evidence(
    *,
    library: Library,
    period: Period,
    criterion_code: str,
    value: object = None,
    answer: bool | None = None,
    evidence: str,
    by: User | None,
    at: dt.datetime | None = None,
) -> Evidence:
    """Enter what the school shows for a criterion libnet cannot count: a figure (area,
    seats…) or whether a statement is met, with the evidence it rests on."""
    _check_school_year(period.year)
    version = selectors.current_version()
    criterion = (
        version.criteria.filter(code=criterion_code, school_level__in=library.school_levels).first()
        if version
        else None
    )
    if criterion is None:
        raise EvidenceRefused("unknown_criterion", code=criterion_code)
    if criterion.measure in COMPUTED_MEASURES:
        raise EvidenceRefused("counted")
    if _locked(library, period.year):
        raise EvidenceRefused("locked")
    evidence = (evidence or "").strip()
    if not evidence:
        raise EvidenceRefused("evidence_required")
    number: Decimal | None = None
    if criterion.measure == Measure.NUMBER:
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except (InvalidOperation, ValueError):
            raise EvidenceRefused("value_required") from None
        if not number.is_finite() or number < 0 or number >= Decimal("1e10"):
            raise EvidenceRefused("value_required")
        answer = None
    elif answer is None:
        raise EvidenceRefused("answer_required")
    found, _created = Evidence.objects.update_or_create(
        library=library,
        school_year=period.year,
        criterion_code=criterion.code,
        defaults={
            "value": number,
            "is_met": answer,
            "evidence": evidence,
            "entered_by": _user(by),
            "entered_at": at or clock.now(),
        },
    )
    audit.record(
        "schools.evidence_recorded",
        subject=found,
        by=by,
        at=at,
        library_id=library.pk,
        after={"criterion": criterion.code, "value": str(number), "met": answer},
    )
    return found


def _step(state: str | None, action: str) -> str:
    following = policies.next_state(state, action)
    if following is None:
        raise AssessmentRefused(
            "not_allowed",
            state=str(AssessmentState(state).label) if state else _("not sent"),
            action={"submit": _("sent"), "accept": _("accepted"), "return": _("returned")}[action],
        )
    return following


@transaction.atomic
def submit_self_assessment(
    *, library: Library, period: Period, by: User | None, at: dt.datetime | None = None
) -> SelfAssessment:
    """Send the school's self-assessment of the school year to the body it reports to: its
    results per criterion, group and level are frozen as they are now."""
    at = at or clock.now()
    today = clock.local_date(at)
    _check_school_year(period.year)
    version = selectors.current_version()
    if version is None:
        raise AssessmentRefused("no_criteria")
    body = network_selectors.body_on(library, today)
    if body is None:
        raise AssessmentRefused("no_body")
    if selectors.enrolment(library, period.year).pupils == 0:
        raise AssessmentRefused("no_enrolment")
    sent = (
        SelfAssessment.objects.select_for_update()
        .filter(library=library, school_year=period.year)
        .first()
    )
    state = _step(sent.state if sent else None, "submit")
    results = selectors.live_assessment(library, period)
    due = policies.due_on(period.year, month=version.due_month, day=version.due_day)
    if sent is None:
        sent = SelfAssessment(library=library, school_year=period.year)
    sent.body = body
    sent.version = version
    sent.state = state
    sent.level = results["level"]
    sent.results = results
    sent.due_on = due
    sent.submitted_at = at
    sent.submitted_by = _user(by)
    sent.decided_at = None
    sent.decided_by = None
    sent.return_reason = ""
    sent.save()
    audit.record(
        "schools.self_assessment_submitted",
        subject=sent,
        by=by,
        at=at,
        library_id=library.pk,
        after={"level": results["level"], "body": body.code},
    )
    return sent


@transaction.atomic
def decide_self_assessment(
    *,
    assessment: SelfAssessment,
    accept: bool,
    reason: str = "",
    by: User | None,
    at: dt.datetime | None = None,
) -> SelfAssessment:
    """The managing body accepts the self-assessment, or returns it with a reason."""
    at = at or clock.now()
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    reason = (reason or "").strip()
    action = "accept" if accept else "return"
    state = _step(assessment.state, action)
    if not accept and not reason:
        raise AssessmentRefused("reason_required")
    assessment.state = state
    assessment.decided_at = at
    assessment.decided_by = _user(by)
    assessment.return_reason = reason
    assessment.save(update_fields=["state", "decided_at", "decided_by", "return_reason"])
    # Two literal codes, so that each has its label in the history (core.audit).
    if accept:
        audit.record(
            "schools.self_assessment_accepted",
            subject=assessment,
            by=by,
            at=at,
            library_id=assessment.library_id,
        )
    else:
        audit.record(
            "schools.self_assessment_returned",
            subject=assessment,
            by=by,
            at=at,
            library_id=assessment.library_id,
            note=reason,
        )
    return assessment


@transaction.atomic
def set_criterion(
    *,
    version: CriteriaVersion,
    school_level: str,
    code: str,
    threshold: Decimal | None,
    is_confirmed: bool | None = None,
    by: User | None,
) -> Criterion:
    """Fill (or change) a criterion's threshold in a draft version, and confirm a statement.
    A published version is never changed: the province drafts a new one (draft_from)."""
    if version.is_published:
        raise CriteriaRefused("published")
    criterion = version.criteria.filter(school_level=school_level, code=code).first()
    if criterion is None:
        raise EvidenceRefused("unknown_criterion", code=code)
    before = {"threshold": str(criterion.threshold), "confirmed": criterion.is_confirmed}
    criterion.threshold = threshold
    criterion.is_confirmed = (
        is_confirmed
        if is_confirmed is not None
        else threshold is not None or criterion.is_confirmed
    )
    criterion.save(update_fields=["threshold", "is_confirmed"])
    audit.record(
        "schools.criterion_set",
        subject=criterion,
        by=by,
        before=before,
        after={"threshold": str(threshold), "confirmed": criterion.is_confirmed},
    )
    return criterion
