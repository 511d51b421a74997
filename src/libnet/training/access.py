"""Scoped getters for training courses.

A course is changed by the staff of its organising library (or of a library covering it
from above) who hold the `training` permission, or by the officers of its organising body.
Anyone else gets NotFound, exactly as for a course that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from libnet.core import text
from libnet.network import access as network_access
from libnet.network import selectors as network_selectors
from libnet.network.access import User
from libnet.network.errors import RoleRequired
from libnet.network.models import Library, ManagingBody
from libnet.training.errors import InspectionNotFound, TrainingNotFound
from libnet.training.models import (
    Checklist,
    Course,
    Inspection,
    Participant,
    Recommendation,
    Session,
    StaffQualification,
)
from libnet.training.policies import STAFF_ROLES

PERMISSION = "training"
BODY_PERMISSION = "decide"


def organiser_scope(user: User) -> tuple[frozenset[int], frozenset[int]]:
    """(library ids, body ids) whose courses `user` organises."""
    return (
        network_access.visible_library_ids(user, PERMISSION),
        network_access.body_ids(user, BODY_PERMISSION),
    )


def require_training_role(user: User) -> tuple[frozenset[int], frozenset[int]]:
    """organiser_scope, or a 403 naming the roles it takes when there is none."""
    library_ids, body_ids = organiser_scope(user)
    if not library_ids and not body_ids:
        raise RoleRequired(PERMISSION)
    return library_ids, body_ids


def courses_for_staff(user: User) -> QuerySet[Course]:
    library_ids, body_ids = organiser_scope(user)
    return Course.objects.filter(Q(library_id__in=library_ids) | Q(body_id__in=body_ids))


def get_course_for_staff(user: User, course_id: int) -> Course:
    """The course if `user` organises courses for its library or body; NotFound otherwise."""
    course = courses_for_staff(user).filter(pk=course_id).select_related("library", "body").first()
    if course is None:
        raise TrainingNotFound("course_not_found")
    return course


def get_organiser(
    user: User, *, library_code: str = "", body_code: str = ""
) -> tuple[Library | None, ManagingBody | None]:
    """The library or the body (by code) for which `user` organises courses; NotFound
    otherwise. Exactly one of the codes is given (the service refuses both or neither)."""
    library_ids, body_ids = organiser_scope(user)
    library = body = None
    if library_code:
        library = Library.objects.filter(
            code=text.identifier(library_code), pk__in=library_ids
        ).first()
        if library is None:
            raise TrainingNotFound("organiser_not_found")
    if body_code:
        body = ManagingBody.objects.filter(code=text.identifier(body_code), pk__in=body_ids).first()
        if body is None:
            raise TrainingNotFound("organiser_not_found")
    return library, body


def get_session(course: Course, session_id: int) -> Session:
    session = Session.objects.filter(course=course, pk=session_id).first()
    if session is None:
        raise TrainingNotFound("session_not_found")
    return session


def get_participant(course: Course, participant_id: int) -> Participant:
    participant = (
        Participant.objects.filter(course=course, pk=participant_id)
        .select_related("course", "library")
        .first()
    )
    if participant is None:
        raise TrainingNotFound("participant_not_found")
    return participant


def get_network_library(code: str) -> Library:
    """Any active library of the network by its code: a participant's workplace (codes are
    public, the OPAC lists them)."""
    library = Library.objects.filter(code=text.identifier(code), is_active=True).first()
    if library is None:
        raise TrainingNotFound("library_not_found")
    return library


def get_staff_member(user: User, username: str) -> Any:
    """A member of staff (by user name) of a library where `user` organises training;
    NotFound otherwise."""
    library_ids = network_access.visible_library_ids(user, PERMISSION)
    person = (
        get_user_model()
        .objects.filter(
            username=username.strip(),
            memberships__library_id__in=library_ids,
            memberships__role__in=STAFF_ROLES,
        )
        .distinct()
        .first()
    )
    if person is None:
        raise TrainingNotFound("person_not_found")
    return person


def get_qualification(user: User, qualification_id: int) -> StaffQualification:
    """A qualification of a member of staff of a library where `user` organises training."""
    library_ids = network_access.visible_library_ids(user, PERMISSION)
    qualification = (
        StaffQualification.objects.filter(
            pk=qualification_id,
            user__memberships__library_id__in=library_ids,
            user__memberships__role__in=STAFF_ROLES,
        )
        .distinct()
        .first()
    )
    if qualification is None:
        raise TrainingNotFound("qualification_not_found")
    return qualification


def report_library_ids(user: User) -> frozenset[int]:
    """The libraries whose staff qualifications `user` may read: those they work for (or
    cover), and those whose reports they see as a body's officer."""
    return network_access.visible_library_ids(user) | network_access.reporting_library_ids(user)


def inspectable_library_ids(user: User) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    """(libraries `user` may inspect, the libraries they inspect from, the bodies they inspect
    for): the libraries below those where they organise training, and the libraries whose
    reports their bodies receive."""
    library_ids, body_ids = organiser_scope(user)
    below = network_selectors.subtree_ids(list(library_ids)) - library_ids if library_ids else set()
    reported = network_access.reporting_library_ids(user, BODY_PERMISSION)
    return frozenset(below) | reported, library_ids, body_ids


def inspections_for_organiser(user: User) -> QuerySet[Inspection]:
    library_ids, body_ids = organiser_scope(user)
    return Inspection.objects.filter(Q(by_library_id__in=library_ids) | Q(body_id__in=body_ids))


def inspections_for_staff(user: User) -> QuerySet[Inspection]:
    """The inspections `user` made (for a library or a body) and those of their libraries."""
    library_ids, body_ids = organiser_scope(user)
    own = network_access.visible_library_ids(user)
    return Inspection.objects.filter(
        Q(by_library_id__in=library_ids) | Q(body_id__in=body_ids) | Q(library_id__in=own)
    )


def get_inspection_for_organiser(user: User, inspection_id: int) -> Inspection:
    """An inspection `user` made (changes it); NotFound otherwise."""
    inspection = (
        inspections_for_organiser(user)
        .filter(pk=inspection_id)
        .select_related("library", "by_library", "body", "checklist")
        .first()
    )
    if inspection is None:
        raise InspectionNotFound("inspection_not_found")
    return inspection


def get_inspection_for_staff(user: User, inspection_id: int) -> Inspection:
    """An inspection `user` made or of a library they work for (reads it); NotFound
    otherwise, as for one that does not exist."""
    inspection = (
        inspections_for_staff(user)
        .filter(pk=inspection_id)
        .select_related("library", "by_library", "body", "checklist")
        .first()
    )
    if inspection is None:
        raise InspectionNotFound("inspection_not_found")
    return inspection


def can_change_inspection(user: User, inspection: Inspection) -> bool:
    library_ids, body_ids = organiser_scope(user)
    return inspection.by_library_id in library_ids or inspection.body_id in body_ids


def get_inspectable_library(user: User, code: str) -> Library:
    """A library `user` may inspect, by its code; NotFound otherwise."""
    ids = inspectable_library_ids(user)[0]
    library = Library.objects.filter(code=text.identifier(code), pk__in=ids).first()
    if library is None:
        raise InspectionNotFound("library_not_found")
    return library


def get_recommendation(inspection: Inspection, recommendation_id: int) -> Recommendation:
    found = Recommendation.objects.filter(inspection=inspection, pk=recommendation_id).first()
    if found is None:
        raise InspectionNotFound("recommendation_not_found")
    return found


def get_checklist(checklist_id: int) -> Checklist:
    checklist = Checklist.objects.filter(pk=checklist_id, is_active=True).first()
    if checklist is None:
        raise InspectionNotFound("checklist_not_found")
    return checklist
