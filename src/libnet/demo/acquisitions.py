"""Acquisitions in the demo: the provincial library's state budget for the year with two
orders (one received and invoiced, one partly received, a title new to the catalogue still
awaited), and the budget of the Hưng Lam branch (the former district library) with an order
still being drafted.

Written through acquisitions.services with past moments (`at=`). A second run adds nothing:
nothing is made while the provincial library has a budget line.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from libnet.acquisitions import services
from libnet.acquisitions.models import Budget
from libnet.catalog.models import BibRecord
from libnet.core import clock
from libnet.network.models import Library

PROVINCIAL = "SL-TVT"
BRANCH = "SL-TVT-CUALAM"
DISTRICT = "SL-HUNGLAM"


def load_acquisitions(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """Make the demo's budgets, suppliers and orders; return how many orders were made."""
    counts = {"orders": 0}
    provincial, branch, district = (libraries.get(code) for code in (PROVINCIAL, BRANCH, DISTRICT))
    if provincial is None or branch is None or district is None:
        return counts
    if Budget.objects.filter(library=provincial).exists():
        return counts
    lan = get_user_model().objects.filter(username="lan").first()
    records = list(BibRecord.objects.order_by("pk")[:5])
    if lan is None or len(records) < 5:
        return counts
    today = clock.local_date(at)
    year_start = dt.datetime(today.year, 1, 1, tzinfo=clock.VIETNAM)

    def days_ago(days: int) -> dt.datetime:
        # In this year (in Vietnam): the orders are paid from this year's budget.
        return max(at - dt.timedelta(days=days), year_start)

    budget = services.create_budget(
        library=provincial,
        year=today.year,
        source="state",
        amount_vnd=120_000_000,
        note="Kinh phí bổ sung vốn tài liệu theo dự toán được giao",
        by=lan,
        at=days_ago(90),
    )
    booksellers = services.create_supplier(
        name="Công ty Cổ phần Sách và Thiết bị trường học Sông Lam",
        address="Số 24 đường Trần Phú, phường Lam Giang",
        tax_code="2900324567",
        contact="Phòng kinh doanh, 0238 3844 567",
        by=lan,
        at=days_ago(90),
    )
    publisher = services.create_supplier(
        name="Chi nhánh Nhà xuất bản Kim Đồng tại miền Trung",
        address="Số 8 đường Lê Duẩn, thành phố Đà Nẵng",
        tax_code="0100109265-012",
        contact="Chị Nguyễn Thu Hà",
        by=lan,
        at=days_ago(90),
    )

    # Copies are received on past days but written now (`at`), after the catalogue's own
    # copies: a copy written on a past day after the copies of its title written today would
    # count the title as added that day, where the live counter did not.
    received_at = days_ago(50)
    first = services.place_order(
        library=provincial,
        supplier=booksellers,
        budget=budget,
        ordered_on=clock.local_date(days_ago(60)),
        note="Bổ sung sách phục vụ Ngày Sách và Văn hóa đọc Việt Nam",
        lines=[
            services.NewLine(
                bib=records[0], unit_price_vnd=85_000, destinations=[(provincial, 3), (branch, 2)]
            ),
            services.NewLine(
                bib=records[1], unit_price_vnd=120_000, destinations=[(provincial, 2)]
            ),
        ],
        send=True,
        by=lan,
        at=days_ago(60),
    )
    invoice_number = "0001287"
    first_lines = list(first.lines.prefetch_related("allocations__library").order_by("pk"))
    for line in first_lines:
        services.receive_line(
            line=line,
            copies=[
                (allocation.library, allocation.copies) for allocation in line.allocations.all()
            ],
            received_on=clock.local_date(received_at),
            document_number=invoice_number,
            by=lan,
            at=at,
        )
    services.record_invoice(
        order=first,
        number=invoice_number,
        issued_on=clock.local_date(received_at),
        amount_vnd=3 * 85_000 + 2 * 85_000 + 2 * 120_000,
        lines=first_lines,
        by=lan,
        at=received_at,
    )
    counts["orders"] += 1

    second = services.place_order(
        library=provincial,
        supplier=publisher,
        budget=budget,
        ordered_on=clock.local_date(days_ago(30)),
        lines=[
            services.NewLine(
                isbn="9786042003452",
                title="Tuyển tập truyện thiếu nhi Sông Lam",
                unit_price_vnd=65_000,
                destinations=[(provincial, 4), (branch, 2)],
            ),
            services.NewLine(bib=records[2], unit_price_vnd=98_000, destinations=[(provincial, 2)]),
        ],
        send=True,
        by=lan,
        at=days_ago(30),
    )
    delivered_at = days_ago(10)
    # The record's copies come first; the new title (its record made when it arrives) is
    # still awaited, so the demo's catalogue keeps only its own records.
    awaited = second.lines.filter(bib=records[2]).first()
    if awaited is not None:
        services.receive_line(
            line=awaited,
            copies=[(provincial, 1)],
            received_on=clock.local_date(delivered_at),
            document_number="PGH-0456",
            by=lan,
            at=at,
        )
    counts["orders"] += 1

    district_budget = services.create_budget(
        library=district,
        year=today.year,
        source="community",
        amount_vnd=15_000_000,
        note="Xã hội hóa: đóng góp của Hội Khuyến học",
        by=lan,
        at=days_ago(80),
    )
    services.place_order(
        library=district,
        supplier=booksellers,
        budget=district_budget,
        ordered_on=clock.local_date(days_ago(5)),
        lines=[
            services.NewLine(bib=records[3], unit_price_vnd=75_000, destinations=[(district, 3)]),
            services.NewLine(bib=records[4], unit_price_vnd=54_000, destinations=[(district, 2)]),
        ],
        by=lan,
        at=days_ago(5),
    )
    counts["orders"] += 1
    return counts
