"""JSON endpoints of training, under /api/v1/training.

Thin: parse → access getter → one service → answer. A refusal is a 4xx `{"code", "message"}`;
a course the caller does not organise is a 404, as one that does not exist.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import NotFound, ValidationFailed
from libnet.core.schemas import Code, Date, Identifier, IdParam, InputSchema, LongText, Text
from libnet.network.errors import RoleRequired
from libnet.training import access, services
from libnet.training.errors import TrainingInvalid, TrainingRefused

router = Router(tags=["training"], auth=STAFF_AUTH)


class SessionIn(InputSchema):
    held_on: Date
    topic: Text


class CourseIn(InputSchema):
    library: Identifier = Field("", description="The organising library's code, or empty.")
    body: Identifier = Field("", description="The organising managing body's code, or empty.")
    title: Text
    starts_on: Date
    ends_on: Date
    place: Text = ""
    trainers: LongText = ""
    programme: LongText = ""
    sessions: Annotated[list[SessionIn], Field(max_length=100)] = []


class ParticipantIn(InputSchema):
    kind: Code = Field(
        description="staff, school_librarian, teacher, collaborator, commune_officer or outside."
    )
    username: Identifier = Field("", description="A libnet user of the network; empty: outside.")
    full_name: Text = ""
    unit: Text = Field("", description="The unit on the certificate (required from outside).")
    library: Identifier = Field("", description="The network library the person works for.")


class CreatedOut(Schema):
    id: int


@router.post(
    "/training/courses",
    response={
        201: CreatedOut,
        **refusals(NotFound, RoleRequired, TrainingInvalid, ValidationFailed),
    },
)
def create_course(request: HttpRequest, data: CourseIn) -> Status[CreatedOut]:
    """Plan a training course organised by a library (`library`) or a managing body (`body`)
    for which the caller organises courses, with its sessions."""
    access.require_training_role(request.user)
    if bool(data.library) == bool(data.body):
        raise TrainingInvalid("one_organiser")
    library, body = access.get_organiser(
        request.user, library_code=data.library, body_code=data.body
    )
    course = services.plan_course(
        title=data.title,
        library=library,
        body=body,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        place=data.place,
        trainers=data.trainers,
        programme=data.programme,
        sessions=[services.SessionPlan(s.held_on, s.topic) for s in data.sessions],
        by=request.user,
    )
    return Status(201, CreatedOut(id=course.pk))


@router.post(
    "/training/courses/{course_id}/participants",
    response={201: CreatedOut, **refusals(NotFound, TrainingInvalid, TrainingRefused)},
)
def add_participant(
    request: HttpRequest, course_id: IdParam, data: ParticipantIn
) -> Status[CreatedOut]:
    """Put a person on a planned course: a member of the network's staff by `username`, or
    someone outside libnet by `full_name` and `unit`."""
    course = access.get_course_for_staff(request.user, course_id)
    library = access.get_network_library(data.library) if data.library else None
    participant = services.add_participant(
        course=course,
        kind=data.kind,
        username=data.username,
        full_name=data.full_name,
        unit=data.unit,
        library=library,
        by=request.user,
    )
    return Status(201, CreatedOut(id=participant.pk))
