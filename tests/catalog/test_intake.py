"""The two ends of the general register: copies received in an intake batch (Part I) and
copies withdrawn under a decision (Part II)."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog import selectors, services
from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import (
    Item,
    ItemSource,
    ItemStatus,
    WeedingCandidate,
    WeedingReason,
    WithdrawalReason,
)
from libnet.core.models import AuditEntry
from libnet.core.validation import DateOutOfRange
from tests.factories import NOW, BibRecordFactory, ItemFactory

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2026, 2, 20)


@pytest.fixture
def register(province, lan):
    return services.create_register(
        library=province["provincial"], prefix="VV", name="Sách tiếng Việt", by=lan.user
    )


@pytest.fixture
def donation(province, lan):
    return services.open_intake_batch(
        library=province["provincial"],
        source=ItemSource.DONATION,
        received_on=RECEIVED,
        document_number="BN-12/2026",
        supplier="Gia đình ông Nguyễn Văn Đức",
        by=lan.user,
        at=NOW,
    )


def test_copies_added_in_a_batch_take_its_source_and_date(province, register, donation, lan):
    bib = BibRecordFactory()
    added = services.add_items(
        copies=[
            services.NewCopy(bib_id=bib.pk, library=province["provincial"], intake_batch=donation),
            services.NewCopy(
                bib_id=bib.pk,
                library=province["provincial"],
                intake_batch=donation,
                acquired_on=dt.date(2026, 2, 21),
            ),
        ],
        by=lan.user,
        at=NOW,
    )
    assert not added.refused
    copies = Item.objects.filter(intake_batch=donation).order_by("pk")
    assert [(c.source, c.acquired_on) for c in copies] == [
        (ItemSource.DONATION, RECEIVED),
        (ItemSource.DONATION, dt.date(2026, 2, 21)),
    ]
    assert AuditEntry.objects.filter(action="intake_batch.create").count() == 1
    assert list(selectors.intake_batches([province["provincial"].pk])) == [donation]
    assert not selectors.intake_batches([province["commune"].pk]).exists()


def test_a_copy_cannot_join_another_librarys_batch(province, donation, lan):
    bib = BibRecordFactory()
    added = services.add_items(
        copies=[
            services.NewCopy(bib_id=bib.pk, library=province["commune"], intake_batch=donation)
        ],
        by=lan.user,
        at=NOW,
    )
    assert added.refused[0].code == "batch_of_other_library"
    with pytest.raises(CatalogRefused) as refused:
        services.add_item(bib=bib, library=province["commune"], intake_batch=donation, by=lan.user)
    assert refused.value.code == "batch_of_other_library"


@pytest.mark.parametrize(
    ("source", "received_on", "refusal"),
    [
        (ItemSource.TRANSFER, RECEIVED, CatalogRefused),  # rotation received is not intake
        ("stolen", RECEIVED, CatalogRefused),
        (ItemSource.PURCHASE, dt.date(2999, 1, 1), DateOutOfRange),
    ],
)
def test_a_batch_that_is_not_intake_is_refused(province, lan, source, received_on, refusal):
    with pytest.raises(refusal):
        services.open_intake_batch(
            library=province["provincial"], source=source, received_on=received_on, by=lan.user
        )
    assert not selectors.intake_batches([province["provincial"].pk]).exists()


def test_a_decision_withdraws_its_copies_with_their_reasons(province, lan):
    provincial = province["provincial"]
    lost = ItemFactory(home_library=provincial, status=ItemStatus.LOST, price_vnd=50_000)
    worn = ItemFactory(home_library=provincial, status=ItemStatus.DAMAGED)
    services.note_weeding_candidate(item=lost, reason=WeedingReason.LOST, source="test", by=None)
    decision = services.record_withdrawal_decision(
        library=provincial, number="15/QĐ-TV", decided_on=dt.date(2026, 3, 1), by=lan.user
    )
    services.withdraw_items(
        decision=decision,
        items=[(lost, WithdrawalReason.LOST), (worn, WithdrawalReason.DAMAGED)],
        by=lan.user,
        at=NOW,
    )
    rows = Item.objects.filter(withdrawal_decision=decision).order_by("pk")
    assert [(i.status, i.withdrawal_reason, i.withdrawal_reference) for i in rows] == [
        (ItemStatus.WITHDRAWN, WithdrawalReason.LOST, "15/QĐ-TV"),
        (ItemStatus.WITHDRAWN, WithdrawalReason.DAMAGED, "15/QĐ-TV"),
    ]
    assert not WeedingCandidate.objects.filter(resolved_at__isnull=True).exists()
    assert AuditEntry.objects.filter(action="item.status", note="15/QĐ-TV").count() == 2
    assert list(selectors.withdrawal_decisions([provincial.pk])) == [decision]


def test_a_decision_number_is_used_once_per_library(province, lan):
    services.record_withdrawal_decision(
        library=province["provincial"], number="15/QĐ-TV", decided_on=NOW.date(), by=lan.user
    )
    with pytest.raises(CatalogRefused) as refused:
        services.record_withdrawal_decision(
            library=province["provincial"], number="15/qđ-tv", decided_on=NOW.date(), by=lan.user
        )
    assert refused.value.code == "duplicate_decision_number"
    # Another library numbers its own decisions.
    services.record_withdrawal_decision(
        library=province["commune"], number="15/QĐ-TV", decided_on=NOW.date(), by=lan.user
    )


@pytest.mark.parametrize(
    ("owner", "status", "code"),
    [
        ("commune", ItemStatus.DAMAGED, "withdraw_other_library"),
        ("provincial", ItemStatus.ON_LOAN, "cannot_withdraw"),
        ("provincial", ItemStatus.WITHDRAWN, "cannot_withdraw"),
    ],
)
def test_a_decision_withdraws_every_copy_or_none(province, lan, owner, status, code):
    provincial = province["provincial"]
    fine = ItemFactory(home_library=provincial, status=ItemStatus.DAMAGED)
    wrong = ItemFactory(home_library=province[owner], status=status)
    decision = services.record_withdrawal_decision(
        library=provincial, number="16/QĐ-TV", decided_on=NOW.date(), by=lan.user
    )
    with pytest.raises(CatalogRefused) as refused:
        services.withdraw_items(
            decision=decision,
            items=[(fine, WithdrawalReason.DAMAGED), (wrong, WithdrawalReason.DAMAGED)],
            by=lan.user,
        )
    assert refused.value.code == code
    fine.refresh_from_db()
    assert fine.status == ItemStatus.DAMAGED
    assert fine.withdrawal_decision is None
