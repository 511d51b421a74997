"""Rotation in the demo: batches from the provincial library in every state, a remote point,
months of usage typed in for deposit points, transfers and an inter-library loan request.

Written through rotation.services with past moments (`at=`), so copies, claims, the weeding
list, daily figures and the audit log agree. A second run adds nothing: the loader calls
`load_rotation` only while the provincial library has sent no batch.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from libnet.catalog.models import Item
from libnet.core import clock
from libnet.core.audit import Actor
from libnet.network.models import Library
from libnet.patrons.models import Patron
from libnet.rotation import selectors, services
from libnet.rotation.models import PointArea, RotationBatch

SENDER = "SL-TVT"
COMMUNE = "SL-TANLAP"  # runs libnet: lends the rotation copies at its desk (Minh)
BOOKCASE = "SL-TANLAP-TS1"  # community bookcase, deposit point
POST_OFFICE = "SL-TANLAP-BD"  # cultural post-office point, deposit point
REMOTE = "SL-HUNGTHINH-TS1"  # a bookcase up in the hills: the library sets the period
COPIES_PER_BATCH = 12


def _spare_copies(sender: Library, desk: Library, count: int) -> list[Item]:
    """Copies of `count` titles on the sender's shelf that may travel to `desk`, newest first
    (for transfers and an inter-library loan)."""
    copies: dict[int, Item] = {}
    for item in selectors.lendable_elsewhere(owner=sender, desk=desk).order_by("-pk")[:200]:
        copies.setdefault(item.bib_id, item)
        if len(copies) == count:
            break
    return list(copies.values())


@dataclass
class _RotationDemo:
    """The demo's rotation, written step by step as Lan (the provincial cataloguer) and Minh
    (Tân Lập's clerk) did it, at moments `days_ago` before `at`; `counts` is what it made."""

    libraries: dict[str, Library]
    sender: Library
    lan: Actor
    minh: Actor
    at: dt.datetime
    counts: dict[str, int]

    def moment(self, days_ago: int) -> dt.datetime:
        return self.at - dt.timedelta(days=days_ago)

    def day(self, days_ago: int) -> dt.date:
        return clock.local_date(self.at) - dt.timedelta(days=days_ago)

    def batch_to(
        self, code: str, *, start_days_ago: int, months: int, purpose: str
    ) -> RotationBatch | None:
        """A batch planned for the point `code`, filled with what the rules accept."""
        point = self.libraries.get(code)
        if point is None:
            return None
        start = self.day(start_days_ago)
        planned_at = self.moment(max(start_days_ago + 7, 0))
        batch = services.create_batch(
            from_library=self.sender,
            to_library=point,
            planned_start=start,
            planned_end=start + dt.timedelta(days=months * 30),
            purpose=purpose,
            keeper_name="Nguyễn Văn Minh" if code == COMMUNE else "Đinh Thị Hoa",
            keeper_phone="0912 345 678" if code == COMMUNE else "0987 654 321",
            boxes=2,
            by=self.lan,
            at=planned_at,
        )
        # What the rules accept, one copy per title, as the batch page proposes them.
        chosen = selectors.rotatable_copies(
            batch, Item.objects.order_by("pk"), limit=COPIES_PER_BATCH, one_per_title=True
        )
        if len(chosen) < 2:
            services.cancel_batch(batch=batch, by=self.lan, at=planned_at)
            return None
        # Half in each of the two boxes: no box travels empty.
        half = len(chosen) // 2
        for box, items in ((1, chosen[:half]), (2, chosen[half:])):
            services.add_items(batch=batch, items=items, box_number=box, by=self.lan, at=planned_at)
        self.counts["batches"] += 1
        return batch

    def last_years_batch(self) -> None:
        """Last year at Tân Lập: shipped, lent at the desk, returned with one copy lost."""
        closed = self.batch_to(
            COMMUNE, start_days_ago=300, months=5, purpose="Sách thiếu nhi cho hè"
        )
        if closed is None:
            return
        lan, minh, moment = self.lan, self.minh, self.moment
        services.pack_batch(batch=closed, by=lan, at=moment(302))
        services.ship_batch(batch=closed, by=lan, at=moment(300))
        services.receive_batch(batch=closed, by=minh, at=moment(299))
        services.start_use(batch=closed, by=minh, at=moment(299))
        services.send_back(
            batch=closed,
            point_requests="Sách nông nghiệp\nTruyện tranh",
            by=minh,
            at=moment(152),
        )
        lines = list(closed.lines.select_related("item"))
        for line in lines[1:]:
            services.scan_return(
                batch=closed, item=line.item, damaged=line is lines[-1], by=lan, at=moment(150)
            )
        services.close_batch(batch=closed, by=lan, confirm=True, at=moment(150))

    def bookcase_batch(self) -> None:
        """The community bookcase (no libnet) has its batch now, and reports usage by hand."""
        at_bookcase = self.batch_to(BOOKCASE, start_days_ago=100, months=6, purpose="Tủ sách thôn")
        if at_bookcase is None:
            return
        lan, moment = self.lan, self.moment
        services.pack_batch(batch=at_bookcase, by=lan, at=moment(102))
        services.ship_batch(batch=at_bookcase, by=lan, at=moment(100))
        services.receive_batch(batch=at_bookcase, by=lan, at=moment(99))
        services.start_use(batch=at_bookcase, by=lan, at=moment(99))
        today = clock.local_date(self.at)
        for months_ago, loans, readers in ((3, 42, 25), (2, 57, 31), (1, 38, 22)):
            first = (today.replace(day=1) - dt.timedelta(days=28 * months_ago)).replace(day=1)
            services.record_deposit_usage(
                point=at_bookcase.to_library,
                month=first,
                loans=loans,
                readers=readers,
                note="Phiếu thống kê của người phụ trách tủ sách",
                by=lan,
                at=moment(5),
            )
            self.counts["usage_months"] += 1

    def batches_under_way(self) -> None:
        """The post-office point: boxes on the road, and one overdue at the remote bookcase."""
        lan, moment = self.lan, self.moment
        on_the_road = self.batch_to(
            POST_OFFICE, start_days_ago=2, months=4, purpose="Sách pháp luật"
        )
        if on_the_road is not None:
            services.pack_batch(batch=on_the_road, by=lan, at=moment(3))
            services.ship_batch(batch=on_the_road, by=lan, at=moment(2))
        overdue = self.batch_to(
            REMOTE, start_days_ago=290, months=9, purpose="Sách cho bản vùng cao"
        )
        if overdue is not None:
            services.pack_batch(batch=overdue, by=lan, at=moment(292))
            services.ship_batch(batch=overdue, by=lan, at=moment(290))
            services.receive_batch(batch=overdue, by=lan, at=moment(285))

    def transfers_and_ill(self) -> None:
        """Two copies moved by hand, and a reader of Tân Lập asking for a provincial copy."""
        commune = self.libraries.get(COMMUNE)
        if commune is None:
            return
        spare = _spare_copies(self.sender, commune, 3)
        if len(spare) != 3:
            return
        lan, moment = self.lan, self.moment
        sent = services.request_transfer(
            item=spare[0],
            to_library=commune,
            reason="manual",
            note="Bổ sung kho",
            by=lan,
            at=moment(1),
        )
        services.ship_transfer(transfer=sent, by=lan, at=moment(1))
        services.request_transfer(
            item=spare[1], to_library=commune, reason="manual", by=lan, at=self.at
        )
        self.counts["transfers"] += 2
        reader = Patron.objects.filter(home_library=commune).order_by("pk").first()
        if reader is not None:
            services.request_ill(
                patron=reader,
                bib=spare[2].bib,
                home_library=commune,
                lending_library=self.sender,
                note="Bạn đọc cần cho bài tập",
                by=self.minh,
                at=moment(1),
            )
            self.counts["ill_requests"] += 1


def load_rotation(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """Plan, ship, receive and return demo batches; return what was created."""
    counts = {"batches": 0, "transfers": 0, "ill_requests": 0, "usage_months": 0}
    sender = libraries.get(SENDER)
    if sender is None or RotationBatch.objects.filter(from_library=sender).exists():
        return counts
    demo = _RotationDemo(
        libraries=libraries,
        sender=sender,
        lan=get_user_model().objects.filter(username="lan").first(),
        minh=get_user_model().objects.filter(username="minh").first(),
        at=at,
        counts=counts,
    )
    if REMOTE in libraries:
        services.set_point_profile(
            library=libraries[REMOTE],
            area=PointArea.REMOTE,
            max_months=9,
            by=demo.lan,
            at=demo.moment(400),
        )
    demo.last_years_batch()
    demo.bookcase_batch()
    demo.batches_under_way()
    # The autumn batch for Tân Lập is a draft; the page proposes copies from last year's use.
    demo.batch_to(COMMUNE, start_days_ago=-14, months=5, purpose="Sách mùa thu")
    demo.transfers_and_ill()
    return counts
