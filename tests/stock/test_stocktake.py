"""A stocktake of the commune library with every outcome: copies found, on the wrong shelf,
held by another library, lent before and during the count (one returned and scanned), in a
rotation batch, returned during the count, not found; barcodes that are no copy in scope;
two people scanning at once. Then closing and marking the missing copies lost."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from libnet.catalog.models import Item, ItemStatus, WeedingCandidate
from libnet.circulation import services as circulation
from libnet.core.models import AuditEntry
from libnet.rotation.models import ItemClaim
from libnet.stock import selectors, services
from libnet.stock.errors import StocktakeInvalid, StocktakeRefused
from libnet.stock.models import Outcome, Stocktake, StocktakeLine, StocktakeScan
from tests.circulation.test_concurrency import database_shared_by_threads
from tests.factories import NOW, ItemFactory, PatronFactory
from tests.stock.conftest import HOUR, shelf


@pytest.fixture
def scenario(commune, open_stacks, children, minh, lan, province):
    """Nine copies of the commune in scope, each meant for one outcome, and the stocktake
    opened at NOW with the first reader's loan already out."""
    copies = dict(
        zip(
            [
                "found",
                "other_shelf",
                "elsewhere",
                "lent_before",
                "lent_during",
                "lent_and_back",
                "in_batch",
                "back_during",
                "missing",
            ],
            shelf(commune, open_stacks, 9, "KK"),
            strict=True,
        )
    )
    reader = PatronFactory(home_library=commune)
    for name in ("lent_before", "back_during"):
        circulation.checkout_item(
            item=copies[name], patron=reader, desk=commune, by=minh.user, at=NOW - 24 * HOUR
        )
    Item.objects.filter(pk=copies["elsewhere"].pk).update(current_library=province["provincial"])
    ItemClaim.objects.create(item=copies["in_batch"], kind="batch", holder_id=1, claimed_at=NOW)
    ItemFactory(home_library=commune, barcode="KKRUT", status=ItemStatus.WITHDRAWN)
    ItemFactory(home_library=province["school"], barcode="THCS001")
    stocktake = services.open_stocktake(
        library=commune, reason="staff_change", by=minh.user, at=NOW
    )
    return stocktake, copies, reader


def test_a_stocktake_with_every_outcome_adds_up(
    client, scenario, commune, open_stacks, children, minh, lan
):
    stocktake, copies, reader = scenario
    assert stocktake.lines.count() == 9  # the withdrawn copy and the school's are not in scope

    def scan(barcode, who, location, minutes):
        return services.record_scan(
            stocktake=stocktake,
            barcode=barcode,
            location=location,
            by=who.user,
            at=NOW + minutes * HOUR / 60,
        )

    # A copy lent during the count and one lent and brought back before its shelf is scanned.
    circulation.checkout_item(
        item=copies["lent_during"], patron=reader, desk=commune, by=minh.user, at=NOW + HOUR
    )
    circulation.checkout_item(
        item=copies["lent_and_back"], patron=reader, desk=commune, by=minh.user, at=NOW + HOUR
    )
    circulation.checkin_item(
        item=copies["lent_and_back"], desk=commune, by=minh.user, at=NOW + 2 * HOUR
    )
    circulation.checkin_item(
        item=copies["back_during"], desk=commune, by=minh.user, at=NOW + 2 * HOUR
    )

    # Two people scan: Minh the open stacks, Lan (provincial, covering the commune) the
    # children's corner, where one copy of the open stacks stands.
    assert scan("kk001", minh, open_stacks, 10).kind == "found"
    assert scan("KK006", minh, open_stacks, 11).kind == "found"
    misplaced = scan("KK002", lan, children, 12)
    assert (misplaced.kind, misplaced.expected) == ("misplaced", "Kho mở")
    assert scan("KK001", lan, children, 13).kind == "repeated"
    assert scan("KHONGCO", lan, children, 14).kind == "not_a_copy"
    assert scan("KKRUT", minh, open_stacks, 15).kind == "out_of_scope"
    assert scan("THCS001", minh, open_stacks, 16).kind == "out_of_scope"

    live = selectors.outcome_counts(stocktake)
    client.force_login(minh.user)
    response = client.post(
        f"/api/v1/stocktakes/{stocktake.pk}/close",
        content_type="application/json",
        headers={"Authorization": _bearer(minh)},
    )
    assert response.status_code == 200, response.content
    counts = response.json()
    assert counts == {"found": 2, "misplaced": 2, "not_missing": 4, "missing": 1, "unknown": 3}
    assert counts == live  # the live figures were what closing gave
    assert sum(counts[name] for name in ("found", "misplaced", "not_missing", "missing")) == 9
    outcomes = dict(
        StocktakeLine.objects.filter(stocktake=stocktake).values_list("item__barcode", "outcome")
    )
    expected = {
        "found": "found",
        "lent_and_back": "found",
        "other_shelf": "misplaced",
        "elsewhere": "misplaced",
        "lent_before": "not_missing",
        "lent_during": "not_missing",
        "in_batch": "not_missing",
        "back_during": "not_missing",
        "missing": "missing",
    }
    assert outcomes == {copies[name].barcode: value for name, value in expected.items()}
    scans = StocktakeScan.objects.filter(stocktake=stocktake)
    assert scans.count() == 6
    assert scans.get(barcode="KK001").times == 2
    reasons = {row.barcode: row.reason for row in selectors.unknown_list(stocktake)}
    assert reasons == {"KHONGCO": "not_a_copy", "KKRUT": "withdrawn", "THCS001": "other_library"}
    stocktake.refresh_from_db()
    assert (stocktake.state, stocktake.missing, stocktake.closed_at) == (
        "closed",
        1,
        stocktake.closed_at,
    )
    assert AuditEntry.objects.filter(
        action="stocktake.close", subject_id=str(stocktake.pk)
    ).exists()

    # Closed: nothing more is scanned, and it does not close twice.
    with pytest.raises(StocktakeRefused) as refusal:
        services.record_scan(stocktake=stocktake, barcode="KK009", by=minh.user)
    assert refusal.value.code == "not_open"
    with pytest.raises(StocktakeRefused):
        services.close_stocktake(stocktake=stocktake, by=minh.user)


def _bearer(persona) -> str:
    from libnet.core import tokens

    return f"Bearer {tokens.create_api_token(user=persona.user)}"


def test_marking_the_missing_copies_lost_puts_them_on_the_weeding_list(
    stocktake, commune_stock, minh
):
    """One audited step after closing, confirmed; a copy lent since closing is left alone."""
    for copy in commune_stock[:2]:
        services.record_scan(stocktake=stocktake, barcode=copy.barcode, by=minh.user, at=NOW)
    services.close_stocktake(stocktake=stocktake, by=minh.user, at=NOW + HOUR)
    stocktake.refresh_from_db()
    assert stocktake.missing == 3
    turned_up = commune_stock[4]
    reader = PatronFactory(home_library=stocktake.library)
    circulation.checkout_item(
        item=turned_up, patron=reader, desk=stocktake.library, by=minh.user, at=NOW + 2 * HOUR
    )
    with pytest.raises(StocktakeRefused) as refusal:
        services.mark_missing_as_lost(stocktake=stocktake, by=minh.user)
    assert refusal.value.code == "lost_not_confirmed"
    assert not WeedingCandidate.objects.exists()
    lost = services.mark_missing_as_lost(
        stocktake=stocktake, confirm=True, by=minh.user, at=NOW + 3 * HOUR
    )
    assert lost == 2
    statuses = dict(
        Item.objects.filter(pk__in=[c.pk for c in commune_stock]).values_list("barcode", "status")
    )
    assert statuses == {
        "CX001": "available",
        "CX002": "available",
        "CX003": "lost",
        "CX004": "lost",
        "CX005": "on_loan",
    }
    assert set(WeedingCandidate.objects.values_list("item__barcode", "reason", "source")) == {
        ("CX003", "lost", f"kiểm kê số {stocktake.pk}"),
        ("CX004", "lost", f"kiểm kê số {stocktake.pk}"),
    }
    assert AuditEntry.objects.filter(action="stocktake.mark_lost").count() == 1
    assert AuditEntry.objects.filter(action="item.status", after__status="lost").count() == 2
    with pytest.raises(StocktakeRefused) as refusal:
        services.mark_missing_as_lost(stocktake=stocktake, confirm=True, by=minh.user)
    assert refusal.value.code == "already_marked"


def test_an_open_stocktake_cannot_have_its_copies_marked_lost(stocktake, minh):
    with pytest.raises(StocktakeRefused) as refusal:
        services.mark_missing_as_lost(stocktake=stocktake, confirm=True, by=minh.user)
    assert refusal.value.code == "not_closed"


def test_a_second_open_stocktake_of_a_library_is_refused(stocktake, commune, minh):
    with pytest.raises(StocktakeRefused) as refusal:
        services.open_stocktake(library=commune, reason="periodic", by=minh.user)
    assert refusal.value.code == "already_open"
    assert Stocktake.objects.count() == 1


def test_the_scope_takes_shelf_locations_or_a_call_number_range(
    commune, open_stacks, children, commune_stock, minh
):
    shelf(commune, children, 3, "TN")
    by_shelf = services.open_stocktake(
        library=commune, reason="periodic", locations=[children], by=minh.user, at=NOW
    )
    assert sorted(by_shelf.lines.values_list("item__barcode", flat=True)) == [
        "TN001",
        "TN002",
        "TN003",
    ]
    services.close_stocktake(stocktake=by_shelf, by=minh.user, at=NOW)
    by_range = services.open_stocktake(
        library=commune,
        reason="ordered",
        call_number_from="895.922 002",
        call_number_to="895.922 003",
        by=minh.user,
        at=NOW,
    )
    assert sorted(by_range.lines.values_list("item__barcode", flat=True)) == [
        "CX002",
        "CX003",
        "TN002",
        "TN003",
    ]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"call_number_from": "900", "call_number_to": "100"}, "bad_range"),
        ({"call_number_from": "900"}, "bad_range"),
        ({"reason": "whim"}, "bad_reason"),
        ({"committee": [("", "Thư ký")]}, "member_name_required"),
    ],
)
def test_a_bad_scope_reason_or_committee_is_refused_with_nothing_written(
    commune, commune_stock, minh, changes, code
):
    arguments = {"library": commune, "reason": "periodic", "by": minh.user, **changes}
    with pytest.raises(StocktakeInvalid) as refusal:
        services.open_stocktake(**arguments)
    assert refusal.value.code == code
    assert not Stocktake.objects.exists()
    assert not StocktakeLine.objects.exists()


def test_many_scans_at_once_are_counted_set_wise(stocktake, commune_stock, minh):
    services.record_scan(stocktake=stocktake, barcode="CX001", by=minh.user, at=NOW)
    result = services.record_scans(
        stocktake=stocktake,
        scans=[("CX001", None), ("CX002", None), ("CX002", None), ("NOPE", None), ("CX003", None)],
        source="file",
        by=minh.user,
        at=NOW,
    )
    assert (result.accepted, result.unknown, result.repeated) == (2, ["NOPE"], 2)
    times = dict(StocktakeScan.objects.filter(stocktake=stocktake).values_list("barcode", "times"))
    assert times == {"CX001": 2, "CX002": 2, "CX003": 1, "NOPE": 1}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_scanners_reading_one_barcode_at_once_make_one_scan_and_one_repeat(
    province, minh, lan, tmp_path
):
    commune = province["commune"]
    copy = ItemFactory(home_library=commune, barcode="CC001")
    stocktake = services.open_stocktake(library=commune, reason="periodic", by=minh.user, at=NOW)
    barrier = threading.Barrier(2, timeout=10)
    kinds: list[str] = []
    lock = threading.Lock()

    def scan(person) -> None:
        try:
            barrier.wait()
            try:
                kind = services.record_scan(
                    stocktake=stocktake, barcode=copy.barcode, by=person.user, at=NOW
                ).kind
            except Exception as error:  # any other outcome fails the test below
                kind = f"{type(error).__name__}: {error}"
            with lock:
                kinds.append(kind)
        finally:
            connection.close()

    with database_shared_by_threads(tmp_path):
        threads = [threading.Thread(target=scan, args=(person,)) for person in (minh, lan)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        rows: list[tuple[int, int]] = []

        def read() -> None:
            try:
                rows.extend(
                    StocktakeScan.objects.filter(stocktake_id=stocktake.pk).values_list(
                        "times", "item_id"
                    )
                )
            finally:
                connection.close()

        reader = threading.Thread(target=read)
        reader.start()
        reader.join(timeout=30)
    assert sorted(kinds) == [Outcome.FOUND, "repeated"]
    assert rows == [(2, copy.pk)]
