"""A year of rotation at Tân Lập: plan, ship, receive, lend at the point through the desk,
return with a loss, the loss on the weeding list, and the next batch proposed from the use."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog.models import BibRecord, Item, ItemStatus, WeedingCandidate
from libnet.circulation import services as circulation
from libnet.circulation.errors import CheckoutRefused
from libnet.rotation import selectors, services
from libnet.rotation.models import BatchItemState, BatchState
from tests.factories import PatronFactory
from tests.rotation.conftest import stock


def moment(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 3, 0, tzinfo=dt.UTC)


def test_a_year_of_rotation_at_a_commune_library(provincial, commune, lan, minh):
    children = stock(provincial, titles=4, copies=3, prefix="TN")  # classes 890..893
    more_of_890 = stock(provincial, titles=1, copies=3, prefix="NX")  # another title, class 890
    BibRecord.objects.filter(pk=more_of_890[0].bib_id).update(class_number="890.1")
    farming = stock(provincial, titles=1, copies=3, prefix="NN")
    BibRecord.objects.filter(pk=farming[0].bib_id).update(
        class_number="630", subjects="Sách nông nghiệp"
    )
    Item.objects.filter(bib_id=farming[0].bib_id).update(call_number="630 K300T")
    tu = PatronFactory(home_library=commune, full_name="Hoàng Văn Tú")
    mai = PatronFactory(home_library=commune, full_name="Vũ Thị Mai")

    # March: Lan plans the spring batch and adds four titles by call-number range.
    batch = services.create_batch(
        from_library=provincial,
        to_library=commune,
        planned_start=dt.date(2026, 3, 2),
        planned_end=dt.date(2026, 8, 31),
        by=lan.user,
        at=moment(2, 20),
    )
    listed = selectors.copies_matching(batch=batch, call_number_from="890", call_number_to="893")
    first_copies = {item.bib_id: item for item in reversed(listed)}  # one copy per title
    result = services.add_items(
        batch=batch, items=list(first_copies.values()), by=lan.user, at=moment(2, 20)
    )
    assert (len(result.added), result.refused) == (5, [])  # 4 children's titles and 890.1
    services.pack_batch(batch=batch, by=lan.user, at=moment(2, 27))
    services.ship_batch(batch=batch, by=lan.user, at=moment(3, 2))

    # Minh receives every box and puts the copies on the commune's shelves.
    services.receive_batch(batch=batch, by=minh.user, at=moment(3, 3))
    services.start_use(batch=batch, by=minh.user, at=moment(3, 3))
    lines = {
        line.item.bib.class_number[:3]: line.item
        for line in batch.lines.select_related("item__bib")
    }
    story, other = lines["890"], lines["891"]

    # At the commune desk, readers borrow the rotation copies like any other.
    loan = circulation.checkout_item(
        item=story, patron=tu, desk=commune, by=minh.user, at=moment(4, 1)
    )
    returned = circulation.checkin_item(item=story, desk=commune, by=minh.user, at=moment(4, 15))
    assert returned.loan == loan
    assert returned.transfer_to is None
    story.refresh_from_db()
    assert (story.status, story.current_library_id) == (ItemStatus.ON_ROTATION, commune.pk)
    circulation.checkout_item(item=story, patron=mai, desk=commune, by=minh.user, at=moment(5, 2))
    circulation.checkin_item(item=story, desk=commune, by=minh.user, at=moment(5, 20))
    circulation.checkout_item(item=other, patron=tu, desk=commune, by=minh.user, at=moment(6, 1))
    circulation.checkin_item(item=other, desk=commune, by=minh.user, at=moment(6, 10))

    # The provincial desk cannot lend a copy that is on rotation at the commune.
    with pytest.raises(CheckoutRefused) as refused:
        circulation.checkout_item(
            item=story,
            patron=PatronFactory(home_library=provincial),
            desk=provincial,
            by=lan.user,
            at=moment(6, 11),
        )
    assert refused.value.code == "copy_not_here"  # it is at the commune, not the provincial desk

    # August: the boxes go back with what the commune asks for; one copy is missing.
    services.send_back(
        batch=batch, point_requests="Sách nông nghiệp", by=minh.user, at=moment(8, 25)
    )
    missing = lines["892"]
    for line in batch.lines.select_related("item"):
        if line.item_id != missing.pk:
            services.scan_return(batch=batch, item=line.item, by=lan.user, at=moment(8, 28))
    batch = services.close_batch(batch=batch, confirm=True, by=lan.user, at=moment(8, 28))

    assert batch.state == BatchState.CLOSED
    assert batch.readers == 2
    uses = dict(batch.lines.values_list("item_id", "uses"))
    assert uses[story.pk] == 2
    assert uses[other.pk] == 1
    assert uses[missing.pk] == 0
    assert batch.lines.get(item=missing).state == BatchItemState.LOST
    assert Item.objects.get(pk=missing.pk).status == ItemStatus.LOST
    assert Item.objects.get(pk=story.pk).status == ItemStatus.AVAILABLE
    candidate = WeedingCandidate.objects.get(item=missing)
    assert (candidate.reason, candidate.library_id) == ("lost", provincial.pk)

    # September: the next batch for the commune is proposed from what it used and asked for.
    autumn = services.create_batch(
        from_library=provincial,
        to_library=commune,
        planned_start=dt.date(2026, 9, 1),
        planned_end=dt.date(2027, 2, 28),
        by=lan.user,
        at=moment(8, 30),
    )
    proposal = selectors.proposal_for(autumn)
    assert proposal.previous == batch
    assert proposal.classes == ["890", "891"]
    assert proposal.requests == ["Sách nông nghiệp"]
    proposed_bibs = {item.bib_id for item in proposal.items}
    assert farming[0].bib_id in proposed_bibs  # asked for
    assert story.bib_id not in proposed_bibs  # the point had it last time
    added = services.add_items(batch=autumn, items=proposal.items, by=lan.user, at=moment(8, 30))
    assert len(added.added) == len(proposal.items)
    assert not added.refused
    assert children[0].pk not in {line.item_id for line in added.added}
