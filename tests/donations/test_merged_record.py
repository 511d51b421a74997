"""A donation line follows its record when the record is merged into another."""

from __future__ import annotations

from libnet.catalog import services as catalog_services
from libnet.donations.models import DonationLine
from tests.factories import BibRecordFactory


def test_a_donation_line_follows_its_record_into_the_survivor(donation, de_men, lan):
    survivor = BibRecordFactory(title="Dế Mèn phiêu lưu ký (bản chuẩn)")
    catalog_services.merge_records(survivor=survivor, merged=de_men, by=lan.user)
    line = DonationLine.objects.get(donation=donation, copies=3)
    assert line.bib_id == survivor.pk
    assert not DonationLine.objects.filter(bib_id=de_men.pk).exists()
