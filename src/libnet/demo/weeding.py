"""Weeding in the demo: a round of the provincial library under way — request and plan sent,
approved by the Department of Culture, the list proposed from the data, the appraisal council
named — not yet decided; and a record flagged by Lan for its content.

Written through weeding.services with past moments (`at=`). A second run adds nothing: the
loader calls `load_weeding` only while the provincial library has no round.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count

from libnet.catalog import services as catalog_services
from libnet.catalog.models import BibRecord, Item, ItemSource, ItemStatus, ItemType
from libnet.core import clock
from libnet.network.models import Library
from libnet.weeding import policies, selectors, services
from libnet.weeding.models import Disposal, WeedingRound

PROVINCIAL = "SL-TVT"
# The copies the demo's list holds: a short list a person can read through.
LISTED = 24
# A donation brought the library this many copies of one title: those past the 4th are
# surplus (TT 02/2020 Art. 21), the council checks them in the register.
DONATED_COPIES = 7
COUNCIL = [
    ("Nguyễn Văn Hải", "Chủ tịch Hội đồng", "Giám đốc Thư viện tỉnh Sông Lam"),
    ("Lê Văn Tâm", "Phó Chủ tịch", "Phòng Quản lý văn hóa, Sở Văn hóa, Thể thao và Du lịch"),
    ("Phạm Thị Hồng", "Ủy viên", "Phòng Kế hoạch - Tài chính, Sở Văn hóa, Thể thao và Du lịch"),
    ("Trần Thị Lan", "Thư ký", "Phòng Nghiệp vụ, Thư viện tỉnh Sông Lam"),
]


def load_weeding(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """Open the provincial library's round and take it to its council; return the counts."""
    counts = {"weeding_rounds": 0, "weeding_copies": 0}
    provincial = libraries.get(PROVINCIAL)
    if provincial is None or WeedingRound.objects.filter(library=provincial).exists():
        return counts
    lan = get_user_model().objects.filter(username="lan").first()
    outdated = (
        BibRecord.objects.filter(items__home_library=provincial, title__icontains="luật")
        .order_by("pk")
        .first()
    )
    if outdated is not None:
        services.flag_content(
            library=provincial,
            bib=outdated,
            reason="Văn bản đã được thay thế bằng luật mới",
            by=lan,
            at=at - dt.timedelta(days=40),
        )
    _donated_copies(provincial, by=lan, at=at)
    opened = at - dt.timedelta(days=30)
    weeding_round = services.open_round(
        library=provincial,
        plan=(
            "Thanh lọc kho mở và kho luân chuyển: tài liệu hư hỏng, mất trong luân chuyển, "
            "bản trùng thừa, báo và tạp chí phổ thông đã quá 2 năm.\n"
            "Thời gian: tháng này. Nhân lực: Phòng Nghiệp vụ. Kinh phí: trong dự toán năm."
        ),
        by=lan,
        on=clock.local_date(opened),
        at=opened,
    )
    step = opened + dt.timedelta(days=10)
    services.advance_round(
        weeding_round=weeding_round,
        to="approved",
        reference="112/QĐ-SVHTTDL",
        by=lan,
        on=clock.local_date(step),
        at=step,
    )
    cap = policies.cap(weeding_round.stock_at_opening)
    proposals = selectors.proposals(provincial, today=clock.local_date(step))[: min(LISTED, cap)]
    items = {item.pk: item for item in Item.objects.filter(pk__in=[p.item_id for p in proposals])}
    listed = services.add_copies(
        weeding_round=weeding_round,
        copies=[(items[p.item_id], p.criterion) for p in proposals],
        disposals={p.item_id: Disposal.SCRAP for p in proposals if p.criterion == "old_serial"},
        by=lan,
        at=step,
    )
    if not listed:
        return {"weeding_rounds": 1, "weeding_copies": 0}
    step += dt.timedelta(days=5)
    services.advance_round(
        weeding_round=weeding_round, to="listed", by=lan, on=clock.local_date(step), at=step
    )
    services.set_council(weeding_round=weeding_round, members=COUNCIL, by=lan, at=step)
    step += dt.timedelta(days=2)
    services.advance_round(
        weeding_round=weeding_round,
        to="council",
        reference="25/QĐ-TVT",
        by=lan,
        on=clock.local_date(step),
        at=step,
    )
    return {"weeding_rounds": 1, "weeding_copies": len(listed)}


def _donated_copies(provincial: Library, *, by: object, at: dt.datetime) -> None:
    """Copies of the library's most-held book title up to DONATED_COPIES, given by readers."""
    top = (
        Item.objects.filter(
            home_library=provincial, status=ItemStatus.AVAILABLE, item_type=ItemType.BOOK
        )
        .values("bib_id")
        .annotate(copies=Count("pk"))
        .order_by("-copies", "bib_id")
        .first()
    )
    if top is None or top["copies"] >= DONATED_COPIES:
        return
    catalog_services.add_items(
        copies=[
            catalog_services.NewCopy(
                bib_id=top["bib_id"],
                library=provincial,
                source=ItemSource.DONATION,
                # Received months ago, entered now: after the title's first copies (the daily
                # figures count a title added on the day of its first copy).
                acquired_on=clock.local_date(at - dt.timedelta(days=200)),
                notes="Bạn đọc tặng",
            )
            for _ in range(DONATED_COPIES - top["copies"])
        ],
        by=by,  # type: ignore[arg-type]  # a demo user
        at=at,
    )
