"""The demo's cooperation programme: the Sở VHTTDL (Chi) and the Sở GD&ĐT (Thu) of Sông Lam
work together for the year's reading culture in schools. The Sở GD&ĐT chose the schools;
the provincial library sent a batch to two of them in March (and one in September when that
has come), the schools' book introductions and book days of the year are counted, and the
mid-term review of the first half-year (sơ kết 6 tháng đầu năm) has both sides' text.

The year is the last one whose first half is over. Written through rotation's and the
programme's services. A second run adds nothing: it returns when a programme exists.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from libnet.catalog.models import Item
from libnet.core import clock
from libnet.core.audit import Actor
from libnet.demo.bodies import CULTURE, EDUCATION
from libnet.events import selectors as events_selectors
from libnet.events.policies import HELD_STATES
from libnet.network.models import Library, ManagingBody, Sector
from libnet.programmes import activities, services
from libnet.programmes.models import Programme
from libnet.rotation import selectors as rotation_selectors
from libnet.rotation import services as rotation_services
from libnet.rotation.models import RotationBatch

SENDER = "SL-TVT"
# Tân Lập's schools first (the README's tour), then the others of the scale, up to four.
PREFERRED = ("SL-TH-TANLAP", "SL-THCS-TANLAP")
MAX_SCHOOLS = 4
COPIES_PER_BATCH = 10

CULTURE_TEXT = (
    "Thư viện tỉnh đã xây dựng kế hoạch luân chuyển sách về các trường được chọn, ưu tiên sách "
    "thiếu nhi, sách kỹ năng sống và tài liệu địa chí của tỉnh; phối hợp tổ chức Ngày Sách và "
    "Văn hóa đọc Việt Nam tại trường.\n"
    "Hạn chế: số bản sách cho mỗi đợt còn ít so với nhu cầu của học sinh."
)
EDUCATION_TEXT = (
    "Các trường đã bố trí cán bộ thư viện nhận và bảo quản sách luân chuyển, đưa sách đến các "
    "lớp qua tủ sách lớp học; duy trì giờ giới thiệu sách hằng tháng.\n"
    "Hạn chế: một số trường chưa ghi chép đầy đủ lượt mượn đọc tại lớp."
)
NEXT_STEPS = (
    "Mở rộng luân chuyển sách đến các trường còn lại trong 6 tháng cuối năm; tổ chức hội thi "
    "giới thiệu sách nhân Tuần lễ hưởng ứng học tập suốt đời; tập huấn nghiệp vụ cho cán bộ "
    "thư viện trường học."
)


def _ship(sender: Library, school: Library, shipped_on: dt.date, by: Actor) -> RotationBatch | None:
    """A batch of the provincial library to `school`, shipped and received on `shipped_on`."""
    at = dt.datetime.combine(shipped_on, dt.time(9, 0), tzinfo=clock.VIETNAM)
    batch = rotation_services.create_batch(
        from_library=sender,
        to_library=school,
        planned_start=shipped_on,
        planned_end=shipped_on + dt.timedelta(days=150),
        purpose="Chương trình phối hợp phát triển văn hóa đọc trong trường học",
        keeper_name="Cán bộ thư viện trường",
        boxes=1,
        by=by,
        at=at - dt.timedelta(days=5),
    )
    chosen = rotation_selectors.rotatable_copies(
        batch, Item.objects.order_by("-pk"), limit=COPIES_PER_BATCH, one_per_title=True
    )
    if not chosen:
        rotation_services.cancel_batch(batch=batch, by=by, at=at)
        return None
    rotation_services.add_items(batch=batch, items=chosen, box_number=1, by=by, at=at)
    rotation_services.pack_batch(batch=batch, by=by, at=at)
    rotation_services.ship_batch(batch=batch, by=by, at=at)
    rotation_services.receive_batch(batch=batch, by=by, at=at + dt.timedelta(hours=3))
    return batch


def load_programmes(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """Create the programme, its batches, links, targets and mid-term review; return counts."""
    counts = {"programmes": 0, "programme_batches": 0}
    culture = ManagingBody.objects.filter(code=CULTURE).first()
    education = ManagingBody.objects.filter(code=EDUCATION).first()
    sender = libraries.get(SENDER)
    if culture is None or education is None or sender is None or Programme.objects.exists():
        return counts
    users = get_user_model().objects.in_bulk(["chi", "thu", "lan"], field_name="username")
    chi, thu, lan = users.get("chi"), users.get("thu"), users.get("lan")
    today = clock.local_date(at)
    year = today.year if today.month >= 7 else today.year - 1
    schools = sorted(
        (library for library in libraries.values() if library.sector == Sector.EDUCATION),
        key=lambda school: (school.code not in PREFERRED, school.code),
    )[:MAX_SCHOOLS]
    if not schools:
        return counts
    start = dt.datetime(year, 1, 10, 9, 0, tzinfo=clock.VIETNAM)
    programme = services.create_programme(
        title=f"Phối hợp phát triển văn hóa đọc trong trường học năm {year}",
        reference=f"Số 05/CTPH-SVHTTDL-SGDĐT ngày 10/01/{year}",
        culture=culture,
        education=education,
        starts_on=dt.date(year, 1, 1),
        ends_on=dt.date(year, 12, 31),
        goals=(
            "Đưa sách của Thư viện tỉnh đến các trường học được chọn; phối hợp tổ chức các hoạt "
            "động khuyến đọc trong trường; nâng cao năng lực cán bộ thư viện trường học."
        ),
        by=chi,
        at=start,
    )
    services.choose_schools(programme=programme, schools=schools, by=thu, at=start)
    batches = [
        batch
        for school, shipped_on in (
            (schools[0], dt.date(year, 3, 2)),
            (schools[-1], dt.date(year, 3, 9)),
            (schools[0], dt.date(year, 9, 7)),
        )
        if shipped_on < today and (batch := _ship(sender, school, shipped_on, lan)) is not None
    ]
    services.link_activities(
        programme=programme,
        kind="rotation_batch",
        object_ids=[batch.pk for batch in batches],
        by=lan,
        at=start,
    )
    events = events_selectors.events_linked(library_ids=[school.pk for school in schools]).filter(
        state__in=HELD_STATES
    )
    services.link_activities(
        programme=programme,
        kind="event",
        object_ids=[event.pk for event in events if clock.local_date(event.starts_at).year == year],
        by=thu,
        at=start,
    )
    services.set_targets(
        programme=programme,
        targets={
            activities.SCHOOLS_SERVED: len(schools),
            activities.BATCHES_ROTATED: 4,
            activities.COPIES_ROTATED: 40,
            activities.EVENTS_HELD: 12 * len(schools),
        },
        by=chi,
        at=start,
    )
    written = dt.datetime(year, 7, 10, 9, 0, tzinfo=clock.VIETNAM)
    services.save_review(
        programme=programme,
        kind="mid_term",
        period=f"{year}-H1",
        culture_text=CULTURE_TEXT,
        next_steps=NEXT_STEPS,
        by=chi,
        at=written,
    )
    services.save_review(
        programme=programme,
        kind="mid_term",
        period=f"{year}-H1",
        education_text=EDUCATION_TEXT,
        by=thu,
        at=written,
    )
    counts["programmes"] = 1
    counts["programme_batches"] = len(batches)
    return counts
