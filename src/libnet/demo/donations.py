"""Donations in the demo: the provincial library's book-donation drive around Vietnam Book
Day (21/4), which the libraries below take part in; a few donors (a family, a company, a
class, a retired teacher) and their donations; one donation catalogued into the provincial
library's register, one passed on to Tân Lập commune library, and one received at the
commune itself.

Written through donations.services with past moments (`at=`). A second run adds nothing:
nothing is written while the provincial library has a drive.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from libnet.catalog.models import BibIsbn, BibRecord
from libnet.core import clock
from libnet.core.audit import Actor
from libnet.donations import services
from libnet.donations.models import Donation, Donor, Drive
from libnet.donations.services import NewLine
from libnet.network.models import Library

COMMUNE = "SL-TANLAP"
PROVINCIAL = "SL-TVT"


def _book_day(at: dt.datetime) -> dt.date:
    """The last Vietnam Book Day (21 April) on or before the day of `at`."""
    today = clock.local_date(at)
    day = dt.date(today.year, 4, 21)
    return day if day <= today else dt.date(today.year - 1, 4, 21)


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=clock.VIETNAM)


def load_donations(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """Open the drive and record its donations; return how many were made."""
    counts = {"donation_drives": 0, "donations": 0}
    provincial, commune = libraries.get(PROVINCIAL), libraries.get(COMMUNE)
    if provincial is None or commune is None:
        return counts
    if Drive.objects.filter(library=provincial).exists():
        return counts
    people = {
        user.username: user
        for user in get_user_model().objects.filter(username__in=["lan", "minh"])
    }
    lan: Actor = people.get("lan")
    minh: Actor = people.get("minh")
    book_day = _book_day(at)
    drive = services.open_drive(
        library=provincial,
        title=f"Ngày Sách và Văn hóa đọc Việt Nam {book_day.year}: Mỗi người một cuốn sách",
        starts_on=book_day - dt.timedelta(days=20),
        ends_on=book_day + dt.timedelta(days=9),
        goal_books=300,
        goal_vnd=20_000_000,
        covers_subtree=True,
        note="Vận động cán bộ, doanh nghiệp, học sinh tặng sách cho thư viện xã và trường học.",
        by=lan,
        at=_moment(book_day - dt.timedelta(days=25)),
    )
    counts["donation_drives"] += 1

    def donor(
        library: Library, kind: str, name: str, by: Actor, contact: str = "", school_class: str = ""
    ) -> Donor:
        return services.record_donor(
            library=library,
            kind=kind,
            name=name,
            contact=contact,
            school_class=school_class,
            by=by,
            at=_moment(book_day - dt.timedelta(days=20)),
        )

    family = donor(
        provincial,
        "family",
        "Gia đình ông Nguyễn Văn Đức",
        lan,
        contact="0912 345 678, phường Trung Tâm",
    )
    company = donor(
        provincial,
        "organisation",
        "Công ty Cổ phần Sách và Thiết bị Sông Lam",
        lan,
        contact="Phòng Hành chính, 0238 3 555 012",
    )
    teacher = donor(
        provincial, "person", "Bà Phạm Thị Hoa (giáo viên nghỉ hưu)", lan, contact="0987 112 233"
    )
    pupils = donor(commune, "class", "Lớp 9A", minh, school_class="Trường THCS Tân Lập")

    # Titles of the catalogue with an ISBN: found by it, as a clerk typing the ISBN would.
    with_isbn = list(
        BibIsbn.objects.select_related("bib")
        .order_by("bib_id")
        .values_list("isbn13", flat=True)[:3]
    )
    known = [
        NewLine(copies=copies, isbn=isbn, value_vnd=copies * 65_000, condition="new")
        for isbn, copies in zip(with_isbn, (3, 2, 2), strict=False)
    ]
    if not known:
        first = BibRecord.objects.order_by("pk").first()
        known = (
            [NewLine(copies=3, bib=first, title=first.title, value_vnd=195_000)] if first else []
        )

    def record(
        library: Library,
        giver: Donor,
        day: dt.date,
        lines: list[NewLine],
        by: Actor,
        money_vnd: int | None = None,
    ) -> Donation:
        counts["donations"] += 1
        return services.record_donation(
            library=library,
            donor=giver,
            drive=drive,
            received_on=day,
            lines=lines,
            money_vnd=money_vnd,
            by=by,
            at=_moment(day),
        )

    catalogued = record(
        provincial,
        company,
        book_day - dt.timedelta(days=2),
        known or [NewLine(copies=3, title="Từ điển Tiếng Việt")],
        lan,
        money_vnd=5_000_000,
    )
    passed = record(
        provincial,
        family,
        book_day,
        [
            NewLine(copies=12, title="Truyện cổ tích Việt Nam (tuyển chọn)", value_vnd=480_000),
            NewLine(copies=8, title="Dế Mèn phiêu lưu ký", value_vnd=320_000, condition="good"),
        ],
        lan,
    )
    record(
        provincial,
        teacher,
        book_day + dt.timedelta(days=1),
        [
            NewLine(
                copies=25, title="Sách tham khảo Ngữ văn THCS (đã qua sử dụng)", condition="worn"
            ),
            NewLine(copies=10, title="Kỹ thuật trồng lúa nước", value_vnd=250_000),
        ],
        lan,
    )
    record(
        commune,
        pupils,
        book_day + dt.timedelta(days=3),
        [NewLine(copies=15, title="Truyện thiếu nhi các loại", condition="good")],
        minh,
    )

    # Catalogued now, not back in April: the demo's own copies of these titles were added now,
    # and a copy dated before them would make it the title's first copy there when the
    # figures are rebuilt (titles added) though it was not when counted live.
    for line in catalogued.lines.exclude(bib=None)[:2]:
        services.catalogue_donated_copies(line=line, copies=line.copies, by=lan, at=at)
    services.pass_on_donated_books(
        library=provincial,
        destination=commune,
        given_on=book_day + dt.timedelta(days=7),
        lines=[(line, line.copies) for line in passed.lines.all()],
        note="Bổ sung tủ sách thiếu nhi của thư viện xã",
        by=lan,
        at=_moment(book_day + dt.timedelta(days=7)),
    )
    return counts
