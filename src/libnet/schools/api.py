"""JSON endpoints of the TT 16/2022 school library standard.

`GET /api/v1/schools/{code}/assessment?period=2026-SY`: the school's level and, per group,
its level and criteria (value, threshold, met: null when it cannot be assessed yet). As sent
once the school sent its self-assessment (and it was not returned); worked out live before.
A school the caller neither works at nor receives reports from is a 404.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema

from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import NotFound
from libnet.core.schemas import Identifier, TextRules
from libnet.planning.errors import PeriodRefused
from libnet.schools import access, selectors
from libnet.schools.errors import SchoolPeriodRefused

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


@router.get(
    "/schools/{code}/assessment",
    response={200: AssessmentOut, **refusals(NotFound, PeriodRefused, SchoolPeriodRefused)},
)
def get_assessment(request: HttpRequest, code: Identifier, period: SchoolYear) -> AssessmentOut:
    """Return a school's assessment against TT 16/2022 for a school year: `level` 2, 1, 0
    (Level 1 not reached) or null (a criterion it depends on cannot be assessed yet)."""
    school = access.get_school_for_reading(request.user, code.strip())
    school_year = access.school_year_from(period)
    result, sent = selectors.assessment(school, school_year)
    shaped = selectors.api_shape(result)
    return AssessmentOut(
        school=school.code,
        period=school_year.code,
        state=sent.state if sent else None,
        level=shaped["level"],
        groups=shaped["groups"],
    )
