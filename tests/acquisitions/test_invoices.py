"""Invoices: the lines they cover, invoiced against received."""

from __future__ import annotations

import pytest

from libnet.acquisitions import selectors, services
from libnet.acquisitions.errors import AcquisitionsInvalid, AcquisitionsRefused
from tests.acquisitions.conftest import TODAY
from tests.factories import NOW

pytestmark = pytest.mark.django_db


def test_an_order_shows_what_was_invoiced_against_what_was_received(sent, line, provincial, lan):
    services.receive_line(
        line=line, copies=[(provincial, 3)], received_on=TODAY, by=lan.user, at=NOW
    )
    invoice = services.record_invoice(
        order=sent,
        number="0001234",
        issued_on=TODAY,
        amount_vnd=150_000,
        lines=[line],
        by=lan.user,
        at=NOW,
    )
    assert list(invoice.lines.all()) == [line]
    totals = selectors.order_totals(sent)
    assert (totals.ordered, totals.received, totals.invoiced) == (250_000, 150_000, 150_000)
    (row,) = selectors.line_rows(sent)
    assert row.invoice_numbers == ["0001234"]


def test_a_suppliers_invoice_number_is_recorded_once(sent, line, lan):
    services.record_invoice(
        order=sent, number="77", issued_on=TODAY, amount_vnd=1, lines=[line], by=lan.user
    )
    with pytest.raises(AcquisitionsRefused) as refusal:
        services.record_invoice(
            order=sent, number="77", issued_on=TODAY, amount_vnd=1, lines=[line], by=lan.user
        )
    assert refusal.value.code == "duplicate_invoice"


def test_an_invoice_without_lines_is_refused(sent, lan):
    with pytest.raises(AcquisitionsInvalid) as refusal:
        services.record_invoice(
            order=sent, number="78", issued_on=TODAY, amount_vnd=1, lines=[], by=lan.user
        )
    assert refusal.value.code == "invoice_needs_lines"
