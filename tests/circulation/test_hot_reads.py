"""The reads of a loan and a return have one definition: circulation.selectors says what each
read is (ORM), circulation.hot_sql runs it as one plain statement at the desk. Both are run on
the same rows, in every situation below, and must give the same rows and model instances.
The suite's PostgreSQL pass (scripts/test-postgres.sh) runs them on PostgreSQL too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import models

from libnet.catalog.models import Item, ItemStatus
from libnet.circulation import hot_sql, selectors
from libnet.circulation.models import HoldStatus
from tests.factories import (
    NOW,
    HoldFactory,
    ItemFactory,
    LoanFactory,
    PatronFactory,
    ShelfLocationFactory,
)

pytestmark = pytest.mark.django_db

LATER = NOW + dt.timedelta(hours=1)


def _on_the_shelf(world: dict[str, Any]) -> None:
    """Nothing concerns the copy: no loan, no hold."""


def _reader_has_loans(world: dict[str, Any]) -> None:
    """The reader has two copies out and returned a third: two open loans count."""
    for _ in range(2):
        LoanFactory(patron=world["reader"], item=ItemFactory(home_library=world["desk"]))
    LoanFactory(
        patron=world["reader"],
        item=ItemFactory(home_library=world["desk"]),
        closed_at=LATER,
        status="returned",
    )


def _set_aside_for_another(world: dict[str, Any]) -> None:
    """The copy waits on the hold shelf for another reader."""
    copy = world["copy"]
    HoldFactory(
        bib=copy.bib,
        patron=world["neighbour"],
        item=copy,
        status=HoldStatus.READY,
        ready_at=NOW,
    )


def _readers_own_hold_elsewhere(world: dict[str, Any]) -> None:
    """The reader waits for the title, to collect at the school library."""
    HoldFactory(
        bib=world["copy"].bib, patron=world["reader"], pickup_library=world["province"]["school"]
    )


def _another_reader_waits_here(world: dict[str, Any]) -> None:
    """Another reader waits for the title at this desk: a return's concern, not a loan's."""
    HoldFactory(bib=world["copy"].bib, patron=world["neighbour"], pickup_library=world["desk"])


def _another_reader_waits_elsewhere(world: dict[str, Any]) -> None:
    """Another reader waits for the title at the school: neither a loan's nor a return's here."""
    HoldFactory(
        bib=world["copy"].bib,
        patron=world["neighbour"],
        pickup_library=world["province"]["school"],
    )


def _ready_with_another_copy(world: dict[str, Any]) -> None:
    """A hold on the title at this desk is ready with another copy: not waiting any more."""
    copy = world["copy"]
    HoldFactory(
        bib=copy.bib,
        patron=world["neighbour"],
        pickup_library=world["desk"],
        item=ItemFactory(home_library=world["desk"], bib=copy.bib),
        status=HoldStatus.READY,
        ready_at=NOW,
    )


def _travelling_to_fill_a_hold(world: dict[str, Any]) -> None:
    """The copy travels to the school for a reader's hold there."""
    copy = world["copy"]
    HoldFactory(
        bib=copy.bib,
        patron=world["neighbour"],
        pickup_library=world["province"]["school"],
        item=copy,
        status=HoldStatus.IN_TRANSIT,
    )


def _closed_holds_only(world: dict[str, Any]) -> None:
    """Holds on the copy and the title, all collected or cancelled: none is open."""
    copy = world["copy"]
    HoldFactory(
        bib=copy.bib,
        patron=world["reader"],
        item=copy,
        status=HoldStatus.FULFILLED,
        closed_at=LATER,
    )
    HoldFactory(
        bib=copy.bib,
        patron=world["neighbour"],
        pickup_library=world["desk"],
        status=HoldStatus.CANCELLED,
        closed_at=LATER,
    )


def _on_loan(world: dict[str, Any]) -> None:
    """The copy is out with the neighbour (and was lent and returned before)."""
    copy = world["copy"]
    LoanFactory(item=copy, patron=world["reader"], closed_at=NOW, status="returned")
    LoanFactory(item=copy, patron=world["neighbour"], loaned_at=LATER)
    Item.objects.filter(pk=copy.pk).update(status=ItemStatus.ON_LOAN)


def _on_a_closed_stack(world: dict[str, Any]) -> None:
    """The copy is shelved in closed stacks: its shelf location comes with it."""
    shelf = ShelfLocationFactory(
        library=world["desk"], code="KD", name="Kho đóng", is_closed_stack=True
    )
    Item.objects.filter(pk=world["copy"].pk).update(shelf_location=shelf, call_number="895.9 T")


def _another_librarys_copy(world: dict[str, Any]) -> None:
    """The copy belongs to the school and is here with holds of several readers."""
    copy = ItemFactory(home_library=world["province"]["school"], barcode="TH0000009")
    world["copy"] = copy
    HoldFactory(bib=copy.bib, patron=world["reader"], pickup_library=world["desk"])
    HoldFactory(bib=copy.bib, patron=world["neighbour"], pickup_library=world["desk"])


SITUATIONS: dict[str, Callable[[dict[str, Any]], None]] = {
    "on the shelf": _on_the_shelf,
    "the reader has loans": _reader_has_loans,
    "set aside for another reader": _set_aside_for_another,
    "the reader's own hold elsewhere": _readers_own_hold_elsewhere,
    "another reader waits here": _another_reader_waits_here,
    "another reader waits elsewhere": _another_reader_waits_elsewhere,
    "a hold here ready with another copy": _ready_with_another_copy,
    "travelling to fill a hold": _travelling_to_fill_a_hold,
    "closed holds only": _closed_holds_only,
    "on loan": _on_loan,
    "on a closed stack": _on_a_closed_stack,
    "another library's copy": _another_librarys_copy,
}


def _values(instance: models.Model | None) -> dict[str, Any] | None:
    """Every column of `instance` as read, or None."""
    if instance is None:
        return None
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
    }


@pytest.fixture
def world(province, desk, reader, neighbour, copy) -> dict[str, Any]:
    return {
        "province": province,
        "desk": desk,
        "reader": reader,
        "neighbour": neighbour,
        "copy": copy,
    }


@pytest.fixture(params=list(SITUATIONS), ids=list(SITUATIONS))
def situation(request, world) -> dict[str, Any]:
    SITUATIONS[request.param](world)
    return world


def test_the_read_of_a_loan_is_what_its_selector_defines(situation, django_assert_num_queries):
    copy, reader = situation["copy"], situation["reader"]
    defined = selectors.copy_for_loan(item_id=copy.pk, patron_id=reader.pk)
    with django_assert_num_queries(1):
        run = hot_sql.copy_for_loan(item_id=copy.pk, patron_id=reader.pk)
        shelf = run[0].shelf_location  # read with the copy
    assert _values(run[0]) == _values(defined[0])
    assert _values(shelf) == _values(defined[0].shelf_location)
    assert run[1:] == defined[1:]
    assert run[0].bib_id == copy.bib_id


def test_the_holds_a_loan_reads_are_what_their_selector_defines(situation):
    copy, reader = situation["copy"], situation["reader"]
    defined = selectors.holds_at_checkout(item=copy, patron_id=reader.pk)
    run = hot_sql.holds_at_checkout(item=copy, patron_id=reader.pk)
    assert [_values(hold) for hold in run] == [_values(hold) for hold in defined]
    # The loan's first read says whether this second one is needed at all.
    assert selectors.copy_for_loan(item_id=copy.pk, patron_id=reader.pk)[2] == bool(defined)


def test_the_read_of_a_return_is_what_its_selector_defines(situation, django_assert_num_queries):
    copy, desk = situation["copy"], situation["desk"]
    defined = selectors.copy_for_return(item_id=copy.pk, desk_id=desk.pk)
    with django_assert_num_queries(1):
        item, loan, any_hold = hot_sql.copy_for_return(item_id=copy.pk, desk_id=desk.pk)
        shelf = item.shelf_location
        patron = loan.patron if loan is not None else None
    assert _values(item) == _values(defined[0])
    assert _values(shelf) == _values(defined[0].shelf_location)
    assert _values(loan) == _values(defined[1])
    assert _values(patron) == _values(defined[1].patron if defined[1] else None)
    assert any_hold == defined[2]


def test_the_holds_a_return_reads_are_what_their_selector_defines(situation):
    copy, desk = situation["copy"], situation["desk"]
    defined = selectors.holds_for_returned_copy(item=copy, desk_id=desk.pk)
    run = hot_sql.holds_for_returned_copy(item=copy, desk_id=desk.pk)
    assert [_values(hold) for hold in run] == [_values(hold) for hold in defined]
    # The return's first read says whether this second one is needed at all.
    any_hold = selectors.copy_for_return(item_id=copy.pk, desk_id=desk.pk)[2]
    assert any_hold == (defined != (None, None))


def test_a_copy_that_does_not_exist_is_refused_by_both_alike(reader, desk):
    with pytest.raises(Item.DoesNotExist):
        selectors.copy_for_loan(item_id=987654, patron_id=reader.pk)
    with pytest.raises(Item.DoesNotExist):
        hot_sql.copy_for_loan(item_id=987654, patron_id=reader.pk)
    with pytest.raises(Item.DoesNotExist):
        selectors.copy_for_return(item_id=987654, desk_id=desk.pk)
    with pytest.raises(Item.DoesNotExist):
        hot_sql.copy_for_return(item_id=987654, desk_id=desk.pk)


def test_the_situations_cover_what_the_reads_tell_apart(world):
    """The table is not all alike: some situations have holds, loans, a shelf, and some not."""
    seen = set()
    for name, build in SITUATIONS.items():
        fresh = dict(world, copy=ItemFactory(home_library=world["desk"]))
        fresh["reader"] = PatronFactory(home_library=world["desk"])
        fresh["neighbour"] = PatronFactory(home_library=world["desk"])
        build(fresh)
        copy, reader, desk = fresh["copy"], fresh["reader"], fresh["desk"]
        _item, open_loans, loan_hold = hot_sql.copy_for_loan(item_id=copy.pk, patron_id=reader.pk)
        item, loan, return_hold = hot_sql.copy_for_return(item_id=copy.pk, desk_id=desk.pk)
        seen.add(
            (
                name,
                open_loans > 0,
                loan_hold,
                loan is not None,
                return_hold,
                item.shelf_location is not None,
            )
        )
    for position in range(1, 6):
        assert {row[position] for row in seen} == {True, False}
