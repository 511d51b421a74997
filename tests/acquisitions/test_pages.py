"""The acquisitions pages as Lan uses them, and every page refused (404) to the staff of other
libraries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from libnet.acquisitions import services
from libnet.acquisitions.models import Budget, Order, Overspend, Supplier
from libnet.catalog.models import IntakeBatch, Item
from tests.acquisitions.conftest import TODAY
from tests.factories import NOW

pytestmark = pytest.mark.django_db


def test_lan_adds_a_budget_line_and_sees_what_is_left(client, lan, provincial):
    client.force_login(lan.user)
    response = client.post(
        reverse("acquisitions:budgets"),
        {"library": "SL-TVT", "year": 2026, "source": "state", "amount_vnd": 5_000_000},
    )
    assert response.status_code == 302
    page = client.get(reverse("acquisitions:budgets")).content.decode()
    assert "5.000.000" in page
    assert Budget.objects.get().library == provincial


def test_lan_adds_a_supplier(client, lan):
    client.force_login(lan.user)
    response = client.post(
        reverse("acquisitions:suppliers"),
        {"name": "Nhà sách Tiền Phong", "tax_code": "0101234567", "address": "Hà Nội"},
    )
    assert response.status_code == 302
    assert "Nhà sách Tiền Phong" in client.get(reverse("acquisitions:suppliers")).content.decode()


def test_a_malformed_tax_code_is_refused_on_the_form(client, lan):
    client.force_login(lan.user)
    response = client.post(reverse("acquisitions:suppliers"), {"name": "X", "tax_code": "12"})
    assert response.status_code == 400
    assert "Mã số thuế gồm 10 chữ số" in response.content.decode()
    assert not Supplier.objects.exists()


def test_lan_drafts_an_order_adds_a_title_by_isbn_and_sends_it(
    client, lan, budget, supplier, commune
):
    client.force_login(lan.user)
    response = client.post(
        reverse("acquisitions:order_new"),
        {"supplier": supplier.pk, "budget": budget.pk, "ordered_on": "2026-03-02"},
    )
    order = Order.objects.get()
    assert response.status_code == 302
    assert order.number == "2026-001"
    response = client.post(
        reverse("acquisitions:line_add", args=[order.pk]),
        {
            "isbn": "978-0-306-40615-7",
            "title": "Tắt đèn",
            "unit_price_vnd": 60_000,
            "library_1": "SL-TVT",
            "copies_1": 2,
            "library_2": "SL-TANLAP",
            "copies_2": 1,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("acquisitions:order", args=[order.pk])).content.decode()
    assert "Tắt đèn" in page
    assert "180.000" in page
    response = client.post(reverse("acquisitions:order_send", args=[order.pk]), {})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == "sent"


def test_a_line_for_the_school_is_refused_on_the_form(client, lan, order, record):
    client.force_login(lan.user)
    response = client.post(
        reverse("acquisitions:line_add", args=[order.pk]),
        {"record": record.pk, "unit_price_vnd": 1, "library_1": "SL-THCS-TANLAP", "copies_1": 1},
    )
    assert response.status_code == 400
    assert not order.lines.exists()


def test_sending_beyond_the_budget_asks_for_the_reason_then_shows_it_on_the_budget_page(
    client, lan, order, record, provincial
):
    services.add_order_line(
        order=order,
        bib=record,
        unit_price_vnd=1_000_000,
        destinations=[(provincial, 12)],
        by=lan.user,
    )
    client.force_login(lan.user)
    response = client.post(reverse("acquisitions:order_send", args=[order.pk]), {})
    assert response.status_code == 409
    assert "bị âm 2.000.000 đồng" in response.content.decode()
    order.refresh_from_db()
    assert order.state == "draft"
    response = client.post(
        reverse("acquisitions:order_send", args=[order.pk]),
        {"overspend_reason": "Sở đã duyệt bổ sung kinh phí"},
    )
    assert response.status_code == 302
    assert Overspend.objects.get().amount_vnd == 2_000_000
    page = client.get(reverse("acquisitions:budgets")).content.decode()
    assert "Sở đã duyệt bổ sung kinh phí" in page
    assert "-2.000.000" in page


def test_lan_receives_part_of_a_line_and_gets_its_labels(client, lan, sent, line):
    client.force_login(lan.user)
    url = reverse("acquisitions:line_receive", args=[sent.pk, line.pk])
    form = client.get(url)
    assert form.status_code == 200
    copies = {f"copies_{destination.library_id}": 0 for destination in line.allocations.all()}
    copies[f"copies_{sent.library_id}"] = 2
    response = client.post(
        url, {"received_on": TODAY.isoformat(), "document_number": "PGH-001", **copies}
    )
    assert response.status_code == 200
    page = response.content.decode()
    items = list(Item.objects.order_by("pk"))
    assert len(items) == 2
    assert items[0].accession_number in page
    assert reverse("staff:labels") + f"?items={items[0].pk}&amp;items={items[1].pk}" in page
    assert IntakeBatch.objects.get().document_number == "PGH-001"
    labels = client.get(reverse("staff:labels"), {"items": [item.pk for item in items]})
    assert labels["Content-Type"] == "application/pdf"
    sent.refresh_from_db()
    assert sent.state == "partly_received"


def test_receiving_more_than_ordered_is_refused_on_the_form(client, lan, sent, line):
    client.force_login(lan.user)
    response = client.post(
        reverse("acquisitions:line_receive", args=[sent.pk, line.pk]),
        {"received_on": TODAY.isoformat(), f"copies_{sent.library_id}": 4},
    )
    assert response.status_code == 400
    assert "chỉ được nhận thêm tối đa 3 bản" in response.content.decode()
    assert not Item.objects.exists()


def test_lan_records_an_invoice_and_sees_invoiced_against_received(client, lan, sent, line):
    services.receive_line(
        line=line, copies=[(sent.library, 3)], received_on=TODAY, by=lan.user, at=NOW
    )
    client.force_login(lan.user)
    response = client.post(
        reverse("acquisitions:invoice_add", args=[sent.pk]),
        {"number": "0004567", "issued_on": "2026-03-02", "amount_vnd": 150_000, "lines": [line.pk]},
    )
    assert response.status_code == 302
    page = client.get(reverse("acquisitions:order", args=[sent.pk])).content.decode()
    assert "0004567" in page
    totals = page.split('id="order-totals"')[1].split("</dl>")[0]
    assert totals.count("150.000 đ") == 2  # received and invoiced
    assert "250.000 đ" in totals  # ordered


def test_the_order_prints_as_a_pdf(client, lan, sent):
    client.force_login(lan.user)
    response = client.get(reverse("acquisitions:order_pdf", args=[sent.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def _order_pages(order, line):
    return [
        ("get", reverse("acquisitions:order", args=[order.pk]), {}),
        ("get", reverse("acquisitions:order_pdf", args=[order.pk]), {}),
        ("get", reverse("acquisitions:line_receive", args=[order.pk, line.pk]), {}),
        (
            "post",
            reverse("acquisitions:line_receive", args=[order.pk, line.pk]),
            {"received_on": TODAY.isoformat(), f"copies_{order.library_id}": 1},
        ),
        (
            "post",
            reverse("acquisitions:line_add", args=[order.pk]),
            {"title": "X", "unit_price_vnd": 1, "library_1": "SL-TANLAP", "copies_1": 1},
        ),
        ("post", reverse("acquisitions:line_remove", args=[order.pk, line.pk]), {}),
        ("post", reverse("acquisitions:order_send", args=[order.pk]), {}),
        ("post", reverse("acquisitions:order_cancel", args=[order.pk]), {}),
        (
            "post",
            reverse("acquisitions:invoice_add", args=[order.pk]),
            {"number": "1", "issued_on": "2026-03-02", "amount_vnd": 1, "lines": [line.pk]},
        ),
    ]


@pytest.mark.parametrize("other", ["minh", "an"])
def test_staff_of_other_libraries_get_404_on_every_page_of_an_order(
    client, request, sent, line, other
):
    """Minh (the commune, below the province: copies of the order are for him) and An (the
    school) do not manage the provincial library's orders: each page is 404, nothing written."""
    client.force_login(request.getfixturevalue(other).user)
    for method, url, data in _order_pages(sent, line):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
    sent.refresh_from_db()
    assert sent.state == "sent"
    assert sent.lines.count() == 1
    assert not Item.objects.exists()
    assert not sent.invoices.exists()


def test_other_libraries_budget_and_orders_are_not_listed(client, minh, sent, budget):
    client.force_login(minh.user)
    assert sent.number not in client.get(reverse("acquisitions:orders")).content.decode()
    assert "10.000.000" not in client.get(reverse("acquisitions:budgets")).content.decode()


def test_an_order_cannot_be_paid_from_another_librarys_budget(
    client, minh, commune, budget, supplier
):
    client.force_login(minh.user)
    response = client.post(
        reverse("acquisitions:order_new"), {"supplier": supplier.pk, "budget": budget.pk}
    )
    assert response.status_code == 400
    assert not Order.objects.exists()


def test_a_budget_line_for_another_library_is_refused(client, minh, provincial):
    client.force_login(minh.user)
    response = client.post(
        reverse("acquisitions:budgets"),
        {"library": "SL-TVT", "year": 2026, "source": "state", "amount_vnd": 1},
    )
    assert response.status_code == 400
    assert not Budget.objects.exists()


def test_the_department_officer_is_told_the_pages_are_for_cataloguers(client, chi):
    client.force_login(chi.user)
    assert client.get(reverse("acquisitions:orders")).status_code == 403
