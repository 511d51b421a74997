"""The general register (sổ đăng ký tổng quát) of a library for a year, read from the copies'
history: Part I the intake by batch, Part II the withdrawals by decision, Part III the stock
at each year's end and at each stocktake; its page, workbook and PDF."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from libnet.catalog import services as catalog_services
from libnet.catalog.models import Item, ItemStatus
from libnet.catalog.services import NewCopy
from libnet.core import clock
from libnet.stock import register, services
from libnet.stock.register import OTHER
from tests.factories import BibRecordFactory, ItemFactory

pytestmark = pytest.mark.django_db


def moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 3, 0, tzinfo=dt.UTC)


def add(library, by, count, *, batch=None, on=None, at=None, **values):
    """`count` copies of new titles added to `library` through the catalogue's service."""
    values.setdefault("item_type", "book")
    language = values.pop("language", "vie")
    copies = [
        NewCopy(
            bib_id=BibRecordFactory(language=language).pk,
            library=library,
            intake_batch=batch,
            acquired_on=on,
            **values,
        )
        for _ in range(count)
    ]
    when = at or moment(on or (batch.received_on if batch else dt.date(2025, 1, 1)))
    added = catalog_services.add_items(copies=copies, by=by, at=when)
    assert not added.refused
    return added.items


def batch(library, by, day, source="purchase", **values):
    return catalog_services.open_intake_batch(
        library=library, source=source, received_on=day, by=by, **values
    )


def withdraw(library, by, number, day, copies, reason="damaged"):
    decision = catalog_services.record_withdrawal_decision(
        library=library, number=number, decided_on=day, by=by
    )
    catalog_services.withdraw_items(
        decision=decision, items=[(copy, reason) for copy in copies], by=by, at=moment(day)
    )
    return decision


@pytest.fixture
def history(province, minh):
    """Tân Lập commune's copies over 2024 and 2025: two batches and loose copies each year,
    a decision each year."""
    commune = province["commune"]
    by = minh.user
    bought_2024 = batch(
        commune, by, dt.date(2024, 3, 5), document_number="HĐ 12", supplier="Nhà sách Sông Lam"
    )
    old = add(commune, by, 4, batch=bought_2024, price_vnd=50_000)
    old += add(commune, by, 2, on=dt.date(2024, 6, 1), item_type="textbook")
    withdraw(commune, by, "01/QĐ-TV", dt.date(2024, 11, 20), old[:1])
    given = batch(commune, by, dt.date(2025, 4, 2), source="donation", supplier="Ông Nguyễn Văn Ba")
    new = add(commune, by, 3, batch=given)  # no price: a gift
    new += add(commune, by, 2, batch=given, language="eng", price_vnd=120_000)
    deposit = batch(commune, by, dt.date(2025, 8, 9), source="deposit", document_number="LC-7")
    new += add(commune, by, 1, batch=deposit, item_type="periodical", price_vnd=15_000)
    # Two loose copies on two days of May, one of June: two "other" lines.
    loose = add(commune, by, 1, on=dt.date(2025, 5, 3), price_vnd=40_000)
    loose += add(commune, by, 1, on=dt.date(2025, 5, 20), item_type="textbook")
    loose += add(commune, by, 1, on=dt.date(2025, 6, 1))
    withdraw(commune, by, "07/QĐ-TV", dt.date(2025, 12, 1), [old[1], old[4], new[0]])
    return {"commune": commune, "old": old, "new": new, "loose": loose}


def test_part_one_has_a_line_per_batch_and_a_line_per_month_for_copies_without_one(history):
    rows = register.intake_rows(history["commune"], 2025)
    assert [(row.number, row.received_on, row.source) for row in rows] == [
        (1, dt.date(2025, 4, 2), "donation"),
        (2, dt.date(2025, 5, 1), OTHER),
        (3, dt.date(2025, 6, 1), OTHER),
        (4, dt.date(2025, 8, 9), "deposit"),
    ]
    donation, may, june, deposit = (row.figures for row in rows)
    assert rows[0].supplier == "Ông Nguyễn Văn Ba"
    assert rows[3].document_number == "LC-7"
    assert (donation.copies, donation.titles) == (5, 5)
    assert dict(donation.by_language) == {"vie": 3, "eng": 2}
    assert (donation.value_vnd, donation.without_price) == (240_000, 3)
    assert dict(may.by_kind) == {"book": 1, "textbook": 1}
    assert (may.copies, may.value_vnd, may.without_price) == (2, 40_000, 1)
    assert june.copies == 1
    assert dict(deposit.by_kind) == {"periodical": 1}


def test_part_one_lists_a_batch_with_no_copy_yet(history, minh):
    batch(history["commune"], minh.user, dt.date(2025, 9, 1), source="exchange")
    rows = register.intake_rows(history["commune"], 2025)
    assert rows[-1].source == "exchange"
    assert rows[-1].figures.copies == 0


def test_part_two_has_a_line_per_decision_with_copies_and_value_by_reason(history, minh):
    commune = history["commune"]
    lost = withdraw(
        commune, minh.user, "08/QĐ-TV", dt.date(2025, 12, 15), [history["loose"][0]], "lost"
    )
    rows = register.withdrawal_rows(commune, 2025)
    assert [(row.number, row.decision_number) for row in rows] == [
        (1, "07/QĐ-TV"),
        (2, lost.number),
    ]
    first = rows[0].figures
    assert (first.copies, dict(first.by_reason)) == (3, {"damaged": 3})
    assert (first.value_vnd, first.without_price) == (50_000, 2)
    assert dict(first.by_kind) == {"book": 2, "textbook": 1}
    assert dict(rows[1].figures.by_reason) == {"lost": 1}
    assert rows[1].figures.value_vnd == 40_000


def test_part_three_at_a_years_end_is_the_year_before_plus_part_one_less_part_two(history):
    commune = history["commune"]
    for year in (2024, 2025, 2026):
        general = register.general_register(commune, year)
        opening, closing = general.opening.figures, general.closing.figures
        assert closing.copies == (
            opening.copies + general.intake_total.copies - general.withdrawal_total.copies
        )
        assert closing.value_vnd == (
            opening.value_vnd + general.intake_total.value_vnd - general.withdrawal_total.value_vnd
        )
        for kind in ("book", "textbook", "periodical"):
            assert closing.by_kind[kind] == (
                opening.by_kind[kind]
                + general.intake_total.by_kind[kind]
                - general.withdrawal_total.by_kind[kind]
            )
    assert register.general_register(commune, 2024).closing.figures.copies == 5
    assert register.general_register(commune, 2025).closing.figures.copies == 6 + 9 - 1 - 3


def test_part_three_equals_the_copies_held_on_the_day(history):
    """The register's stock on a day is the copies the library held then, counted one by one
    from each copy's own dates."""
    commune = history["commune"]
    days = [dt.date(2024, 12, 31), dt.date(2025, 5, 10), dt.date(2025, 12, 31)]
    stock = register.stock_on(commune, days)
    copies = list(
        Item.objects.filter(home_library=commune).select_related(
            "intake_batch", "withdrawal_decision"
        )
    )
    for day in days:
        held = [
            copy
            for copy in copies
            if (copy.intake_batch.received_on if copy.intake_batch else copy.acquired_on) <= day
            and not (copy.withdrawal_decision and copy.withdrawal_decision.decided_on <= day)
        ]
        assert stock[day].copies == len(held), day


def test_a_copy_imported_as_withdrawn_leaves_on_the_day_it_was_imported(province, minh):
    commune = province["commune"]
    ItemFactory(
        home_library=commune,
        status=ItemStatus.WITHDRAWN,
        withdrawal_reference="12/QĐ",
        acquired_on=dt.date(2010, 5, 1),
        created_at=moment(dt.date(2025, 2, 1)),
        updated_at=moment(dt.date(2025, 2, 1)),
    )
    general = register.general_register(commune, 2025)
    assert general.opening.figures.copies == 1
    assert [(row.decision, row.figures.copies) for row in general.withdrawals] == [(None, 1)]
    assert general.closing.figures.copies == 0


def test_part_three_has_a_line_at_each_stocktake_closed_in_the_year(history, minh):
    commune = history["commune"]
    stocktake = services.open_stocktake(
        library=commune, reason="periodic", by=minh.user, at=moment(dt.date(2025, 10, 1))
    )
    services.close_stocktake(stocktake=stocktake, by=minh.user, at=moment(dt.date(2025, 10, 3)))
    rows = register.stock_rows(commune, 2025)
    assert [(row.on, row.stocktake) for row in rows] == [
        (dt.date(2024, 12, 31), None),
        (dt.date(2025, 10, 3), stocktake),
        (dt.date(2025, 12, 31), None),
    ]
    assert rows[1].figures.copies == 6 + 9 - 1


def test_the_register_is_read_in_a_few_queries(history, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        register.general_register(history["commune"], 2025)


def test_the_register_page_shows_the_three_parts(client, history, minh):
    client.force_login(minh.user)
    response = client.get(reverse("stock:register"), {"library": "SL-TANLAP", "year": 2025})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ông Nguyễn Văn Ba" in page
    assert "07/QĐ-TV" in page
    assert 'id="register-stock"' in page


def test_the_register_downloads_as_a_workbook_and_a_pdf(client, history, minh):
    client.force_login(minh.user)
    url = reverse("stock:register_file", args=["SL-TANLAP", 2025, "xlsx"])
    response = client.get(url)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "LC-7" in values
    assert "07/QĐ-TV" in values
    response = client.get(reverse("stock:register_file", args=["SL-TANLAP", 2025, "pdf"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "url",
    [
        reverse("stock:register") + "?library=SL-TANLAP&year=2025",
        reverse("stock:register_file", args=["SL-TANLAP", 2025, "xlsx"]),
        reverse("stock:register_file", args=["SL-TANLAP", 2025, "pdf"]),
    ],
)
def test_school_librarian_gets_404_for_the_commune_register(client, history, an, url):
    client.force_login(an.user)
    assert client.get(url).status_code == 404


def test_a_year_not_begun_is_not_found(client, history, minh):
    client.force_login(minh.user)
    response = client.get(reverse("stock:register"), {"library": "SL-TANLAP", "year": 2999})
    assert response.status_code == 404


def test_the_register_through_the_api(client, history, minh, an):
    from tests.circulation.test_api import bearer

    response = client.get("/api/v1/registers/sl-tanlap/2025", headers=bearer(minh))
    assert response.status_code == 200, response.content
    body = response.json()
    assert [row["source"] for row in body["intake"]] == ["donation", "other", "other", "deposit"]
    assert body["intake"][0]["by_language"] == {"vie": 3, "eng": 2}
    assert [row["decision_number"] for row in body["withdrawals"]] == ["07/QĐ-TV"]
    assert [row["copies"] for row in body["stock"]] == [5, 11]
    assert client.get("/api/v1/registers/SL-TANLAP/2025", headers=bearer(an)).status_code == 404
    assert client.get("/api/v1/registers/SL-TANLAP/2999", headers=bearer(minh)).status_code == 404


def test_the_demo_register_has_a_line_in_each_part(small_demo):
    from libnet.network.models import Library

    year = clock.today().year
    provincial = register.general_register(Library.objects.get(code="SL-TVT"), year)
    sources = {row.source for row in provincial.intake if row.batch is not None}
    # The register's own demo batches; the acquisitions' and donations' add theirs.
    assert {"purchase", "donation", "deposit"} <= sources
    assert "12/QĐ-TVT" in [row.decision_number for row in provincial.withdrawals]
    commune = register.intake_rows(Library.objects.get(code="SL-TANLAP"), year)
    assert "replacement" in [row.source for row in commune]
