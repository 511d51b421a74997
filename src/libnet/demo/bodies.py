"""Managing bodies of the demo: the Sở GD&ĐT and the Sở VHTTDL of Sông Lam, and the
Phòng Văn hóa – Xã hội of each commune and ward with a school; their officers `thu` (Sở
GD&ĐT), `nga` (Tân Lập's office) and `chi` (Sở VHTTDL, besides her role at the provincial
library); the schools' reporting lines by the province's rule
(from 1/7/2025, when the offices took over); and the schools' monthly reports: the months of
the year before last accepted, last month's sent in every state (Tân Lập lower-secondary
waiting for Nga, Tân Lập primary returned to it with the reason, the others accepted or
not sent yet).

Written through network and planning services. A second run adds nothing: the bodies are
created only while the Sở GD&ĐT is missing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from libnet.core import clock
from libnet.core.audit import Actor
from libnet.demo import people, places
from libnet.network import selectors as network_selectors
from libnet.network import services as network_services
from libnet.network.models import AdminUnit, BodyKind, BodyRole, Library, ManagingBody
from libnet.planning import services as planning_services
from libnet.planning.periods import month_period

EDUCATION = "SL-SGDDT"
CULTURE = "SL-SVHTTDL"
# The officers of the README's tour: (username, full name, body code).
OFFICERS = (
    ("thu", "Vũ Thị Thu", EDUCATION),
    ("nga", "Hoàng Thị Nga", "SL-PVHXH-TANLAP"),
    # Chi also works for the Sở VHTTDL: its page shows the public network's reports.
    ("chi", "Đỗ Thị Chi", CULTURE),
)
# Last month: the school that is still waiting for its office, and the one sent back.
WAITING = "SL-THCS-TANLAP"
RETURNED = "SL-TH-TANLAP"
NOT_SENT = "SL-THTHCS-PAKHOM"
RETURN_REASON = "Số lượt mượn của khối lớp 1 chưa khớp sổ mượn theo lớp, đề nghị kiểm tra lại"


def _office_code(commune_code: str) -> str:
    return "SL-PVHXH-" + commune_code.rsplit("-", 1)[-1]


def load_bodies(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """Create the bodies, their officers, the schools' lines and reports; return counts."""
    if ManagingBody.objects.filter(code=EDUCATION).exists():
        return {"bodies": 0, "school_reports": 0}
    units = {unit.code: unit for unit in AdminUnit.objects.filter(valid_to__isnull=True)}
    province = units.get(places.PROVINCE_CODE)
    since = places.REFORM_ON
    bodies = [
        network_services.create_managing_body(
            code=EDUCATION,
            name="Sở Giáo dục và Đào tạo tỉnh Sông Lam",
            kind=BodyKind.EDUCATION_DEPARTMENT,
            admin_unit=province,
            since=since,
            by=None,
        ),
        network_services.create_managing_body(
            code=CULTURE,
            name="Sở Văn hóa, Thể thao và Du lịch tỉnh Sông Lam",
            kind=BodyKind.CULTURE_DEPARTMENT,
            admin_unit=province,
            since=since,
            by=None,
        ),
    ]
    school_units = {school.admin_unit for school in places.SCHOOLS if school.code in libraries}
    for commune in places.NEW_COMMUNES:
        if commune.code in school_units:
            bodies.append(
                network_services.create_managing_body(
                    code=_office_code(commune.code),
                    name=f"Phòng Văn hóa – Xã hội {commune.short_name}",
                    kind=BodyKind.COMMUNE_OFFICE,
                    admin_unit=units.get(commune.code),
                    since=since,
                    by=None,
                )
            )
    users = get_user_model().objects
    for username, full_name, body_code in OFFICERS:
        body = next((body for body in bodies if body.code == body_code), None)
        if body is None:
            continue
        network_services.add_body_staff(
            username=username,
            body=body,
            role=BodyRole.OFFICER,
            by=None,
            password=None if users.filter(username=username).exists() else people.DEMO_PASSWORD,
            full_name=full_name,
        )
    schools = sorted(
        (library for library in libraries.values() if library.is_school),
        key=lambda library: library.code,
    )
    for school in schools:
        network_services.apply_default_reporting(library=school, on=since, by=None)
    return {"bodies": len(bodies), "school_reports": _school_reports(schools, at)}


def _school_reports(schools: list[Library], at: dt.datetime) -> int:
    today = clock.local_date(at)
    last = today.replace(day=1) - dt.timedelta(days=1)
    before_last = last.replace(day=1) - dt.timedelta(days=1)
    first_month = 1 if before_last.year == today.year else before_last.month
    lines = network_selectors.bodies_on(last)
    officers = _officers_by_body()
    sending = [school for school in schools if school.pk in lines]
    created = 0
    for month in range(first_month, before_last.month + 1):
        period = month_period(before_last.year, month)
        for school in sending:
            report = planning_services.submit_report(library=school, period=period, by=None, at=at)
            planning_services.accept_report(report=report, by=officers.get(lines[school.pk]), at=at)
            created += 1
    period = month_period(last.year, last.month)
    for school in sending:
        if school.code == NOT_SENT:
            continue
        report = planning_services.submit_report(library=school, period=period, by=None, at=at)
        officer = officers.get(lines[school.pk])
        if school.code == RETURNED:
            planning_services.return_report(report=report, reason=RETURN_REASON, by=officer, at=at)
        elif school.code != WAITING:
            planning_services.accept_report(report=report, by=officer, at=at)
        created += 1
    return created


def _officers_by_body() -> dict[int, Actor]:
    """Body id → the demo officer who decides its reports (None: decided on paper)."""
    found: dict[int, Actor] = {}
    for username, _name, body_code in OFFICERS:
        body = ManagingBody.objects.filter(code=body_code).first()
        user = get_user_model().objects.filter(username=username).first()
        if body is not None and user is not None:
            found[body.pk] = user
    return found
