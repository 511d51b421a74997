"""The catalogue's pure rules as tables: who may change a shared record, number ranges."""

from __future__ import annotations

import pytest

from libnet.catalog import policies
from libnet.catalog.errors import CatalogForbidden, CatalogRefused
from libnet.catalog.models import MAX_ACCESSION_SEQUENCE, MAX_PRICE_VND

PROVINCIAL, COMMUNE, SCHOOL, OTHER_SCHOOL = 1, 2, 3, 4


def _editor(*library_ids, provincial=False, superuser=False):
    return policies.RecordEditor(
        catalog_library_ids=frozenset(library_ids),
        is_provincial_cataloguer=provincial,
        is_superuser=superuser,
    )


@pytest.mark.parametrize(
    ("created_at", "editor", "refusal"),
    [
        # The provincial library leads the union catalogue (NĐ 93/2020 Art. 26): any record.
        (SCHOOL, _editor(PROVINCIAL, COMMUNE, provincial=True), None),
        (None, _editor(PROVINCIAL, provincial=True), None),
        # The creating library keeps its own record up to date, as does a role above it.
        (COMMUNE, _editor(COMMUNE), None),
        (SCHOOL, _editor(SCHOOL), None),
        # Everyone else adds copies to the record as it is.
        (PROVINCIAL, _editor(SCHOOL), "record_of_another_library"),
        (OTHER_SCHOOL, _editor(SCHOOL), "record_of_another_library"),
        (PROVINCIAL, _editor(COMMUNE), "record_of_another_library"),
        (PROVINCIAL, _editor(), "record_of_another_library"),
        # A record nobody is known to have created: only the provincial cataloguers.
        (None, _editor(COMMUNE), "record_without_library"),
        (PROVINCIAL, _editor(superuser=True), None),
    ],
)
def test_who_may_change_a_shared_record(created_at, editor, refusal):
    assert policies.record_change_refusal(created_at_library_id=created_at, editor=editor) == (
        refusal
    )


@pytest.mark.parametrize(
    ("price", "refusal"),
    [
        (None, None),
        (0, None),
        (85_000, None),
        (MAX_PRICE_VND, None),
        (MAX_PRICE_VND + 1, "invalid_price"),
        (99999999999999999999, "invalid_price"),  # the price: 2^66, past any column
        (-1, "invalid_price"),
    ],
)
def test_a_price_is_a_whole_number_of_dong_in_range(price, refusal):
    assert policies.price_refusal(price) == refusal


@pytest.mark.parametrize(
    ("sequence", "next_free", "is_jump"),
    [
        (93, 93, False),  # the proposed number
        (193, 93, False),  # a box of a hundred pre-stamped copies
        (194, 93, True),
        (999993, 93, True),  # TN.999993 typed for TN.000093
        (12, 93, False),  # a gap filled behind the counter
    ],
)
def test_a_typed_number_far_past_the_next_free_one_is_a_jump(sequence, next_free, is_jump):
    assert policies.is_accession_jump(sequence=sequence, next_free=next_free) is is_jump


def test_a_register_holds_nine_digit_numbers_at_most():
    assert policies.accession_sequence_refusal(MAX_ACCESSION_SEQUENCE) is None
    assert policies.accession_sequence_refusal(MAX_ACCESSION_SEQUENCE + 1) == (
        "accession_number_too_large"
    )


def test_every_code_a_catalogue_rule_returns_has_a_message():
    codes = {
        "record_of_another_library",
        "record_without_library",
        "item_of_another_library",
        "catalog_role_required",
    }
    assert codes <= set(CatalogForbidden.messages)
    assert {
        "invalid_price",
        "accession_number_too_large",
        "accession_number_jump",
        "accession_number_other_register",
        "invalid_status_change",
        "same_status",
        "withdrawal_needs_decision",
    } <= set(CatalogRefused.messages)
