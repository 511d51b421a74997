"""The TT 16/2022 standard in the demo: each school's enrolment (sĩ số) for the last and
the current school year, two classes per grade, sized so that the schools' copies per pupil
differ (some below the NĐ 93 minimum); Tân Lập lower-secondary's evidence and its
self-assessment of the last school year, sent on 20/5 to Tân Lập's commune office (Nga),
waiting for her decision; its library plan for the current school year (sent by 15/10 when the
demo is loaded after it), three pupil helpers and a classroom bookcase for class 6A with a few
of its copies.

Written through the schools services. A second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model

from libnet.core import clock
from libnet.demo import places
from libnet.network.models import Library, SchoolLevel
from libnet.planning.periods import parse
from libnet.schools import selectors as schools_selectors
from libnet.schools import services as schools_services
from libnet.schools.models import ClassEnrolment

SENDER = "SL-THCS-TANLAP"
# Copies per pupil each school is given, in turn: above and below the NĐ 93 minimums.
RATIOS = (4.6, 3.2, 5.4, 2.6, 4.1, 6.0)
# A school with no copies in the demo still has pupils.
PUPILS_WITHOUT_COPIES = 240
EVIDENCE = {
    "R1.teacher_sets": (True, "Sổ đăng ký sách nghiệp vụ giáo viên, kiểm kê 4/2026"),
    "A1.lookup": (True, "Mục lục trực tuyến libnet và máy tra cứu tại phòng đọc"),
    "A1.programme": (
        True,
        "Kế hoạch hoạt động thư viện năm học, biên bản giới thiệu sách hằng tháng",
    ),
    "F1.area": ("62", "Biên bản đo diện tích phòng thư viện ngày 15/4/2026"),
    "F1.seats": ("48", "Danh mục bàn ghế phòng đọc"),
}


def _level_of_grade(grade: int) -> str:
    if grade <= 0:
        return SchoolLevel.KINDERGARTEN
    if grade <= 5:
        return SchoolLevel.PRIMARY
    if grade <= 9:
        return SchoolLevel.LOWER_SECONDARY
    return SchoolLevel.UPPER_SECONDARY


def load_schools(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """Enter the schools' enrolment and Tân Lập's self-assessment; return counts."""
    today = clock.local_date(at)
    # The last school year whose self-assessment was due (31/5), and the one in progress.
    last = today.year if (today.month, today.day) > (5, 31) else today.year - 1
    current = today.year + 1 if today.month >= 9 else today.year
    grades = {school.code: school.grades for school in places.SCHOOLS if school.grades}
    schools = [libraries[code] for code in grades if code in libraries]
    if not schools or ClassEnrolment.objects.filter(library__in=schools).exists():
        return {"school_classes": 0, "self_assessments": 0}
    an = get_user_model().objects.filter(username="an").first()
    classes = 0
    for index, school in enumerate(schools):
        low, high = grades[school.code]
        names = [
            (grade, section)
            for grade in range(low, high + 1)
            for section in "AB"
            if _level_of_grade(grade) in school.school_levels
        ]
        copies = schools_selectors.copies_held(school)
        pupils = round(copies / RATIOS[index % len(RATIOS)]) if copies else PUPILS_WITHOUT_COPIES
        # About 30 pupils a class: a school with few copies in the demo has few classes.
        names = names[: max(1, min(len(names), pupils // 30))]
        per_class = max(1, pupils // len(names))
        for year in sorted({last, current}):
            for number, (grade, section) in enumerate(names):
                level = _level_of_grade(grade)
                extra = max(0, pupils - per_class * len(names)) if number == 0 else 0
                schools_services.set_enrolment(
                    library=school,
                    school_year=year,
                    class_name=f"{grade}{section}" if grade > 0 else f"Lớp {section}",
                    school_level=level,
                    pupils=per_class + extra,
                    teachers=2,
                    by=an if school.code == SENDER else None,
                )
                classes += 1
    sent = 0
    sender = libraries.get(SENDER)
    if sender is not None and an is not None:
        period = parse(f"{last}-SY")
        entered_at = dt.datetime(last, 5, 18, 9, 0, tzinfo=clock.VIETNAM)
        for code, (answer_or_value, evidence) in EVIDENCE.items():
            answer = answer_or_value if isinstance(answer_or_value, bool) else None
            schools_services.record_evidence(
                library=sender,
                period=period,
                criterion_code=code,
                value=None if answer is not None else answer_or_value,
                answer=answer,
                evidence=evidence,
                by=an,
                at=entered_at,
            )
        schools_services.submit_self_assessment(
            library=sender,
            period=period,
            by=an,
            at=dt.datetime(last, 5, 20, 10, 0, tzinfo=clock.VIETNAM),
        )
        sent = 1
        _school_papers(sender, an, current, at)
    return {"school_classes": classes, "self_assessments": sent}


HELPERS = (
    ("Phạm Thu Hà", "7A", "Xếp sách lên giá, nhắc bạn trả sách đúng hạn"),
    ("Nguyễn Minh Khôi", "8B", "Giới thiệu sách mới trong giờ chào cờ"),
    ("Lò Thị Mai", "9A", "Trông phòng đọc giờ ra chơi"),
)


def _school_papers(school: Library, an: Any, current: int, at: dt.datetime) -> None:
    """Tân Lập's library plan for the school year in progress, its pupil helpers and the
    classroom bookcase of 6A (with the first shelf copies it holds)."""
    start = dt.datetime(current - 1, 9, 20, 9, 0, tzinfo=clock.VIETNAM)
    if start > at:
        return
    schools_services.save_plan(
        library=school,
        school_year=current,
        goals="Phát triển văn hóa đọc; mỗi học sinh đọc ít nhất 6 cuốn sách trong năm học.",
        activities=(
            "Giới thiệu sách mới hằng tuần vào giờ chào cờ thứ Hai.\n"
            "Hưởng ứng Ngày Sách và Văn hóa đọc Việt Nam 21/4.\n"
            "Luân chuyển sách về tủ sách lớp học mỗi tháng một lần."
        ),
        book_introductions_per_month=4,
        needs="Bổ sung 150 bản sách tham khảo các môn học; một máy tra cứu.",
        by=an,
        at=start,
    )
    sent_at = dt.datetime(current - 1, 10, 10, 9, 0, tzinfo=clock.VIETNAM)
    if sent_at <= at:
        schools_services.submit_plan(library=school, school_year=current, by=an, at=sent_at)
    for name, class_name, duties in HELPERS:
        schools_services.add_helper(
            library=school,
            school_year=current,
            full_name=name,
            class_name=class_name,
            duties=duties,
            joined_on=start.date(),
            by=an,
            at=start,
        )
    bookcase = schools_services.open_bookcase(
        library=school,
        class_name="6A",
        teacher="Cô Trần Thị Mai",
        opened_on=start.date(),
        by=an,
        at=start,
    )
    barcodes = schools_selectors.shelf_barcodes(school, limit=6)
    schools_services.lend_to_bookcase(bookcase=bookcase, barcodes=barcodes, by=an, at=start)
