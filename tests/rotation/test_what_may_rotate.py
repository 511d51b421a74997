"""What may rotate: one rule for a scan, a list, the proposal and an inter-library loan.

TT 05/2022 Art. 5.1.b, 6.2.b: at least 3 copies of the title at the sender, nothing
restricted; TT 18/2014 Art. 7: closed stacks and reference works are read in place, so a
point that receives them could not lend them.
"""

from __future__ import annotations

import datetime as dt

import pymarc
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from libnet.catalog import marc as catalog_marc
from libnet.catalog.models import BibRecord, Item, ItemStatus, ItemType
from libnet.core import clock
from libnet.rotation import selectors, services
from libnet.rotation.models import IllRequest, IllState, RotationBatch
from tests.circulation.test_api import post
from tests.factories import (
    NOW,
    BibRecordFactory,
    CirculationPolicyFactory,
    ItemFactory,
    PatronFactory,
    ShelfLocationFactory,
    make_marc,
)

HTMX = {"HX-Request": "true"}
ASKED_FOR = "Truyện thiếu nhi"


def title(library, prefix, copies=3, subject=ASKED_FOR, **fields):
    """A record with `copies` copies at `library` (barcodes PREFIX1, PREFIX2, …)."""
    bib = BibRecordFactory(title=f"Truyện {prefix}", subjects=subject, class_number="895.9")
    return [
        ItemFactory(bib=bib, home_library=library, barcode=f"{prefix}{number}", **fields)
        for number in range(1, copies + 1)
    ]


def restrict(bib: BibRecord) -> None:
    """Give the record a MARC 506 restriction note (Luật Thư viện Art. 7)."""
    record = make_marc(title=bib.title)
    record.add_field(
        pymarc.Field(
            tag="506",
            indicators=["1", " "],
            subfields=[pymarc.Subfield("a", "Tài liệu hạn chế sử dụng")],
        )
    )
    bib.marc_json = catalog_marc.record_to_json(record)
    bib.save(update_fields=["marc_json"])


@pytest.fixture
def closed_stacks(provincial):
    return ShelfLocationFactory(
        library=provincial, code="KD", name="Kho đóng", is_closed_stack=True
    )


@pytest.fixture
def reference_shelf(provincial):
    return ShelfLocationFactory(
        library=provincial, code="TC", name="Giá tra cứu", is_reference=True
    )


@pytest.fixture
def last_batch(provincial, commune, lan, minh):
    """Tân Lập's closed spring batch: the point asked for children's stories next time."""
    used = title(provincial, "CU", subject="Truyện cổ tích")
    batch = services.create_batch(
        from_library=provincial,
        to_library=commune,
        planned_start=dt.date(2026, 3, 2),
        planned_end=dt.date(2026, 8, 31),
        by=lan.user,
        at=NOW,
    )
    services.add_items(batch=batch, items=used[:1], by=lan.user, at=NOW)
    services.pack_batch(batch=batch, by=lan.user, at=NOW)
    services.ship_batch(batch=batch, by=lan.user, at=NOW)
    services.receive_batch(batch=batch, by=minh.user, at=NOW)
    services.send_back(batch=batch, point_requests=ASKED_FOR, by=minh.user, at=NOW)
    services.scan_return(batch=batch, item=used[0], by=lan.user, at=NOW)
    return services.close_batch(batch=batch, by=lan.user, at=NOW)


@pytest.fixture
def shelves(provincial, closed_stacks, reference_shelf):
    """Children's stories at the provincial library, most of which the rules refuse."""
    accepted = title(provincial, "OK")  # three copies on the open shelf
    two_copies = title(provincial, "TWO", copies=2)  # Art. 6.2.b: fewer than 3
    one_closed = title(provincial, "MIX")
    Item.objects.filter(pk=one_closed[0].pk).update(shelf_location=closed_stacks)
    all_closed = title(provincial, "KD", shelf_location=closed_stacks)
    reference = title(provincial, "REF", item_type=ItemType.REFERENCE)
    on_reference_shelf = title(provincial, "TC", shelf_location=reference_shelf)
    restricted = title(provincial, "HC")
    restrict(restricted[0].bib)
    missing = title(provincial, "MS")  # one copy missing: only 2 still held
    Item.objects.filter(pk=missing[2].pk).update(status=ItemStatus.MISSING)
    return {
        "accepted": accepted,
        "two_copies": two_copies,
        "one_closed": one_closed,
        "all_closed": all_closed,
        "reference": reference,
        "reference_shelf": on_reference_shelf,
        "restricted": restricted,
        "missing": missing,
    }


@pytest.fixture
def autumn(provincial, commune, lan, last_batch):
    return services.create_batch(
        from_library=provincial,
        to_library=commune,
        planned_start=dt.date(2026, 9, 1),
        planned_end=dt.date(2027, 2, 28),
        by=lan.user,
        at=NOW,
    )


def test_the_proposal_holds_only_copies_the_rules_accept_and_all_of_them_are_added(
    client, lan, autumn, shelves
):
    client.force_login(lan.user)
    page = client.get(reverse("rotation:batch_detail", args=[autumn.pk])).text
    proposed = {item.barcode for item in selectors.proposal_for(autumn, limit=30).items}
    # One copy per title, of the two titles a scan would accept: never a closed-stack copy.
    assert proposed == {"OK1", "MIX2"}
    for barcode in proposed:
        assert barcode in page
    for refused in ("TWO1", "MIX1", "KD1", "REF1", "TC1", "HC1", "MS1"):
        assert refused not in page
    response = client.post(reverse("rotation:batch_add_proposal", args=[autumn.pk]), headers=HTMX)
    assert response.status_code == 200
    assert "Đã thêm 2 bản, từ chối 0 bản." in response.text
    assert {line.item.barcode for line in autumn.lines.select_related("item")} == proposed


def test_a_closed_stack_copy_scanned_in_is_refused_citing_the_rule(client, lan, autumn, shelves):
    client.force_login(lan.user)
    response = client.post(
        reverse("rotation:batch_scan", args=[autumn.pk, "add"]),
        {"barcode": "KD1"},
        headers=HTMX,
    )
    assert "desk-event-refused" in response.text
    assert "chỉ được đọc tại chỗ" in response.text
    assert "TT 18/2014" in response.text
    assert not autumn.lines.exists()


@pytest.mark.parametrize("barcode", ["REF1", "TC1", "MIX1"])
def test_reference_and_closed_stack_copies_are_refused_through_the_api(
    client, lan, autumn, shelves, barcode
):
    response = post(
        client, lan, f"/api/v1/rotation/batches/{autumn.pk}/items", {"barcodes": [barcode]}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "read_in_place"
    assert not autumn.lines.exists()


def test_a_missing_copy_does_not_count_towards_three(client, lan, autumn, shelves):
    response = post(
        client, lan, f"/api/v1/rotation/batches/{autumn.pk}/items", {"barcodes": ["MS1"]}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "too_few_copies"


def test_a_type_the_points_rules_lend_in_place_only_may_not_rotate(client, lan, provincial, autumn):
    """A network rule: maps are read in place. The commune could not lend one."""
    CirculationPolicyFactory(item_type=ItemType.MAP, home_loan_allowed=False)
    maps = title(provincial, "MAP", item_type=ItemType.MAP)
    response = post(
        client, lan, f"/api/v1/rotation/batches/{autumn.pk}/items", {"barcodes": ["MAP1"]}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "read_in_place"
    assert maps[0].barcode not in {item.barcode for item in selectors.proposal_for(autumn).items}


def test_add_by_list_takes_only_what_the_rules_accept(client, lan, autumn, shelves):
    client.force_login(lan.user)
    response = client.post(
        reverse("rotation:batch_add_list", args=[autumn.pk]),
        {"subject": ASKED_FOR, "limit": 50},
        headers=HTMX,
    )
    added = set(autumn.lines.values_list("item__barcode", flat=True))
    assert added == {"OK1", "OK2", "OK3", "MIX2", "MIX3"}
    assert "Đã thêm 5 bản, từ chối 0 bản." in response.text


def test_the_proposal_reads_a_fixed_number_of_queries_whatever_the_candidates(
    provincial, lan, autumn
):
    """No query per copy: three titles or thirty, the same statements."""

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            proposal = selectors.proposal_for(autumn, limit=100)
        assert proposal.items
        return len(captured.captured_queries)

    for number in range(3):
        title(provincial, f"A{number}-")
    few = queries()
    for number in range(27):
        title(provincial, f"B{number}-")
    assert queries() == few


def test_the_mobile_library_never_proposes_its_stock(provincial, commune, lan):
    from libnet.network.models import LibraryKind
    from tests.factories import LibraryFactory

    mobile = LibraryFactory(code="SL-LD2", kind=LibraryKind.MOBILE, parent=provincial)
    title(mobile, "MOB")
    batch = services.create_batch(
        from_library=mobile,
        to_library=commune,
        planned_start=dt.date(2026, 3, 2),
        planned_end=dt.date(2026, 5, 1),
        by=lan.user,
        at=NOW,
    )
    assert selectors.copies_matching(batch=batch, subject=ASKED_FOR) == []


# --- inter-library loan: the same facts ------------------------------------------------------


def test_a_closed_stack_copy_is_not_sent_on_inter_library_loan(
    client, lan, minh, provincial, commune, closed_stacks
):
    kept, lendable = title(provincial, "ILL", copies=2)
    Item.objects.filter(pk=kept.pk).update(shelf_location=closed_stacks)
    reader = PatronFactory(home_library=commune)
    request = services.request_ill(
        patron=reader, bib=kept.bib, home_library=commune, lending_library=provincial, by=minh.user
    )
    client.force_login(lan.user)
    due = (clock.today() + dt.timedelta(days=30)).isoformat()
    response = client.post(
        reverse("rotation:ill_answer", args=[request.pk, "fulfil"]),
        {"barcode": kept.barcode, "due_on": due},
        follow=True,
    )
    assert "chỉ được đọc tại chỗ" in response.text
    request.refresh_from_db()
    assert request.state == IllState.REQUESTED
    assert Item.objects.get(pk=kept.pk).status == ItemStatus.AVAILABLE
    client.post(
        reverse("rotation:ill_answer", args=[request.pk, "fulfil"]),
        {"barcode": lendable.barcode, "due_on": due},
    )
    request.refresh_from_db()
    assert request.state == IllState.SHIPPED


def test_an_ill_request_for_a_title_held_only_in_closed_stacks_is_refused(
    client, minh, provincial, commune, closed_stacks
):
    (kept,) = title(provincial, "ONLY", copies=1, shelf_location=closed_stacks)
    reader = PatronFactory(home_library=commune)
    client.force_login(minh.user)
    response = client.post(
        reverse("rotation:ill_list"),
        {
            "card_number": reader.card_number,
            "record": kept.bib_id,
            "lending_library": provincial.code,
        },
    )
    assert response.status_code == 400
    assert not IllRequest.objects.exists()


def test_a_batch_is_not_written_when_the_rules_refuse(client, lan, autumn, shelves):
    """Nothing half-written: the refused scan leaves no claim and no line."""
    response = post(
        client, lan, f"/api/v1/rotation/batches/{autumn.pk}/items", {"barcodes": ["HC1"]}
    )
    assert response.json()["code"] == "restricted"
    assert not RotationBatch.objects.get(pk=autumn.pk).lines.exists()


def test_a_barcode_typed_in_lower_case_or_full_width_finds_the_copy(client, lan, autumn, shelves):
    """One normal form for barcodes (core.text.identifier) on the page and through the API."""
    client.force_login(lan.user)
    response = client.post(
        reverse("rotation:batch_scan", args=[autumn.pk, "add"]),
        {"barcode": "  ok1 ", "box": 1},
        headers=HTMX,
    )
    assert "desk-event-done" in response.text
    response = post(
        client, lan, f"/api/v1/rotation/batches/{autumn.pk}/items", {"barcodes": ["ｏｋ２"]}
    )
    assert response.json()["added"] == ["OK2"]
