"""Reads of the cooperation programme: who it concerns, what it linked, and the figures of a
review worked out from what was recorded (rotation's batches, events, the schools' daily
counters in stats)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.functional import Promise

from libnet.circulation.stats_sources import IN_LIBRARY_USES, LOANS
from libnet.network.models import Library
from libnet.planning.periods import Period, label, parse
from libnet.programmes import activities, policies
from libnet.programmes.models import Programme, ProgrammeReview, ReviewKind
from libnet.stats import selectors as stats_selectors


def scope_of(programme: Programme) -> activities.Scope:
    """The libraries of the programme's parties, its schools and its bodies."""
    libraries = {
        library_id
        for library_id in (programme.culture_library_id, programme.education_library_id)
        if library_id
    }
    bodies = {
        body_id for body_id in (programme.culture_body_id, programme.education_body_id) if body_id
    }
    schools = set(programme.schools.values_list("school_id", flat=True))
    return activities.Scope(frozenset(libraries), frozenset(schools), frozenset(bodies))


def schools_of(programme: Programme) -> list[Library]:
    """The schools the education side chose, in Vietnamese order."""
    return list(
        Library.objects.filter(pk__in=programme.schools.values("school_id")).order_by(
            "sort_key", "code"
        )
    )


def linked_facts(programme: Programme) -> list[activities.Facts]:
    """The activities linked to `programme`, as their apps record them now: a query per kind."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for kind, object_id in programme.activities.values_list("kind", "object_id"):
        by_kind[kind].append(object_id)
    found: list[activities.Facts] = []
    for kind, ids in by_kind.items():
        registered = activities.KINDS.get(kind)
        if registered is not None:  # a kind of an app not installed here counts nothing
            found.extend(registered.facts(ids).values())
    return sorted(
        found, key=lambda facts: (facts.counts_on or dt.date.max, facts.kind, facts.object_id)
    )


def candidates(programme: Programme) -> dict[str, list[activities.Facts]]:
    """What may be linked, by kind: the objects of its parties and schools not linked yet."""
    scope = scope_of(programme)
    linked = set(programme.activities.values_list("kind", "object_id"))
    return {
        code: [facts for facts in kind.candidates(scope) if (code, facts.object_id) not in linked]
        for code, kind in activities.KINDS.items()
    }


@dataclass
class MeasureRow:
    code: str
    label: Promise | str
    value: int
    target: int | None

    @property
    def percent(self) -> float | None:
        if not self.target:
            return None
        return round(100 * self.value / self.target, 1)


@dataclass
class SchoolRow:
    school: Library
    batches: int = 0
    copies: int = 0
    uses: int = 0
    events: int = 0
    participants: int = 0

    @property
    def is_served(self) -> bool:
        return bool(self.batches or self.events)


@dataclass
class ReviewSheet:
    """A review's figures: per measure against the programme's targets, per school, and the
    activities it counted, over `start`…`end`."""

    programme: Programme
    kind: str
    period: Period | None
    start: dt.date
    end: dt.date
    measures: list[MeasureRow]
    schools: list[SchoolRow]
    counted: list[activities.Facts]
    review: ProgrammeReview | None = None
    not_yet: list[activities.Facts] = field(default_factory=list)

    @property
    def title(self) -> str:
        return title_of(self.kind, self.period)

    def value(self, code: str) -> int:
        return next((row.value for row in self.measures if row.code == code), 0)


def title_of(kind: str, period: Period | None) -> str:
    """ "Mid-term review, first half of 2026" / "Final review", in the active language."""
    if kind == ReviewKind.FINAL or period is None:
        return str(ReviewKind.FINAL.label)
    return f"{ReviewKind.MID_TERM.label}: {label(period)}"


def review_sheet(programme: Programme, kind: str, period_code: str = "") -> ReviewSheet:
    """Work out a review of `programme` from what was recorded: a mid-term review over its
    period within the programme, the final over the whole programme.

    - schools served: the chosen schools a counted batch went to or a counted event was
      organised or held at;
    - batches and copies rotated: the linked batches shipped in the span (on the day they
      were shipped), with their copies;
    - uses at the schools: loans and reading in place at the chosen schools over the span
      (stats' daily counters; a school that does not run libnet counts what it typed in);
    - events and participants: the linked events held in the span (adults + children).

    The period code must be one `services.review_period_code` accepted. Queries: a few per
    kind of activity and one for the counters, whatever the number of schools.
    """
    period = parse(period_code) if kind == ReviewKind.MID_TERM and period_code else None
    span = policies.review_span(
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        period=(period.start, period.end) if period else None,
    )
    start, end = span or (programme.starts_on, programme.ends_on)
    schools = schools_of(programme)
    school_ids = {school.pk for school in schools}
    rows = {school.pk: SchoolRow(school) for school in schools}
    counted: list[activities.Facts] = []
    not_yet: list[activities.Facts] = []
    totals: dict[str, int] = defaultdict(int)
    for facts in linked_facts(programme):
        if facts.counts_on is None:
            not_yet.append(facts)
            continue
        if not start <= facts.counts_on <= end:
            continue
        counted.append(facts)
        for code, value in facts.figures.items():
            totals[code] += value
        for library_id in facts.library_ids & school_ids:
            row = rows[library_id]
            row.batches += facts.figures.get(activities.BATCHES_ROTATED, 0)
            row.copies += facts.figures.get(activities.COPIES_ROTATED, 0)
            row.events += facts.figures.get(activities.EVENTS_HELD, 0)
            row.participants += facts.figures.get(activities.EVENT_PARTICIPANTS, 0)
    used = stats_selectors.figures_by_library(school_ids, start, end) if school_ids else {}
    for school_id, figures in used.items():
        rows[school_id].uses = figures.get(LOANS, 0) + figures.get(IN_LIBRARY_USES, 0)
    totals[activities.USES_AT_SCHOOLS] = sum(row.uses for row in rows.values())
    totals[activities.SCHOOLS_SERVED] = sum(1 for row in rows.values() if row.is_served)
    targets = dict(programme.targets.values_list("measure", "value"))
    measures = [
        MeasureRow(code, measure_label, totals.get(code, 0), targets.get(code))
        for code, measure_label in activities.measure_labels().items()
    ]
    review = ProgrammeReview.objects.filter(
        programme=programme, kind=kind, period=period.code if period else ""
    ).first()
    return ReviewSheet(
        programme=programme,
        kind=kind,
        period=period,
        start=start,
        end=end,
        measures=measures,
        schools=list(rows.values()),
        counted=counted,
        review=review,
        not_yet=not_yet,
    )


def reviews_of(programme: Programme) -> list[ProgrammeReview]:
    return list(programme.reviews.order_by("kind", "period"))


def suggested_periods(programme: Programme) -> list[Period]:
    """The half-years the programme covers, for its mid-term reviews (sơ kết 6 tháng)."""
    found: list[Period] = []
    for year in range(programme.starts_on.year, programme.ends_on.year + 1):
        for half in (1, 2):
            period = parse(f"{year}-H{half}")
            if period.end >= programme.starts_on and period.start <= programme.ends_on:
                found.append(period)
    return found
