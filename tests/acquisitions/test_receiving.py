"""Receiving an order line: in one step the copies with their accession numbers and barcodes,
an intake batch per library, the budget charged, the copies counted; partial receipts;
over-receipt refused with nothing written."""

from __future__ import annotations

import pytest

from libnet.acquisitions import services
from libnet.acquisitions.errors import AcquisitionsInvalid, AcquisitionsRefused
from libnet.acquisitions.models import Receipt
from libnet.catalog.models import BibIsbn, BibRecord, IntakeBatch, Item
from libnet.stats.models import DailyStat
from tests.acquisitions.conftest import TODAY
from tests.factories import NOW, BibRecordFactory

pytestmark = pytest.mark.django_db


def test_receiving_makes_numbered_copies_in_a_batch_per_library(
    sent, line, provincial, commune, lan
):
    received = services.receive_line(
        line=line,
        copies=[(provincial, 3), (commune, 2)],
        received_on=TODAY,
        document_number="HĐ 0001234",
        by=lan.user,
        at=NOW,
    )
    assert len(received.items) == 5
    province_copies = Item.objects.filter(home_library=provincial).order_by("accession_sequence")
    assert [copy.accession_number for copy in province_copies] == [
        "VV.000001",
        "VV.000002",
        "VV.000003",
    ]
    commune_copies = Item.objects.filter(home_library=commune)
    assert commune_copies.count() == 2
    assert all(copy.accession_number.startswith("TL") for copy in commune_copies)
    assert all(copy.barcode for copy in received.items)
    assert {copy.bib_id for copy in received.items} == {line.bib_id}
    assert {copy.price_vnd for copy in received.items} == {50_000}
    assert {copy.source for copy in received.items} == {"purchase"}
    batches = IntakeBatch.objects.order_by("pk")
    assert [(b.library, b.source, b.document_number, b.received_on) for b in batches] == [
        (provincial, "purchase", "HĐ 0001234", TODAY),
        (commune, "purchase", "HĐ 0001234", TODAY),
    ]
    assert {copy.intake_batch_id for copy in commune_copies} == {batches[1].pk}
    assert batches[0].supplier == "Công ty Phát hành sách Sông Lam"
    sent.refresh_from_db()
    assert sent.state == "received"
    assert received.amount_vnd == 250_000


def test_copies_received_are_counted_as_copies_added(sent, line, provincial, commune, lan):
    services.receive_line(
        line=line, copies=[(provincial, 3), (commune, 1)], received_on=TODAY, by=lan.user, at=NOW
    )
    added = dict(
        DailyStat.objects.filter(indicator="items_added").values_list("library__code", "value")
    )
    assert added == {"SL-TVT": 3, "SL-TANLAP": 1}


def test_a_partial_receipt_leaves_the_order_partly_received_until_the_rest_comes(
    sent, line, provincial, commune, lan
):
    services.receive_line(
        line=line, copies=[(provincial, 2)], received_on=TODAY, by=lan.user, at=NOW
    )
    sent.refresh_from_db()
    assert sent.state == "partly_received"
    services.receive_line(
        line=line, copies=[(provincial, 1), (commune, 2)], received_on=TODAY, by=lan.user, at=NOW
    )
    sent.refresh_from_db()
    assert sent.state == "received"
    assert Item.objects.count() == 5
    assert Receipt.objects.count() == 3


def test_one_delivery_note_makes_one_batch_per_library(sent, line, provincial, lan):
    for _delivery in range(2):
        services.receive_line(
            line=line,
            copies=[(provincial, 1)],
            received_on=TODAY,
            document_number="PX-17",
            by=lan.user,
            at=NOW,
        )
    assert IntakeBatch.objects.count() == 1
    assert IntakeBatch.objects.get().items.count() == 2


def test_receiving_more_than_ordered_is_refused_and_writes_nothing(
    sent, line, provincial, commune, lan
):
    services.receive_line(line=line, copies=[(commune, 1)], received_on=TODAY, by=lan.user, at=NOW)
    with pytest.raises(AcquisitionsRefused) as refusal:
        services.receive_line(
            line=line,
            copies=[(provincial, 1), (commune, 2)],
            received_on=TODAY,
            by=lan.user,
            at=NOW,
        )
    assert refusal.value.code == "over_receipt"
    assert "1" in refusal.value.message
    assert Item.objects.count() == 1
    assert IntakeBatch.objects.count() == 1
    assert Receipt.objects.count() == 1


def test_a_draft_order_cannot_be_received(order, line, provincial, lan):
    with pytest.raises(AcquisitionsRefused) as refusal:
        services.receive_line(
            line=line, copies=[(provincial, 1)], received_on=TODAY, by=lan.user, at=NOW
        )
    assert refusal.value.code == "not_sent"
    assert not Item.objects.exists()


def test_a_library_the_line_has_no_copies_for_is_refused(sent, line, province, lan):
    with pytest.raises(AcquisitionsRefused) as refusal:
        services.receive_line(
            line=line, copies=[(province["school"], 1)], received_on=TODAY, by=lan.user, at=NOW
        )
    assert refusal.value.code == "destination_not_below"


def test_receiving_nothing_is_refused(sent, line, provincial, lan):
    with pytest.raises(AcquisitionsInvalid) as refusal:
        services.receive_line(
            line=line, copies=[(provincial, 0)], received_on=TODAY, by=lan.user, at=NOW
        )
    assert refusal.value.code == "nothing_received"


def _isbn_order(provincial, supplier, budget, lan, *, isbn, title):
    order = services.create_order(
        library=provincial, supplier=supplier, budget=budget, by=lan.user, at=NOW
    )
    line = services.add_order_line(
        order=order,
        isbn=isbn,
        title=title,
        unit_price_vnd=80_000,
        destinations=[(provincial, 1)],
        by=lan.user,
        at=NOW,
    )
    services.send_order(order=order, by=lan.user, at=NOW)
    return line


def test_a_line_ordered_by_isbn_takes_the_catalogues_record(provincial, supplier, budget, lan):
    known = BibRecordFactory(title="Số đỏ")
    BibIsbn.objects.create(bib=known, isbn13="9786041234567")
    line = _isbn_order(provincial, supplier, budget, lan, isbn="978-604-1-23456-7", title="")
    assert line.bib == known
    assert line.title == "Số đỏ"


def test_a_title_the_catalogue_lacks_gets_a_minimal_record_at_receiving(
    provincial, supplier, budget, lan
):
    line = _isbn_order(provincial, supplier, budget, lan, isbn="0-306-40615-2", title="Tắt đèn")
    assert line.bib is None
    received = services.receive_line(
        line=line, copies=[(provincial, 1)], received_on=TODAY, by=lan.user, at=NOW
    )
    record = BibRecord.objects.get(pk=received.items[0].bib_id)
    assert record.title == "Tắt đèn"
    assert record.isbn_list == ["9780306406157"]
    assert record.created_at_library == provincial


def test_a_bad_isbn_is_refused(order, lan, provincial):
    with pytest.raises(AcquisitionsInvalid) as refusal:
        services.add_order_line(
            order=order,
            isbn="978-604-1-23456-0",
            title="Tắt đèn",
            unit_price_vnd=1,
            destinations=[(provincial, 1)],
            by=lan.user,
        )
    assert refusal.value.code == "bad_isbn"


def test_a_line_without_record_or_title_is_refused(order, lan, provincial):
    with pytest.raises(AcquisitionsInvalid) as refusal:
        services.add_order_line(
            order=order, unit_price_vnd=1, destinations=[(provincial, 1)], by=lan.user
        )
    assert refusal.value.code == "line_needs_title"


def test_copies_for_a_library_outside_the_buyers_tree_are_refused(order, lan, province, record):
    with pytest.raises(AcquisitionsRefused) as refusal:
        services.add_order_line(
            order=order,
            bib=record,
            unit_price_vnd=1,
            destinations=[(province["school"], 1)],
            by=lan.user,
        )
    assert refusal.value.code == "destination_not_below"


def test_a_sent_order_takes_no_more_lines(sent, lan, provincial, record):
    with pytest.raises(AcquisitionsRefused) as refusal:
        services.add_order_line(
            order=sent,
            bib=record,
            unit_price_vnd=1,
            destinations=[(provincial, 1)],
            by=lan.user,
        )
    assert refusal.value.code == "order_not_editable"


def test_an_order_without_lines_cannot_be_sent(order, lan):
    with pytest.raises(AcquisitionsRefused) as refusal:
        services.send_order(order=order, by=lan.user)
    assert refusal.value.code == "empty_order"
