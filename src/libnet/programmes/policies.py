"""Pure rules of the cooperation programme: plain values in, answer out."""

from __future__ import annotations

import datetime as dt

from libnet.network.models import BodyKind, LibraryKind, Sector

CULTURE = "culture"
EDUCATION = "education"
SIDES = (CULTURE, EDUCATION)

# libnet's own limit: the province's programmes run one school year or a plan period of up
# to five years (no national template was found, DOMAIN.md §8 item 8).
MAX_YEARS = 5
MAX_TARGET = 10_000_000
MAX_TEXT = 20_000

CULTURE_BODY_KINDS = frozenset({BodyKind.CULTURE_DEPARTMENT})
EDUCATION_BODY_KINDS = frozenset({BodyKind.EDUCATION_DEPARTMENT, BodyKind.COMMUNE_OFFICE})
SCHOOL_KINDS = frozenset(
    {
        LibraryKind.SCHOOL_PRIMARY,
        LibraryKind.SCHOOL_LOWER_SECONDARY,
        LibraryKind.SCHOOL_UPPER_SECONDARY,
        LibraryKind.SCHOOL_MULTI,
    }
)


def is_school(*, kind: str, sector: str) -> bool:
    return kind in SCHOOL_KINDS or sector == Sector.EDUCATION


def can_be_culture_library(*, kind: str, sector: str) -> bool:
    """A public library may be the culture side; a school may not."""
    return sector == Sector.CULTURE and not is_school(kind=kind, sector=sector)


def ends_too_late(starts_on: dt.date, ends_on: dt.date) -> bool:
    """Whether the programme runs longer than MAX_YEARS."""
    try:
        limit = starts_on.replace(year=starts_on.year + MAX_YEARS)
    except ValueError:  # 29 February
        limit = starts_on.replace(year=starts_on.year + MAX_YEARS, day=28)
    return ends_on >= limit


def review_span(
    *, starts_on: dt.date, ends_on: dt.date, period: tuple[dt.date, dt.date] | None
) -> tuple[dt.date, dt.date] | None:
    """The days a review counts: a mid-term review its period within the programme, the
    final review (`period` None) the whole programme; None when the period and the
    programme share no day."""
    if period is None:
        return starts_on, ends_on
    start, end = max(starts_on, period[0]), min(ends_on, period[1])
    return (start, end) if start <= end else None


def editable_fields(sides: frozenset[str]) -> frozenset[str]:
    """The parts of a programme the editors of `sides` may change: each side writes its own
    assessment; the education side chooses the schools; either links activities, sets
    targets and writes the tasks ahead."""
    fields: set[str] = set()
    if sides:
        fields |= {"activities", "targets", "next_steps"}
    if CULTURE in sides:
        fields.add("culture_text")
    if EDUCATION in sides:
        fields |= {"education_text", "schools"}
    return frozenset(fields)
