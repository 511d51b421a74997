"""A reader who loses a copy brings a replacement (it joins the general register in a batch of
source "replacement") or pays the price × the library's factor against a receipt; the lost
copy stays lost, on the weeding list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from libnet.catalog.models import IntakeBatch, Item, ItemStatus, WeedingCandidate
from libnet.circulation.models import LoanStatus
from libnet.core import clock
from libnet.stock import policies, register
from libnet.stock.models import Compensation, CompensationRule
from tests.factories import LoanFactory, RegisterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lost_loan(province):
    """A copy of Tân Lập commune worth 80.000 đ, lent by its desk."""
    commune = province["commune"]
    RegisterFactory(library=commune)
    loan = LoanFactory(item__home_library=commune, item__price_vnd=80_000)
    return loan


def page(loan):
    return reverse("stock:compensation", args=[loan.pk])


def test_a_reader_who_brings_a_replacement_adds_a_copy_to_the_register(client, minh, lost_loan):
    client.force_login(minh.user)
    response = client.post(page(lost_loan), {"kind": "replacement", "receipt_number": ""})
    assert response.status_code == 302
    done = Compensation.objects.get(loan=lost_loan)
    copy = done.replacement
    assert (copy.bib_id, copy.price_vnd, copy.home_library_id) == (
        lost_loan.item.bib_id,
        80_000,
        lost_loan.item.home_library_id,
    )
    batch = IntakeBatch.objects.get(items=copy)
    assert batch.source == "replacement"
    assert batch.document_number == f"phiếu mượn số {lost_loan.pk}"
    lost_loan.refresh_from_db()
    assert lost_loan.status == LoanStatus.LOST
    assert Item.objects.get(pk=lost_loan.item_id).status == ItemStatus.LOST
    assert WeedingCandidate.objects.filter(item=lost_loan.item, resolved_at=None).exists()
    rows = register.intake_rows(lost_loan.item.home_library, clock.today().year)
    assert ("replacement", 1) in [(row.source, row.figures.copies) for row in rows]
    assert "Đã thêm bản thay thế" in client.get(response["Location"]).content.decode()


def test_a_reader_who_pays_pays_the_price_times_the_rule_of_the_library_above(
    client, minh, lost_loan, province
):
    CompensationRule.objects.create(library=province["provincial"], price_factor=Decimal("1.5"))
    client.force_login(minh.user)
    assert "120.000 đồng" in client.get(page(lost_loan)).content.decode()
    response = client.post(page(lost_loan), {"kind": "payment", "receipt_number": "BL-0042"})
    assert response.status_code == 302
    done = Compensation.objects.get(loan=lost_loan)
    assert (done.kind, done.amount_vnd, done.receipt_number, done.replacement) == (
        "payment",
        120_000,
        "BL-0042",
        None,
    )
    assert not IntakeBatch.objects.exists()


def test_a_payment_needs_a_receipt_and_nothing_is_written_without_one(client, minh, lost_loan):
    client.force_login(minh.user)
    response = client.post(page(lost_loan), {"kind": "payment", "receipt_number": ""})
    assert response.status_code == 400
    assert "Ghi số biên lai" in response.content.decode()
    lost_loan.refresh_from_db()
    assert lost_loan.status == LoanStatus.OPEN
    assert not Compensation.objects.exists()


def test_a_copy_without_a_price_needs_the_amount_typed(client, minh, lost_loan):
    Item.objects.filter(pk=lost_loan.item_id).update(price_vnd=None)
    client.force_login(minh.user)
    response = client.post(page(lost_loan), {"kind": "payment", "receipt_number": "BL-1"})
    assert response.status_code == 400
    assert not Compensation.objects.exists()
    response = client.post(
        page(lost_loan), {"kind": "payment", "receipt_number": "BL-1", "amount_vnd": "65000"}
    )
    assert response.status_code == 302
    assert Compensation.objects.get().amount_vnd == 65_000


def test_a_library_that_takes_no_replacement_refuses_one(client, minh, lost_loan, province):
    CompensationRule.objects.create(library=province["commune"], replacement_allowed=False)
    client.force_login(minh.user)
    response = client.post(page(lost_loan), {"kind": "replacement"})
    assert response.status_code == 400
    assert "không nhận sách thay thế" in response.content.decode()
    lost_loan.refresh_from_db()
    assert lost_loan.status == LoanStatus.OPEN
    assert not IntakeBatch.objects.exists()


def test_a_loan_is_compensated_once(client, minh, lost_loan):
    client.force_login(minh.user)
    client.post(page(lost_loan), {"kind": "payment", "receipt_number": "BL-1"})
    response = client.post(page(lost_loan), {"kind": "payment", "receipt_number": "BL-2"})
    assert response.status_code == 302
    assert Compensation.objects.get().receipt_number == "BL-1"


def test_a_returned_loan_is_not_compensated(client, minh, lost_loan):
    type(lost_loan).objects.filter(pk=lost_loan.pk).update(
        status=LoanStatus.RETURNED, closed_at=dt.datetime(2026, 3, 3, tzinfo=dt.UTC)
    )
    client.force_login(minh.user)
    response = client.post(page(lost_loan), {"kind": "payment", "receipt_number": "BL-1"})
    assert response.status_code == 400
    assert not Compensation.objects.exists()


def test_the_lost_copys_barcode_finds_its_loan(client, minh, lost_loan):
    client.force_login(minh.user)
    response = client.get(
        reverse("stock:compensation_list"), {"barcode": lost_loan.item.barcode.lower()}
    )
    assert response.status_code == 302
    assert response["Location"] == page(lost_loan)


@pytest.mark.parametrize("method", ["get", "post"])
def test_school_librarian_gets_404_for_a_commune_loan(client, an, lost_loan, method):
    client.force_login(an.user)
    response = getattr(client, method)(page(lost_loan), {"kind": "payment", "receipt_number": "X"})
    assert response.status_code == 404
    assert not Compensation.objects.exists()


@pytest.mark.parametrize(
    ("price", "factor", "expected"),
    [
        (80_000, Decimal("1"), 80_000),
        (80_000, Decimal("1.5"), 120_000),
        (33_333, Decimal("1.5"), 50_000),  # 49.999,5 rounds half up
        (None, Decimal("2"), None),  # no price: typed at the desk
    ],
)
def test_compensation_amount(price, factor, expected):
    assert policies.compensation_vnd(price_vnd=price, factor=factor) == expected


def test_compensation_through_the_api(client, minh, an, lost_loan):
    from tests.circulation.test_api import post

    url = f"/api/v1/loans/{lost_loan.pk}/compensation"
    response = post(client, an, url, {"kind": "payment", "receipt_number": "BL-9"})
    assert response.status_code == 404
    response = post(client, minh, url, {"kind": "payment"})
    assert response.status_code == 400
    assert response.json()["code"] == "receipt_needed"
    response = post(client, minh, url, {"kind": "replacement", "replacement_barcode": "dn-001"})
    assert response.status_code == 201, response.content
    assert response.json()["replacement_barcode"] == "DN-001"
    response = post(client, minh, url, {"kind": "payment", "receipt_number": "BL-9"})
    assert response.status_code == 409
    assert response.json()["code"] == "already_settled"


def test_a_refused_replacement_copy_leaves_nothing_behind(client, minh, lost_loan):
    client.force_login(minh.user)
    taken = lost_loan.item.barcode
    response = client.post(page(lost_loan), {"kind": "replacement", "replacement_barcode": taken})
    assert response.status_code == 400
    lost_loan.refresh_from_db()
    assert lost_loan.status == LoanStatus.OPEN
    assert not IntakeBatch.objects.exists()
    assert not WeedingCandidate.objects.exists()
    assert not Compensation.objects.exists()
