"""Reads of the school library standard: the criteria in force, a school's enrolment, and its
assessment for a school year, worked out from libnet's data or as it was sent.

An assessment is one plain dict (`assessment`), the same for the page, the PDF and the API,
and frozen as it is into a self-assessment when the school sends it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from libnet.catalog import selectors as catalog_selectors
from libnet.catalog.models import Item, ItemStatus
from libnet.core import clock
from libnet.network import selectors as network_selectors
from libnet.network.models import Library, ManagingBody
from libnet.planning.periods import Period
from libnet.schools import policies
from libnet.schools.models import (
    BookcaseCopy,
    ClassEnrolment,
    ClassroomBookcase,
    CriteriaGroup,
    CriteriaVersion,
    Criterion,
    Evidence,
    LibraryPlan,
    Measure,
    PupilHelper,
    SelfAssessment,
)
from libnet.stats import selectors as stats_selectors

# Copies gone from the shelves for good are not held: the rest are, wherever they are now
# (on loan, on rotation, being processed), textbooks counted (TT 16/2022 Art. 15).
NOT_HELD = frozenset({ItemStatus.WITHDRAWN, ItemStatus.LOST, ItemStatus.MISSING})
LOANS_INDICATOR = "loans"


def current_version() -> CriteriaVersion | None:
    """The criteria in force: the last version the province published."""
    return CriteriaVersion.objects.filter(is_published=True).order_by("-number").first()


def criteria_of(version: CriteriaVersion, school_levels: Iterable[str]) -> list[Criterion]:
    """The criteria of `version` for the given school levels, in the order of the text."""
    return list(
        version.criteria.filter(school_level__in=list(school_levels)).order_by(
            "school_level", "position"
        )
    )


@dataclass(frozen=True)
class Enrolment:
    pupils: int
    teachers: int
    classes: int


def enrolment_rows(library: Library, school_year: int) -> list[ClassEnrolment]:
    return list(ClassEnrolment.objects.filter(library=library, school_year=school_year))


def enrolment(library: Library, school_year: int) -> Enrolment:
    """Pupils, teachers and classes of a school in a school year (its sĩ số)."""
    totals = ClassEnrolment.objects.filter(library=library, school_year=school_year).aggregate(
        pupils=Sum("pupils"), teachers=Sum("teachers")
    )
    classes = ClassEnrolment.objects.filter(library=library, school_year=school_year).count()
    return Enrolment(int(totals["pupils"] or 0), int(totals["teachers"] or 0), classes)


def copies_held(library: Library) -> int:
    """Copies the school holds (its home copies, withdrawn, lost and missing ones apart)."""
    counts = catalog_selectors.copy_counts(frozenset({library.pk}))
    return sum(count for status, count in counts.items() if status not in NOT_HELD)


def loans_in(library: Library, period: Period) -> int:
    """Loans at the school's desk over the school year (stats' daily counters)."""
    figures = stats_selectors.figures_by_library(
        [library.pk], period.start, period.end, LOANS_INDICATOR
    )
    return figures.get(library.pk, {}).get(LOANS_INDICATOR, 0)


def _number(value: Decimal | None) -> float | None:
    if value is None:
        return None
    return float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def evidence_of(library: Library, school_year: int) -> dict[str, Evidence]:
    return {
        found.criterion_code: found
        for found in Evidence.objects.filter(library=library, school_year=school_year)
    }


def live_assessment(library: Library, period: Period) -> dict[str, Any]:
    """Work out the school's assessment for the school year `period` from libnet's data
    now: counted criteria from its holdings, enrolment and loans, the rest from the evidence
    it entered. Criteria of the current published version."""
    version = current_version()
    school_year = period.year
    counts = enrolment(library, school_year)
    copies = copies_held(library)
    loans = loans_in(library, period)
    computed: dict[str, Decimal | None] = {
        Measure.COPIES_PER_PUPIL: policies.ratio(copies, counts.pupils),
        Measure.COPIES_PER_TEACHER: policies.ratio(copies, counts.teachers),
        Measure.LOANS_PER_PUPIL: policies.ratio(loans, counts.pupils),
    }
    entered = evidence_of(library, school_year)
    levels = list(library.school_levels)
    groups: list[dict[str, Any]] = []
    by_level: dict[str, list[policies.Reached]] = defaultdict(list)
    criteria = criteria_of(version, levels) if version else []
    for school_level in levels:
        for group in CriteriaGroup.values:
            rows = []
            results: list[tuple[int, policies.Met]] = []
            for criterion in criteria:
                if criterion.school_level != school_level or criterion.group != group:
                    continue
                found = entered.get(criterion.code)
                value = computed.get(criterion.measure, found.value if found else None)
                met = policies.criterion_met(
                    measure=criterion.measure,
                    value=value,
                    threshold=criterion.threshold,
                    is_confirmed=criterion.is_confirmed,
                    answer=found.is_met if found else None,
                    has_evidence=bool(found and found.evidence.strip()),
                )
                results.append((criterion.grade, met))
                rows.append(
                    {
                        "code": criterion.code,
                        "name": criterion.name,
                        "article": criterion.article,
                        "grade": criterion.grade,
                        "measure": criterion.measure,
                        "unit": criterion.unit,
                        "value": _number(value),
                        "threshold": _number(criterion.threshold),
                        "confirmed": criterion.is_confirmed,
                        "answer": found.is_met if found else None,
                        "evidence": found.evidence if found else "",
                        "met": met,
                    }
                )
            reached = policies.group_reached(results)
            by_level[school_level].append(reached)
            groups.append(
                {
                    "code": group,
                    "school_level": school_level,
                    "level": reached.level,
                    "criteria": rows,
                }
            )
    per_level = {level: policies.level_reached(found) for level, found in by_level.items()}
    overall = (
        policies.multi_level_reached(per_level)
        if len(per_level) > 1
        else next(iter(per_level.values()), policies.Reached(None, None))
    )
    if version is None:
        overall = policies.Reached(None, None)
    copies_per_pupil = computed[Measure.COPIES_PER_PUPIL]
    minimum = policies.minimum_copies_per_pupil(levels)
    return {
        "school": library.code,
        "period": period.code,
        "school_year": school_year,
        "version": version.number if version else None,
        "school_levels": levels,
        "level": overall.level,
        "level_1": overall.level_1,
        "level_2": overall.level_2,
        "pupils": counts.pupils,
        "teachers": counts.teachers,
        "classes": counts.classes,
        "copies": copies,
        "loans": loans,
        "copies_per_pupil": _number(copies_per_pupil),
        "minimum_copies_per_pupil": _number(minimum),
        "below_minimum": policies.below_minimum(copies_per_pupil, minimum),
        "groups": groups,
    }


def self_assessment(library: Library, school_year: int) -> SelfAssessment | None:
    return (
        SelfAssessment.objects.filter(library=library, school_year=school_year)
        .select_related("body", "submitted_by", "decided_by")
        .first()
    )


def assessment(library: Library, period: Period) -> tuple[dict[str, Any], SelfAssessment | None]:
    """The school's assessment for `period`: as sent when a self-assessment is waiting or
    accepted (its results are frozen), else worked out live."""
    sent = self_assessment(library, period.year)
    if sent is not None and sent.state != "returned":
        return sent.results, sent
    return live_assessment(library, period), sent


def api_shape(result: dict[str, Any]) -> dict[str, Any]:
    """The API's answer: the level and, per group, its level and criteria."""
    return {
        "level": result["level"],
        "groups": [
            {
                "code": group["code"],
                "school_level": group["school_level"],
                "level": group["level"],
                "criteria": [
                    {
                        "code": row["code"],
                        "grade": row["grade"],
                        "value": row["value"],
                        "threshold": row["threshold"],
                        "met": row["met"],
                    }
                    for row in group["criteria"]
                ],
            }
            for group in result["groups"]
        ],
    }


@dataclass
class DashboardRow:
    library: Library
    sent: SelfAssessment | None
    result: dict[str, Any]
    due_on: dt.date
    plan: LibraryPlan | None = None
    plan_due_on: dt.date | None = None

    def plan_is_late(self, today: dt.date) -> bool:
        """The library plan sent after its deadline (15/10), or not sent by it."""
        due = self.plan.due_on if self.plan is not None else self.plan_due_on
        if due is None:
            return False
        sent_at = self.plan.submitted_at if self.plan is not None else None
        if sent_at is not None and clock.local_date(sent_at) > due:
            return True
        unsent = self.plan is None or self.plan.state in ("", "returned")
        return today > due and unsent

    @property
    def level(self) -> int | None:
        level: int | None = self.result["level"]
        return level

    @property
    def below_minimum(self) -> bool | None:
        below: bool | None = self.result["below_minimum"]
        return below

    def is_late(self, today: dt.date) -> bool:
        """Sent after the deadline, or not sent (or returned and not sent again) and the
        deadline has passed."""
        if self.sent is not None and clock.local_date(self.sent.submitted_at) > self.due_on:
            return True
        return today > self.due_on and (self.sent is None or self.sent.state == "returned")


def body_dashboard(body: ManagingBody, period: Period) -> list[DashboardRow]:
    """One row per school reporting to `body` during the school year: its level (as sent, or
    live), whether it is below the NĐ 93 minimums, its deadline."""
    ids = network_selectors.libraries_of_bodies([body.pk])
    libraries = Library.objects.filter(pk__in=ids).order_by("sort_key", "code")
    version = current_version()
    month, day = (version.due_month, version.due_day) if version else (5, 31)
    due = policies.due_on(period.year, month=month, day=day)
    plan_month, plan_day = (version.plan_due_month, version.plan_due_day) if version else (10, 15)
    plan_due = policies.plan_due_on(period.year, month=plan_month, day=plan_day)
    plans = {
        plan.library_id: plan
        for plan in LibraryPlan.objects.filter(library__in=libraries, school_year=period.year)
    }
    rows = []
    for library in libraries:
        result, sent = assessment(library, period)
        rows.append(
            DashboardRow(
                library,
                sent,
                result,
                sent.due_on if sent else due,
                plan=plans.get(library.pk),
                plan_due_on=plan_due,
            )
        )
    return rows


def library_plan(library: Library, school_year: int) -> LibraryPlan | None:
    """The school library's plan for the school year ending in `school_year`, if written."""
    return LibraryPlan.objects.filter(library=library, school_year=school_year).first()


def pupil_helpers(library: Library, school_year: int) -> QuerySet[PupilHelper]:
    """The school's register of pupil helpers for a school year."""
    return PupilHelper.objects.filter(library=library, school_year=school_year).order_by(
        "class_name", "full_name", "pk"
    )


def bookcases(library: Library, *, open_only: bool = False) -> list[ClassroomBookcase]:
    """The school's classroom bookcases, each with `copies_out`: the copies in it now."""
    found = ClassroomBookcase.objects.filter(library=library).annotate(
        copies_out=Count("copies", filter=Q(copies__returned_at__isnull=True))
    )
    if open_only:
        found = found.filter(closed_on__isnull=True)
    return list(found.order_by("closed_on", "class_name"))


def bookcase_copies(bookcase: ClassroomBookcase) -> QuerySet[BookcaseCopy]:
    """The copies lent to a bookcase, those still there first."""
    return (
        BookcaseCopy.objects.filter(bookcase=bookcase)
        .select_related("item", "item__bib")
        .order_by(F("returned_at").desc(nulls_first=True), "-lent_at")
    )


def shelf_barcodes(library: Library, *, limit: int) -> list[str]:
    """The barcodes of the first `limit` copies on the school's own shelf (available, at home)."""
    return list(
        Item.objects.filter(
            home_library=library, current_library=library, status=ItemStatus.AVAILABLE
        )
        .order_by("pk")
        .values_list("barcode", flat=True)[:limit]
    )
