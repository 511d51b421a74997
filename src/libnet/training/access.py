"""Scoped getters for training courses.

A course is changed by the staff of its organising library (or of a library covering it
from above) who hold the `training` permission, or by the officers of its organising body.
Anyone else gets NotFound, exactly as for a course that does not exist.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from libnet.core import text
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.errors import RoleRequired
from libnet.network.models import Library, ManagingBody
from libnet.training.errors import TrainingNotFound
from libnet.training.models import Course, Participant, Session

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
