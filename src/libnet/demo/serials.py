"""Newspapers and magazines in the demo: the provincial library takes Nhân Dân (daily), Văn
nghệ (weekly), Nhi Đồng (a monthly for children) and the province's own Báo Sông Lam
(weekly); the Hưng Lam branch (the former district library) takes Nhân Dân too. Issues up to
the demo's day are received but the latest few (the last month's day by day, the earlier
ones entered at once), and one late issue of Văn nghệ is claimed.

Written through catalog.services.serials with past moments (`at=`), the issues of a day
checked in together. A second run adds nothing: the loader calls `load_serials` only while
the network has no serial title.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.auth import get_user_model

from libnet.catalog.models import (
    IssueState,
    SerialFrequency,
    SerialIssue,
    SerialTitle,
    ShelfLocation,
)
from libnet.catalog.services import serials
from libnet.core import clock
from libnet.network.models import Library

PROVINCIAL = "SL-TVT"
BRANCH = "SL-HUNGLAM"
POST_OFFICE = "Bưu điện tỉnh Sông Lam"

# (title, ISSN, frequency, publisher, popular)
TITLES = (
    ("Nhân Dân", "0866-7020", SerialFrequency.DAILY, "Báo Nhân Dân", True),
    ("Văn nghệ", "0866-7454", SerialFrequency.WEEKLY, "Hội Nhà văn Việt Nam", True),
    ("Nhi Đồng", "0866-7284", SerialFrequency.MONTHLY, "Nhà xuất bản Kim Đồng", True),
    ("Báo Sông Lam", "1859-1531", SerialFrequency.WEEKLY, "Tỉnh ủy Sông Lam", True),
)
# The most recent days whose issues have not come yet (the check-in list of the day).
NOT_YET_DAYS = 2
# The last days whose issues were checked in day by day.
BY_DAY_DAYS = 30


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8, 30), tzinfo=clock.VIETNAM)


def load_serials(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """Add the demo's serial titles, subscriptions, received issues and claim; return counts."""
    counts = {"serial_titles": 0, "serial_issues_received": 0, "serial_claims": 0}
    provincial, branch = libraries.get(PROVINCIAL), libraries.get(BRANCH)
    if provincial is None or SerialTitle.objects.exists():
        return counts
    by = get_user_model().objects.filter(username="lan").first()
    today = clock.local_date(at)
    year_start = dt.date(today.year, 1, 1)
    shelves = {shelf.code: shelf for shelf in ShelfLocation.objects.filter(library=provincial)}
    titles = {}
    for name, issn, frequency, publisher, popular in TITLES:
        titles[name] = serials.create_serial_title(
            title=name,
            issn=issn,
            frequency=frequency,
            publisher=publisher,
            is_popular=popular,
            library=provincial,
            by=by,
            at=_moment(year_start) - dt.timedelta(days=20),
        )
    counts["serial_titles"] = len(titles)
    # (library, title, copies, shelf, days of grace, weekday, number of the first issue)
    plans: list[tuple[Library, str, int, str, int, int | None, int]] = [
        (provincial, "Nhân Dân", 2, "KM", 3, None, 1),
        (provincial, "Văn nghệ", 1, "KM", 7, 3, 1),
        (provincial, "Nhi Đồng", 2, "TN", 10, None, 1),
        (provincial, "Báo Sông Lam", 2, "DC", 5, 4, 1201),
    ]
    if branch is not None:
        plans.append((branch, "Nhân Dân", 1, "", 3, None, 1))
    subscriptions = [
        serials.subscribe(
            library=library,
            title=titles[name],
            starts_on=year_start,
            ends_on=dt.date(today.year, 12, 31),
            copies=copies,
            shelf_location=shelves.get(shelf),
            supplier=POST_OFFICE,
            grace_days=grace,
            weekday=weekday,
            first_number=first_number,
            by=by,
            at=_moment(year_start) - dt.timedelta(days=15),
        )
        for library, name, copies, shelf, grace, weekday, first_number in plans
    ]
    # One issue of Văn nghệ never came: late, and claimed from the post office.
    weekly = subscriptions[1]
    missing = (
        weekly.issues.filter(expected_on__lt=today - dt.timedelta(days=30))
        .order_by("-expected_on")
        .first()
    )
    by_day: dict[dt.date, list[SerialIssue]] = defaultdict(list)
    arrived = SerialIssue.objects.filter(
        subscription__in=subscriptions,
        state=IssueState.EXPECTED,
        expected_on__lte=today - dt.timedelta(days=NOT_YET_DAYS),
    ).exclude(pk=missing.pk if missing is not None else 0)
    # The issues before the last weeks were entered at once, the day the library began
    # checking in with libnet; since then, each day's issues on their day.
    backlog_until = today - dt.timedelta(days=BY_DAY_DAYS)
    for issue in arrived:
        by_day[max(issue.expected_on, backlog_until)].append(issue)
    for day, issues in sorted(by_day.items()):
        received = serials.receive_issues(issues=issues, by=by, at=_moment(day))
        counts["serial_issues_received"] += len(received)
    if missing is not None:
        serials.raise_claims(
            issues=[missing],
            note="Bưu điện báo chưa nhận được số này từ tòa soạn.",
            by=by,
            at=_moment(missing.expected_on + dt.timedelta(days=10)),
        )
        counts["serial_claims"] = 1
    return counts
