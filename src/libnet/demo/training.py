"""Training and inspections in the demo: two courses with their people and results, the
qualifications of a few staff, and a survey and an inspection of two school libraries.

- The provincial library trained commune and school librarians two months ago (finished,
  certificates numbered, counted in its figures).
- The Sở GD&ĐT trained school librarians and teachers last month (finished).
- An's school was inspected by the body it reports to (its commune office: Nga sees it); an
  upper-secondary school was surveyed by the Sở GD&ĐT (Thu sees it); findings, a conclusion,
  recommendations, one of them already closed.

Written through training.services. A second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model

from libnet.core import clock
from libnet.network import selectors as network_selectors
from libnet.network.models import Library, LibraryKind, ManagingBody
from libnet.training import services
from libnet.training.models import Course
from libnet.training.services import SessionPlan

PROVINCIAL = "SL-TVT"
EDUCATION = "SL-SGDDT"


def _people() -> dict[str, Any]:
    return {user.username: user for user in get_user_model().objects.filter(is_active=True)}


def _course(
    *,
    title: str,
    starts_on: dt.date,
    topics: list[str],
    people: list[tuple[str, dict[str, Any]]],
    failed: set[str],
    by: Any,
    at: dt.datetime,
    library: Library | None = None,
    body: ManagingBody | None = None,
    place: str,
    trainers: str,
) -> Course:
    """A finished course: a session a day, everyone ticked present but the last day's absent
    outsider, results, certificates numbered."""
    days = [starts_on + dt.timedelta(days=index) for index in range(len(topics))]
    course = services.plan_course(
        title=title,
        library=library,
        body=body,
        starts_on=days[0],
        ends_on=days[-1],
        place=place,
        trainers=trainers,
        programme="; ".join(topics),
        sessions=[SessionPlan(day, topic) for day, topic in zip(days, topics, strict=True)],
        by=by,
        at=at,
    )
    participants = [
        services.add_participant(course=course, kind=kind, by=by, at=at, **person)
        for kind, person in people
    ]
    sessions = list(course.sessions.all())
    for index, session in enumerate(sessions):
        present = [
            participant.pk
            for number, participant in enumerate(participants)
            if not (index == len(sessions) - 1 and number == len(participants) - 1)
        ]
        services.mark_attendance(session=session, present=present, by=by, at=at)
    services.record_results(
        course=course,
        results={
            participant.pk: "failed" if participant.full_name in failed else "passed"
            for participant in participants
        },
        by=by,
        at=at,
    )
    return services.finish_course(course=course, by=by, at=at)


def load_training(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """Record the demo's courses, qualifications and inspections; return how many."""
    provincial = libraries.get(PROVINCIAL)
    if provincial is None or Course.objects.exists():
        return {"training_courses": 0, "inspections": 0}
    today = clock.local_date(at)
    users = _people()
    lan, thu, nga = users.get("lan"), users.get("thu"), users.get("nga")
    education = ManagingBody.objects.filter(code=EDUCATION).first()
    an_school = next(
        (
            library
            for library in libraries.values()
            if library.sector == "education"
            and library.memberships.filter(user__username="an").exists()
        ),
        None,
    )
    upper = next(
        (
            library
            for code, library in sorted(libraries.items())
            if library.kind == LibraryKind.SCHOOL_UPPER_SECONDARY and library.runs_libnet
        ),
        None,
    )
    staff = [(name, {"username": name}) for name in ("minh", "an", "hung") if name in users]
    courses = [
        _course(
            title=f"Tập huấn nghiệp vụ thư viện cơ sở năm {today.year}",
            library=provincial,
            starts_on=today - dt.timedelta(days=70),
            topics=["Đăng ký cá biệt và biên mục MARC 21", "Phân loại DDC 23 và xếp giá"],
            people=[
                ("staff", staff[0][1]),
                ("school_librarian", staff[1][1]),
                *(("staff", person) for _name, person in staff[2:]),
                ("commune_officer", {"full_name": "Bùi Thị Hoa", "unit": "UBND xã Tân Lập"}),
                ("collaborator", {"full_name": "Đinh Văn Phúc", "unit": "Tủ sách thôn Đồng Xuân"}),
            ],
            failed={"Đinh Văn Phúc"},
            by=lan,
            at=at,
            place="Hội trường Thư viện tỉnh Sông Lam",
            trainers="ThS. Trần Thị Lan, Thư viện tỉnh Sông Lam",
        )
    ]
    if education is not None:
        courses.append(
            _course(
                title="Bồi dưỡng cán bộ thư viện trường học",
                body=education,
                starts_on=today - dt.timedelta(days=40),
                topics=[
                    "Tiêu chuẩn thư viện trường học (TT 16/2022)",
                    "Tủ sách lớp học và khuyến đọc",
                    "Quản lý thư viện bằng phần mềm",
                ],
                people=[
                    ("school_librarian", staff[1][1]),
                    ("teacher", {"full_name": "Ngô Văn Tuấn", "unit": "Trường THCS Hòa Bình"}),
                    ("teacher", {"full_name": "Lý Thị Mai", "unit": "Trường Tiểu học Tân Lập"}),
                ],
                failed=set(),
                by=thu,
                at=at,
                place="Sở Giáo dục và Đào tạo tỉnh Sông Lam",
                trainers="Phòng Giáo dục Trung học, Sở GD&ĐT",
            )
        )
    for username, level, science, paper, year in (
        ("lan", "university", True, "Cử nhân Thông tin - Thư viện", 2008),
        ("chi", "certificate", False, "Chứng chỉ bồi dưỡng nghiệp vụ thư viện", 2015),
        ("minh", "intermediate", True, "Trung cấp Thư viện", 2012),
    ):
        if username in users:
            services.record_qualification(
                person=users[username],
                level=level,
                is_library_science=science,
                certificate=paper,
                awarded_on=dt.date(year, 6, 30),
                by=None,
                at=at,
            )
    inspections = 0
    for school, kind, days_ago, by in (
        (an_school, "inspection", 30, nga),
        (upper, "survey", 20, thu),
    ):
        if school is None:
            continue
        body = network_selectors.body_on(school, today) or education
        if body is None:
            continue
        visited_on = today - dt.timedelta(days=days_ago)
        inspection = services.record_inspection(
            library=school,
            kind=kind,
            visited_on=visited_on,
            body=body,
            inspectors="Đoàn công tác của " + body.name,
            by=by,
            at=at,
        )
        items = list(inspection.checklist.items.all())
        ratings = ["met", "met", "partly", "met", "not_met", "met", "met", "partly"]
        services.record_findings(
            inspection=inspection,
            findings={
                item.pk: (rating, "Giá sách cũ, thiếu ánh sáng" if rating == "not_met" else "")
                for item, rating in zip(items, ratings, strict=False)
            },
            summary="Thư viện cơ bản đáp ứng yêu cầu; cần cải thiện cơ sở vật chất.",
            by=by,
            at=at,
        )
        done = services.add_recommendation(
            inspection=inspection,
            text="Cập nhật sổ đăng ký cá biệt",
            follow_up_on=visited_on + dt.timedelta(days=15),
            by=by,
            at=at,
        )
        services.close_recommendation(
            recommendation=done,
            closing_note="Đã cập nhật",
            by=by,
            at=at,
        )
        services.add_recommendation(
            inspection=inspection,
            text="Thay giá sách và bổ sung đèn phòng đọc",
            follow_up_on=today + dt.timedelta(days=60),
            by=by,
            at=at,
        )
        inspections += 1
    return {"training_courses": len(courses), "inspections": inspections}
