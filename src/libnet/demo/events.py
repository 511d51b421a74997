"""Events in the demo: a year of reading promotion across the province.

Every commune and school library that runs libnet has the national days of the year (Book
Day, World Book Day, Mid-Autumn for children, Teachers' Day at schools) and its monthly
activities (a storytelling hour at communes, a book introduction each school month — at
least once a month, DOMAIN §1.4), reported with their attendance when past, planned when to
come. The provincial library has entered its talks by hand all year and records its events
from this month on: its hand entry closes from here, the months before keep their figures.
The province has set this year's lifelong-learning week (1–7 October).

Written through events.services (`record_events`, one bulk write). A second run adds nothing:
the loader's call returns at once when the provincial library has events.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model

from libnet.catalog import selectors as catalog_selectors
from libnet.catalog.models import Item, ItemStatus
from libnet.core import clock
from libnet.events import contests, displays, selectors, services
from libnet.events.models import Event, EventState, NationalDay
from libnet.events.services import EventRecord
from libnet.network.models import Library, Sector

SEED = 19
PROVINCIAL = "SL-TVT"
PUBLIC_DAYS = ("book_day", "world_book_day", "mid_autumn", "lunar_new_year")
SCHOOL_DAYS = ("book_day", "teachers_day", "mid_autumn")
SCHOOL_MONTHS = (1, 2, 3, 4, 5, 9, 10, 11, 12)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=clock.VIETNAM)


def _record(
    library: Library,
    kind: str,
    title: str,
    day: dt.date,
    hours: tuple[int, int],
    today: dt.date,
    rng: random.Random,
    *,
    children_share: float,
    size: int,
    national_day: NationalDay | None = None,
) -> EventRecord:
    """An event of `library` on `day`: reported (or now and then only held, or cancelled)
    when past, planned when to come."""
    state = EventState.PLANNED
    adults = children = 0
    groups: dict[str, int] = {}
    if day < today:
        roll = rng.random()
        state = (
            EventState.CANCELLED
            if roll < 0.04
            else EventState.HELD
            if roll < 0.1
            else EventState.REPORTED
        )
        people = max(5, round(size * rng.uniform(0.6, 1.3)))
        children = round(people * children_share)
        adults = people - children
        if library.sector == Sector.EDUCATION and children:
            groups = {"pupils": children}
    return EventRecord(
        library=library,
        kind_code=kind,
        title=title,
        starts_at=_at(day, hours[0]),
        ends_at=_at(day, hours[1]),
        state=state,
        adults=adults,
        children=children,
        groups=groups,
        audiences=("pupils",) if library.sector == Sector.EDUCATION else ("children", "adults"),
        national_day=national_day,
        occasion_year=day.year if national_day else None,
    )


def load_events(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """Record the demo's year of events; return how many were made."""
    provincial = libraries.get(PROVINCIAL)
    if provincial is None or Event.objects.filter(library=provincial).exists():
        return {"events": 0}
    today = clock.local_date(at)
    year = today.year
    lan = get_user_model().objects.filter(username="lan").first()
    week = NationalDay.objects.get(code="lifelong_learning_week")
    services.set_national_day_dates(
        national_day=week,
        year=year,
        starts_on=dt.date(year, 10, 1),
        ends_on=dt.date(year, 10, 7),
        by=lan,
        at=at,
    )
    days = {day.code: day for day in NationalDay.objects.select_related("kind")}
    rng = random.Random(SEED)
    records: list[EventRecord] = []
    running = sorted(
        (library for library in libraries.values() if library.runs_libnet and library.is_active),
        key=lambda library: library.code,
    )
    for library in running:
        if library.code == PROVINCIAL:
            continue
        is_school = library.sector == Sector.EDUCATION
        suggested = {s.national_day.code: s for s in selectors.suggestions(library, year)}
        for code in SCHOOL_DAYS if is_school else PUBLIC_DAYS:
            suggestion = suggested.get(code)
            if suggestion is None:
                continue
            records.append(
                _record(
                    library,
                    suggestion.national_day.kind.code,
                    f"{suggestion.national_day.name_vi} {year}",
                    suggestion.starts_on,
                    (8, 11),
                    today,
                    rng,
                    children_share=0.85 if is_school else 0.5,
                    size=180 if is_school else 90,
                    national_day=days[code],
                )
            )
        for month in range(1, 13):
            if is_school and month not in SCHOOL_MONTHS:
                continue
            day = dt.date(year, month, 10 + rng.randrange(0, 12))
            if is_school:
                records.append(
                    _record(
                        library,
                        "book_introduction",
                        f"Giới thiệu sách tháng {month}",
                        day,
                        (7, 8),
                        today,
                        rng,
                        children_share=0.95,
                        size=120,
                    )
                )
            else:
                records.append(
                    _record(
                        library,
                        "storytelling",
                        f"Giờ kể chuyện thiếu nhi tháng {month}",
                        day,
                        (15, 17),
                        today,
                        rng,
                        children_share=0.8,
                        size=25,
                    )
                )
    # The provincial library: its events from this month on (its hand entry closes here).
    first = today.replace(day=1)
    for step, (kind, title, size) in enumerate(
        (
            ("talk", "Nói chuyện chuyên đề: Văn hóa đọc trong gia đình", 80),
            ("exhibition", "Trưng bày sách chào Xuân", 300),
            ("reading_club", "Câu lạc bộ đọc sách: sinh hoạt tháng", 30),
            ("talk", "Nói chuyện chuyên đề: Sách và chuyển đổi số", 60),
            ("contest", "Hội thi Đại sứ Văn hóa đọc cấp tỉnh", 200),
        )
    ):
        month = first.month + step // 2
        day = dt.date(first.year + (month - 1) // 12, (month - 1) % 12 + 1, 5 + 7 * (step % 2) + 3)
        records.append(
            _record(
                provincial, kind, title, day, (8, 11), today, rng, children_share=0.3, size=size
            )
        )
    made = services.record_events(records=records, by=lan, at=at)
    _display_and_contest(provincial, lan, at)
    return {"events": len(made)}


ENTRANTS = (
    ("Nguyễn Thảo Vy", "Lớp 11A2, Trường THPT Sông Lam", "Giải Nhất", 1),
    ("Trần Đức Anh", "Lớp 9B, Trường THCS Tân Lập", "Giải Nhì", 2),
    ("Lớp 8A", "Trường THCS Tân Lập", "Giải Ba", 3),
    ("Hoàng Minh Châu", "Lớp 10C, Trường THPT Sông Lam", "", None),
)


def _display_and_contest(provincial: Library, lan: Any, at: dt.datetime) -> None:
    """The provincial library's spring display gets its themed list (a dozen copies from its
    shelves); its reading-ambassador contest, two rounds and four entrants, and once held,
    their scores and three prizes."""
    show = Event.objects.filter(library=provincial, kind__code="exhibition").first()
    if show is not None:
        bib_ids = list(
            Item.objects.filter(home_library=provincial, status=ItemStatus.AVAILABLE)
            .order_by("bib_id")
            .values_list("bib_id", flat=True)
            .distinct()[:12]
        )
        copies = catalog_selectors.shelf_copies_of(bib_ids, [provincial.pk])
        displays.add_copies(event=show, item_ids=[copy.pk for copy in copies], by=lan, at=at)
    contest = Event.objects.filter(library=provincial, kind__code="contest").first()
    if contest is None:
        return
    first = contests.add_round(event=contest, name="Vòng sơ khảo", by=lan, at=at)
    final = contests.add_round(event=contest, name="Vòng chung khảo", by=lan, at=at)
    for index, (name, unit, prize, rank) in enumerate(ENTRANTS):
        entrant = contests.add_entrant(
            event=contest, name=name, unit=unit, is_class=name.startswith("Lớp"), by=lan, at=at
        )
        if contest.starts_at > at:
            continue  # not held yet: entrants only
        contests.record_score(
            contest_round=first, entrant=entrant, score=9 - index * 0.5, advanced=index < 3,
            by=lan, at=at,
        )  # fmt: skip
        if index < 3:
            contests.record_score(
                contest_round=final, entrant=entrant, score=9.5 - index, advanced=False,
                by=lan, at=at,
            )  # fmt: skip
        if prize:
            contests.award_prize(entrant=entrant, prize=prize, rank=rank, by=lan, at=at)
