"""An order line follows its record when the record is merged into another."""

from __future__ import annotations

from libnet.acquisitions.models import OrderLine
from libnet.catalog import services as catalog_services
from tests.factories import BibRecordFactory


def test_an_order_line_follows_its_record_into_the_survivor(line, record, lan):
    survivor = BibRecordFactory(title="Dế Mèn phiêu lưu ký (bản chuẩn)")
    catalog_services.merge_records(survivor=survivor, merged=record, by=lan.user)
    assert OrderLine.objects.get(pk=line.pk).bib_id == survivor.pk
