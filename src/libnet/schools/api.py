"""JSON endpoints of the TT 16/2022 school library standard.

`GET /api/v1/schools/{code}/assessment?period=2026-SY`: the school's level and, per group,
its level and criteria (value, threshold, met: null when it cannot be assessed yet). As sent
once the school sent its self-assessment (and it was not returned); worked out live before.
`POST /api/v1/schools/{code}/assessment/submit {"period"}`: the school sends it to the body it
reports to; `POST /api/v1/schools/{code}/assessment/decide {"period","accept","reason"}`: that
body's officer accepts it or returns it with a reason. Both answer the assessment as above.
A school the caller neither works at nor receives reports from is a 404.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema

from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import NotFound
from libnet.core.schemas import Identifier, InputSchema, TextRules
from libnet.network.models import Library
from libnet.planning.errors import PeriodRefused
from libnet.schools import access, selectors, services
from libnet.schools.errors import (
    AssessmentRefused,
    SchoolNotFound,
    SchoolPeriodRefused,
    SchoolPermissionDenied,
)

router = Router(tags=["schools"], auth=STAFF_AUTH)

# A school year as planning names it: 2026-SY is 1/9/2025–31/8/2026.
SchoolYear = Annotated[str, TextRules(max_length=16)]


class CriterionOut(Schema):
    code: str
    grade: int
    value: float | None
    threshold: float | None
    met: bool | None


class GroupOut(Schema):
    code: str
    school_level: str
    level: int | None
    criteria: list[CriterionOut]


class AssessmentOut(Schema):
    school: str
    period: str
    state: str | None
    level: int | None
    groups: list[GroupOut]


class SubmitIn(InputSchema):
    period: SchoolYear


class DecideIn(InputSchema):
    period: SchoolYear
    accept: bool
    reason: Annotated[str, TextRules(max_length=2000)] = ""


def _answer(school: Library, period_code: str) -> AssessmentOut:
    school_year = access.school_year_from(period_code)
    result, sent = selectors.assessment(school, school_year)
    shaped = selectors.api_shape(result)
    return AssessmentOut(
        school=school.code,
        period=school_year.code,
        state=sent.state if sent else None,
        level=shaped["level"],
        groups=shaped["groups"],
    )


@router.get(
    "/schools/{code}/assessment",
    response={200: AssessmentOut, **refusals(NotFound, PeriodRefused, SchoolPeriodRefused)},
)
def get_assessment(request: HttpRequest, code: Identifier, period: SchoolYear) -> AssessmentOut:
    """Return a school's assessment against TT 16/2022 for a school year: `level` 2, 1, 0
    (Level 1 not reached) or null (a criterion it depends on cannot be assessed yet)."""
    school = access.get_school_for_reading(request.user, code.strip())
    return _answer(school, period)


@router.post(
    "/schools/{code}/assessment/submit",
    response={
        200: AssessmentOut,
        **refusals(
            SchoolNotFound,
            SchoolPermissionDenied,
            PeriodRefused,
            SchoolPeriodRefused,
            AssessmentRefused,
        ),
    },
)
def submit_assessment(request: HttpRequest, code: Identifier, payload: SubmitIn) -> AssessmentOut:
    """Send the school's self-assessment of the school year to the body it reports to (staff
    of the school with the reporting role); its results are frozen as they are now."""
    school = access.get_school_for_preparing(request.user, code.strip())
    services.submit_self_assessment(
        library=school, period=access.school_year_from(payload.period), by=request.user
    )
    return _answer(school, payload.period)


@router.post(
    "/schools/{code}/assessment/decide",
    response={
        200: AssessmentOut,
        **refusals(SchoolNotFound, PeriodRefused, SchoolPeriodRefused, AssessmentRefused),
    },
)
def decide_assessment(request: HttpRequest, code: Identifier, payload: DecideIn) -> AssessmentOut:
    """Accept the self-assessment sent to your body, or return it with a reason (officers of
    the body it was sent to; anyone else a 404)."""
    school_year = access.school_year_from(payload.period)
    sent = access.get_assessment_for_decision(request.user, code.strip(), school_year)
    services.decide_self_assessment(
        assessment=sent, accept=payload.accept, reason=payload.reason, by=request.user
    )
    return _answer(sent.library, payload.period)
