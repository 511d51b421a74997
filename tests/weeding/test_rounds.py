"""A weeding round from its request to its closing (TT 02/2020 Art. 23–30), through the
services: the cap, the steps in order, the decision withdrawing the copies."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import Item, ItemStatus, WithdrawalDecision
from libnet.core.models import AuditEntry
from libnet.weeding import selectors, services
from libnet.weeding.errors import WeedingNotFound, WeedingRefused
from libnet.weeding.models import RoundState, WeedingRound
from tests.factories import NOW, BibRecordFactory, ItemFactory

DAY = dt.date(2026, 3, 2)


def oai(client, **arguments):
    response = client.get("/oai", arguments)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return etree.fromstring(body)


def walk_to_minutes(weeding_round, user, copies):
    services.advance_round(
        weeding_round=weeding_round, to="approved", reference="12/QĐ-SVHTTDL", by=user, at=NOW
    )
    services.add_copies(
        weeding_round=weeding_round, copies=[(c, "damaged") for c in copies], by=user, at=NOW
    )
    services.advance_round(weeding_round=weeding_round, to="listed", by=user, at=NOW)
    services.set_council(
        weeding_round=weeding_round,
        members=[
            ("Nguyễn Văn Hải", "Chủ tịch", "Giám đốc Thư viện tỉnh"),
            ("Trần Thị Lan", "Thư ký", ""),
        ],
        by=user,
        at=NOW,
    )
    services.advance_round(weeding_round=weeding_round, to="council", by=user, at=NOW)
    services.advance_round(weeding_round=weeding_round, to="minutes", by=user, at=NOW)


@pytest.fixture
def weeding_round(provincial, shelf, lan) -> WeedingRound:
    return services.open_round(library=provincial, plan="Thanh lọc kho mở", by=lan.user, at=NOW)


def test_opening_a_round_counts_the_holdings_and_records_the_request(weeding_round):
    assert weeding_round.stock_at_opening == 40
    assert weeding_round.state == RoundState.REQUESTED
    assert list(weeding_round.steps.values_list("state", "done_on")) == [("requested", DAY)]


def test_a_second_round_is_refused_while_one_is_undecided(weeding_round, provincial, lan):
    with pytest.raises(WeedingRefused) as refused:
        services.open_round(library=provincial, plan="", by=lan.user, at=NOW)
    assert refused.value.code == "round_open"
    assert WeedingRound.objects.count() == 1


def test_a_list_over_ten_percent_of_the_holdings_is_refused_and_nothing_written(
    weeding_round, shelf, lan
):
    with pytest.raises(WeedingRefused) as refused:
        services.add_copies(
            weeding_round=weeding_round, copies=[(c, "surplus") for c in shelf[:5]], by=lan.user
        )
    assert refused.value.code == "over_cap"
    assert "4" in refused.value.message
    assert "40" in refused.value.message
    assert weeding_round.copies.count() == 0
    services.add_copies(
        weeding_round=weeding_round, copies=[(c, "surplus") for c in shelf[:4]], by=lan.user
    )
    assert weeding_round.copies.count() == 4


def test_steps_are_done_in_order(weeding_round, lan):
    with pytest.raises(WeedingRefused) as refused:
        services.advance_round(weeding_round=weeding_round, to="listed", by=lan.user, at=NOW)
    assert refused.value.code == "wrong_step"
    services.advance_round(
        weeding_round=weeding_round, to="approved", reference="12/QĐ", by=lan.user, at=NOW
    )
    with pytest.raises(WeedingRefused) as refused:
        services.advance_round(weeding_round=weeding_round, to="listed", by=lan.user, at=NOW)
    assert refused.value.code == "empty_list"


def test_a_copy_of_another_library_cannot_be_listed(weeding_round, province, lan):
    other = ItemFactory(home_library=province["commune"], barcode="TL999")
    with pytest.raises(WeedingNotFound) as refused:
        services.add_copies(weeding_round=weeding_round, copies=[(other, "damaged")], by=lan.user)
    assert getattr(refused.value, "code", "") == "item_not_found"


def test_the_decision_withdraws_every_listed_copy_with_its_number_and_criterion(
    weeding_round, shelf, lan
):
    walk_to_minutes(weeding_round, lan.user, shelf[:3])
    with pytest.raises(WeedingRefused):  # the list is fixed by the minutes
        services.add_copies(
            weeding_round=weeding_round, copies=[(shelf[5], "damaged")], by=lan.user
        )
    services.decide_round(
        weeding_round=weeding_round, number="15/qđ-tv", decided_on=DAY, by=lan.user, at=NOW
    )
    weeding_round.refresh_from_db()
    assert weeding_round.state == RoundState.DECIDED
    assert weeding_round.decision_number == "15/QĐ-TV"
    decision = WithdrawalDecision.objects.get()
    withdrawn = Item.objects.filter(withdrawal_decision=decision)
    assert {c.barcode for c in withdrawn} == {"SH001", "SH002", "SH003"}
    assert {(c.status, c.withdrawal_reason, c.withdrawal_reference) for c in withdrawn} == {
        (ItemStatus.WITHDRAWN, "damaged", "15/QĐ-TV")
    }
    assert AuditEntry.objects.filter(action="weeding.decide").count() == 1


def test_a_decision_number_used_before_is_refused_and_nothing_withdrawn(
    weeding_round, shelf, lan, provincial
):
    from libnet.catalog import services as catalog_services

    catalog_services.record_withdrawal_decision(
        library=provincial, number="15/QĐ-TV", decided_on=DAY, by=lan.user
    )
    walk_to_minutes(weeding_round, lan.user, shelf[:2])
    with pytest.raises(CatalogRefused) as refused:
        services.decide_round(
            weeding_round=weeding_round, number="15/QĐ-TV", decided_on=DAY, by=lan.user, at=NOW
        )
    assert getattr(refused.value, "code", "") == "duplicate_decision_number"
    weeding_round.refresh_from_db()
    assert weeding_round.state == RoundState.MINUTES
    assert not Item.objects.filter(status=ItemStatus.WITHDRAWN).exists()


def test_a_record_whose_last_copy_is_weeded_is_harvested_as_deleted_and_stays_for_staff(
    weeding_round, provincial, lan, client, settings
):
    settings.LIBNET_OAI_REPOSITORY_IDENTIFIER = "thuvien.songlam.gov.vn"
    only = ItemFactory(
        bib=BibRecordFactory(title="Sổ tay cũ"), home_library=provincial, barcode="ONLY1"
    )
    walk_to_minutes(weeding_round, lan.user, [only])
    services.decide_round(
        weeding_round=weeding_round, number="16/QĐ-TV", decided_on=DAY, by=lan.user, at=NOW
    )
    identifier = f"oai:thuvien.songlam.gov.vn:{only.bib_id}"
    tree = oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    ns = {"oai": "http://www.openarchives.org/OAI/2.0/"}
    assert tree.xpath("//oai:header/@status", namespaces=ns) == ["deleted"]
    listed = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    statuses = {
        header.findtext("oai:identifier", namespaces=ns): header.get("status")
        for header in listed.xpath("//oai:header", namespaces=ns)
    }
    assert statuses[identifier] == "deleted"
    client.force_login(lan.user)
    assert client.get(f"/staff/catalogue/records/{only.bib_id}/").status_code == 200
    page = client.get(f"/staff/catalogue/copies/{only.pk}/").content.decode()
    assert "status-withdrawn" in page
    assert "16/QĐ-TV" in page


def test_the_list_is_published_for_fifteen_days_then_the_round_closes(weeding_round, shelf, lan):
    walk_to_minutes(weeding_round, lan.user, shelf[:1])
    services.decide_round(
        weeding_round=weeding_round, number="17/QĐ-TV", decided_on=DAY, by=lan.user, at=NOW
    )
    services.publish_round(weeding_round=weeding_round, on=DAY, by=lan.user, at=NOW)
    library = weeding_round.library
    assert list(selectors.published_rounds(library, on=DAY + dt.timedelta(days=14))) == [
        weeding_round
    ]
    assert not selectors.published_rounds(library, on=DAY + dt.timedelta(days=15)).exists()
    with pytest.raises(WeedingRefused) as refused:
        services.close_round(
            weeding_round=weeding_round, on=DAY + dt.timedelta(days=14), by=lan.user, at=NOW
        )
    assert refused.value.code == "still_published"
    services.close_round(
        weeding_round=weeding_round, on=DAY + dt.timedelta(days=15), by=lan.user, at=NOW
    )
    weeding_round.refresh_from_db()
    assert weeding_round.state == RoundState.CLOSED
    # the file is kept: every step, the council and the list
    assert weeding_round.steps.count() == 8
    assert weeding_round.council.count() == 2
    assert weeding_round.copies.count() == 1


def test_the_next_round_is_due_three_years_after_the_last_decision(weeding_round, shelf, lan):
    walk_to_minutes(weeding_round, lan.user, shelf[:1])
    services.decide_round(
        weeding_round=weeding_round, number="18/QĐ-TV", decided_on=DAY, by=lan.user, at=NOW
    )
    cycle = selectors.library_cycle(weeding_round.library)
    assert cycle.next_due_on == dt.date(2029, 3, 2)
    assert cycle.is_early(dt.date(2027, 1, 1))
