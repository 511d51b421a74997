"""JSON endpoints of the cooperation programme, under /api/v1/programmes.

Read-only for now (the pages write): the programmes the caller is a party to, one with its
schools, activities, targets and reviews, and a review's figures worked out from what was
recorded. A programme the caller is not a party to is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema

from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.schemas import Code, IdParam, TextRules
from libnet.network.models import Library
from libnet.programmes import access, policies, selectors, services
from libnet.programmes.errors import ProgrammeInvalid, ProgrammeNotFound
from libnet.programmes.models import Programme

router = Router(tags=["programmes"], auth=STAFF_AUTH)

# A period as planning writes it (2026-H1, 2026-Q3, 2026); empty for the final review.
ReviewPeriod = Annotated[str, TextRules(max_length=16)]


class PartyOut(Schema):
    code: str
    name: str
    kind: str = "library"


class ProgrammeOut(Schema):
    id: int
    title: str
    reference: str
    culture: PartyOut
    education: PartyOut
    starts_on: dt.date
    ends_on: dt.date


class ActivityOut(Schema):
    kind: str
    id: int
    title: str
    state: str
    counts_on: dt.date | None


class ReviewRefOut(Schema):
    kind: str
    period: str
    updated_at: dt.datetime


class ProgrammeDetailOut(ProgrammeOut):
    goals: str
    schools: list[PartyOut]
    activities: list[ActivityOut]
    targets: dict[str, int]
    reviews: list[ReviewRefOut]
    editable: list[str]


class MeasureOut(Schema):
    measure: str
    label: str
    value: int
    target: int | None
    percent: float | None


class SchoolFiguresOut(Schema):
    school: str
    name: str
    batches: int
    copies: int
    uses: int
    events: int
    participants: int


class ReviewOut(Schema):
    programme: int
    kind: str
    period: str
    start: dt.date
    end: dt.date
    measures: list[MeasureOut]
    schools: list[SchoolFiguresOut]
    culture_text: str
    education_text: str
    next_steps: str


def _party(party: object) -> PartyOut:
    kind = getattr(party, "kind", "")
    return PartyOut(
        code=getattr(party, "code", ""),
        name=getattr(party, "name", ""),
        kind="library" if isinstance(party, Library) else kind,
    )


def _out(programme: Programme) -> ProgrammeOut:
    return ProgrammeOut(
        id=programme.pk,
        title=programme.title,
        reference=programme.reference,
        culture=_party(programme.culture_party),
        education=_party(programme.education_party),
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
    )


@router.get("/programmes", response={200: list[ProgrammeOut]})
def list_programmes(request: HttpRequest) -> list[ProgrammeOut]:
    """The programmes the caller is a party to (through a library or a managing body)."""
    return [_out(programme) for programme in access.programmes_for(request.user)]


@router.get(
    "/programmes/{programme_id}", response={200: ProgrammeDetailOut, **refusals(ProgrammeNotFound)}
)
def programme_detail(request: HttpRequest, programme_id: IdParam) -> ProgrammeDetailOut:
    """A programme: its schools, the activities it counts, its targets and reviews, and the
    parts the caller may change (`editable`)."""
    programme = access.get_programme_for_staff(request.user, programme_id)
    sides = access.editing_sides(request.user, programme)
    return ProgrammeDetailOut(
        **_out(programme).dict(),
        goals=programme.goals,
        schools=[_party(school) for school in selectors.schools_of(programme)],
        activities=[
            ActivityOut(
                kind=facts.kind,
                id=facts.object_id,
                title=facts.title,
                state=facts.state,
                counts_on=facts.counts_on,
            )
            for facts in selectors.linked_facts(programme)
        ],
        targets=dict(programme.targets.values_list("measure", "value")),
        reviews=[
            ReviewRefOut(kind=review.kind, period=review.period, updated_at=review.updated_at)
            for review in selectors.reviews_of(programme)
        ],
        editable=sorted(policies.editable_fields(sides)),
    )


@router.get(
    "/programmes/{programme_id}/reviews/{kind}",
    response={200: ReviewOut, **refusals(ProgrammeNotFound, ProgrammeInvalid)},
)
def programme_review(
    request: HttpRequest, programme_id: IdParam, kind: Code, period: ReviewPeriod = ""
) -> ReviewOut:
    """A review's figures (`kind` mid_term with `?period=2026-H1`, or final), worked out from
    what was recorded, and the departments' text."""
    programme = access.get_programme_for_staff(request.user, programme_id)
    code = services.review_period_code(programme, kind, period)
    sheet = selectors.review_sheet(programme, kind, code)
    review = sheet.review
    return ReviewOut(
        programme=programme.pk,
        kind=kind,
        period=code,
        start=sheet.start,
        end=sheet.end,
        measures=[
            MeasureOut(
                measure=row.code,
                label=str(row.label),
                value=row.value,
                target=row.target,
                percent=row.percent,
            )
            for row in sheet.measures
        ],
        schools=[
            SchoolFiguresOut(
                school=row.school.code,
                name=row.school.name,
                batches=row.batches,
                copies=row.copies,
                uses=row.uses,
                events=row.events,
                participants=row.participants,
            )
            for row in sheet.schools
        ],
        culture_text=review.culture_text if review else "",
        education_text=review.education_text if review else "",
        next_steps=review.next_steps if review else "",
    )
