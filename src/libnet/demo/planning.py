"""The demo's plans and reports: the province's 2026 plan, a year of figures, reports in
every state.

The demo's real transactions cover only the last weeks, and only at some libraries, so each
library's days of the year before its first real one are carried over as daily figures
(`planning.LegacyFigure`, the table a library going live mid-year fills from its Excel
reports) at realistic levels, and the dashboard has shape.
Idempotent: nothing is done when the province already has its plan for the year.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db.models import Min

from libnet.circulation.models import Loan, VisitCount
from libnet.core import clock
from libnet.core.audit import Actor
from libnet.network.models import Library, LibraryKind
from libnet.planning import services as planning_services
from libnet.planning.models import AnnualPlan, LegacyFigure
from libnet.planning.periods import month_period
from libnet.stats import services as stats

SEED = 2026
# The targets the province's plan cites (DESIGN §8): visits, new books, talks, pages
# digitised, records, lookups a year; loans and new readers are libnet's proposal.
PROVINCE_TARGETS = {
    "visits": 750_000,
    "items_added": 20_000,
    "talks": 100,
    "pages_digitised": 20_000,
    "records_created": 8_000,
    "lookups": 1_500_000,
    "loans": 420_000,
    "new_patrons": 9_000,
}
# Daily levels on an open day, by kind of library: (visits, loans, in-library uses, lookups).
DAILY_LEVELS: dict[str, tuple[int, int, int, int]] = {
    LibraryKind.PROVINCIAL: (1900, 1000, 900, 4300),
    LibraryKind.BRANCH: (160, 90, 80, 120),
    LibraryKind.DISTRICT: (160, 90, 80, 120),
    LibraryKind.COMMUNE: (30, 16, 12, 25),
}
SCHOOL_LEVELS = (45, 28, 20, 10)
COMMUNE_PLANS = {"SL-TANLAP": 0.012, "SL-HUNGTHINH": 0.010, "SL-THANHSON": 0.008}


def _levels(library: Library) -> tuple[int, int, int, int] | None:
    if not library.runs_libnet:
        return None
    if library.is_school:
        return SCHOOL_LEVELS
    return DAILY_LEVELS.get(library.kind)


def _first_real_days(libraries: list[Library], today: dt.date) -> dict[int, dt.date]:
    """Library id → the first day with real demo transactions there (loans or visit counts),
    today for a library without any: its carried-over history stops the day before, so no day
    is counted twice and no library's months stop short because another one went live."""
    first: dict[int, dt.date] = {library.pk: today for library in libraries}
    loans = (
        Loan.objects.filter(library__in=libraries)
        .values_list("library_id")
        .annotate(first=Min("loaned_at"))
        .order_by()
    )
    for library_id, loaned_at in loans:
        first[library_id] = min(first[library_id], clock.local_date(loaned_at))
    visits = (
        VisitCount.objects.filter(library__in=libraries)
        .values_list("library_id")
        .annotate(first=Min("day"))
        .order_by()
    )
    for library_id, day in visits:
        first[library_id] = min(first[library_id], day)
    return first


def _history(
    libraries: list[Library], year: int, until: dict[int, dt.date], rng: random.Random
) -> list[LegacyFigure]:
    figures: list[LegacyFigure] = []
    source = "Báo cáo Excel trước khi dùng libnet (dữ liệu mẫu)"
    day = dt.date(year, 1, 1)
    last = max(until.values(), default=day)
    while day < last:
        # Open six days a week; Tết (mid-February) closes everything for a week.
        closed = day.weekday() == 0 or (day.month == 2 and 14 <= day.day <= 20)
        summer = day.month in (6, 7, 8)
        for library in libraries:
            levels = _levels(library)
            if levels is None or closed or day >= until[library.pk]:
                continue
            school_holiday = library.is_school and (summer or day.weekday() == 6)
            if school_holiday:
                continue
            season = 1.25 if summer and not library.is_school else 1.0
            for code, level in zip(
                ("visits", "loans", "in_library_uses", "lookups"), levels, strict=True
            ):
                value = round(level * season * rng.uniform(0.7, 1.3))
                if value:
                    figures.append(
                        LegacyFigure(
                            library=library, indicator=code, day=day, value=value, source=source
                        )
                    )
            if day.day == 1:
                monthly = {
                    "new_patrons": max(1, levels[0] // 4),
                    "items_added": max(2, levels[1] * 3),
                    "titles_added": max(1, levels[1] * 2),
                    "records_created": levels[1] * 2
                    if library.kind == LibraryKind.PROVINCIAL
                    else 0,
                }
                for code, level in monthly.items():
                    value = round(level * rng.uniform(0.6, 1.4))
                    if value:
                        figures.append(
                            LegacyFigure(
                                library=library, indicator=code, day=day, value=value, source=source
                            )
                        )
        day += dt.timedelta(days=1)
    return figures


def load_planning(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """Write the demo's plans, history and reports; return what was created."""
    provincial = libraries.get("SL-TVT")
    today = clock.local_date(at)
    year = today.year
    if provincial is None or AnnualPlan.objects.filter(library=provincial, year=year).exists():
        return {"plans": 0, "history_rows": 0, "reports": 0}
    users = get_user_model().objects
    chi = users.filter(username="chi").first()
    lan = users.filter(username="lan").first()
    rng = random.Random(SEED)
    demo = sorted(libraries.values(), key=lambda library: library.code)
    history = _history(demo, year, _first_real_days(demo, today), rng)
    LegacyFigure.objects.bulk_create(history, batch_size=2000)
    stats.bump_many((row.library_id, row.indicator, row.day, row.value) for row in history)
    planning_services.set_targets(
        library=provincial, year=year, targets=PROVINCE_TARGETS, by=chi, approve=True, at=at
    )
    plans = 1
    for code, share in COMMUNE_PLANS.items():
        if code in libraries:
            planning_services.set_targets(
                library=libraries[code],
                year=year,
                targets={
                    key: max(1, round(value * share))
                    for key, value in PROVINCE_TARGETS.items()
                    if key in ("visits", "loans", "new_patrons", "items_added")
                },
                by=chi,
                approve=code != "SL-THANHSON",  # Thạnh Sơn proposed its own; not approved yet
                at=at,
            )
            plans += 1
    for month in range(1, today.month):
        first = dt.date(year, month, 1)
        for code, talks in (("talks", 9), ("pages_digitised", 1600)):
            planning_services.enter_manual_figure(
                library=provincial,
                indicator_code=code,
                month=first,
                value=round(talks * rng.uniform(0.7, 1.3)),
                note="Sổ theo dõi hoạt động phòng Nghiệp vụ",
                by=lan,
                at=at,
            )
    reports = _reports(libraries, today, at, chi)
    return {"plans": plans, "history_rows": len(history), "reports": reports}


def _reporting_libraries(libraries: dict[str, Library]) -> list[Library]:
    """The demo's libraries that send a report to a library above, deepest first (a parent's
    report adds its children's accepted reports, so they go first)."""
    by_id = {library.pk: library for library in libraries.values()}

    def depth(library: Library) -> int:
        steps, parent_id = 0, library.parent_id
        while parent_id is not None and parent_id in by_id:
            steps, parent_id = steps + 1, by_id[parent_id].parent_id
        return steps

    sending = [
        library
        for library in libraries.values()
        if library.runs_libnet and library.parent_id is not None
    ]
    return sorted(sending, key=lambda library: (-depth(library), library.code))


def _reports(libraries: dict[str, Library], today: dt.date, at: dt.datetime, chi: Actor) -> int:
    """Reports in every state: every month of the year before last month sent by every
    library and accepted above (so the province's reports add them all), last month's
    submitted by one commune, returned to another, still a draft at the third, not started
    at the others."""
    users = get_user_model().objects
    minh = users.filter(username="minh").first()
    created = 0
    last = today.replace(day=1) - dt.timedelta(days=1)
    before_last = last.replace(day=1) - dt.timedelta(days=1)
    first_month = 1 if before_last.year == today.year else before_last.month
    sending = _reporting_libraries(libraries)
    for month in range(first_month, before_last.month + 1):
        period = month_period(before_last.year, month)
        for sender in sending:
            report = planning_services.submit_report(
                library=sender,
                period=period,
                by=minh if sender.code == "SL-TANLAP" else None,
                at=at,
            )
            planning_services.accept_report(report=report, by=chi, at=at)
            created += 1
    period = month_period(last.year, last.month)
    steps = {"SL-TANLAP": "submitted", "SL-HUNGTHINH": "returned", "SL-THANHSON": "draft"}
    for code, state in steps.items():
        library = libraries.get(code)
        if library is None or library.parent_id is None:
            continue
        if state == "draft":
            planning_services.adjust_report(
                library=library,
                period=period,
                indicator_code="visits",
                delta=35,
                reason="Sổ theo dõi bạn đọc ngày cuối tháng chưa nhập",
                by=None,
                at=at,
            )
        else:
            clerk = minh if code == "SL-TANLAP" else None
            report = planning_services.submit_report(
                library=library, period=period, by=clerk, at=at
            )
            if state == "returned":
                planning_services.return_report(
                    report=report,
                    reason="Số lượt đọc tại chỗ thấp bất thường, đề nghị kiểm tra lại",
                    by=chi,
                    at=at,
                )
        created += 1
    return created
