"""The rules about readers and cards, one table each."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.patrons import policies
from libnet.patrons.errors import CardRefused
from libnet.patrons.models import ConsentRole

D = dt.date
TODAY = D(2026, 3, 2)


@pytest.mark.parametrize(
    ("status", "valid_until", "expected"),
    [
        ("active", D(2026, 12, 31), None),
        ("active", TODAY, None),  # valid through its last day
        ("active", D(2026, 3, 1), "card_expired"),
        ("blocked", D(2026, 12, 31), "card_blocked"),
        ("blocked", D(2025, 1, 1), "card_blocked"),  # a block is the lasting reason
        ("erased", D(2026, 12, 31), "card_erased"),
        ("erased", D(2025, 1, 1), "card_erased"),
    ],
)
def test_card_refusal(status, valid_until, expected):
    refusal = policies.card_refusal(status=status, valid_until=valid_until, today=TODAY)
    assert (refusal.code if refusal else None) == expected


def test_an_expired_card_says_when_it_expired_in_the_vietnamese_way():
    refusal = policies.card_refusal(status="active", valid_until=D(2026, 2, 28), today=TODAY)
    assert refusal is not None
    assert refusal.params == {"expired_on": "28/02/2026"}


def test_every_card_refusal_code_has_a_message():
    for code in policies.CARD_REFUSAL_CODES:
        assert code in CardRefused.messages


@pytest.mark.parametrize(
    ("category", "months", "starts_on", "expected"),
    [
        ("adult", 12, D(2026, 1, 5), D(2027, 1, 4)),
        ("adult", 12, D(2024, 2, 29), D(2025, 2, 27)),  # 29/2 + 12 months is 28/2, minus a day
        ("elderly", 24, D(2026, 3, 2), D(2028, 3, 1)),
        ("student", 12, D(2026, 1, 31), D(2027, 1, 30)),
        ("pupil", 12, D(2025, 9, 5), D(2026, 5, 31)),  # start of the school year
        ("pupil", 12, D(2026, 3, 2), D(2026, 5, 31)),  # mid-year: this school year
        ("pupil", 12, D(2026, 5, 31), D(2026, 5, 31)),
        ("pupil", 12, D(2026, 6, 15), D(2027, 5, 31)),  # summer: the coming school year
        ("teacher", 12, D(2026, 9, 1), D(2027, 8, 31)),
    ],
)
def test_card_valid_until(category, months, starts_on, expected):
    assert (
        policies.card_valid_until(category_code=category, card_months=months, starts_on=starts_on)
        == expected
    )


@pytest.mark.parametrize(
    ("category", "valid_until", "today", "expected"),
    [
        ("adult", D(2026, 12, 31), D(2026, 12, 1), D(2027, 12, 31)),  # early: nothing lost
        ("adult", D(2025, 6, 30), TODAY, D(2027, 3, 1)),  # expired: a new year from today
        ("pupil", D(2026, 5, 31), D(2026, 5, 20), D(2027, 5, 31)),
        ("pupil", D(2025, 5, 31), D(2025, 9, 10), D(2026, 5, 31)),
    ],
)
def test_renewed_valid_until(category, valid_until, today, expected):
    assert (
        policies.renewed_valid_until(
            category_code=category, card_months=12, valid_until=valid_until, today=today
        )
        == expected
    )


@pytest.mark.parametrize(
    ("fee", "exempt", "expected"),
    [(20000, False, 20000), (20000, True, 0), (0, False, 0), (10000, True, 0)],
)
def test_card_fee_due(fee, exempt, expected):
    assert policies.card_fee_due_vnd(card_fee_vnd=fee, is_fee_exempt=exempt) == expected


READER, GUARDIAN = ConsentRole.READER, ConsentRole.GUARDIAN


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (0, {GUARDIAN}),
        (6, {GUARDIAN}),  # under 7: the guardian alone
        (7, {READER, GUARDIAN}),  # Art. 24: from 7, the child and the guardian
        (12, {READER, GUARDIAN}),  # Bình
        (15, {READER, GUARDIAN}),
        (16, {READER}),  # no longer a child (Luật Trẻ em)
        (40, {READER}),
        (None, {READER}),  # unknown age: the desk asks minors for their date of birth
    ],
)
def test_consents_needed(age, expected):
    assert policies.consents_needed(age) == frozenset(expected)


@pytest.mark.parametrize(
    ("birth_date", "day", "age"),
    [
        (D(2014, 2, 10), D(2026, 3, 2), 12),
        (D(2014, 3, 3), D(2026, 3, 2), 11),  # the day before the birthday
        (D(2014, 3, 2), D(2026, 3, 2), 12),
        (D(2012, 2, 29), D(2026, 2, 28), 13),
        (D(2012, 2, 29), D(2026, 3, 1), 14),
    ],
)
def test_age_on(birth_date, day, age):
    assert policies.age_on(birth_date, day) == age


@pytest.mark.parametrize(
    ("needed", "given", "missing"),
    [
        ({READER, GUARDIAN}, [], [READER, GUARDIAN]),
        ({READER, GUARDIAN}, [GUARDIAN], [READER]),
        ({READER, GUARDIAN}, [READER, GUARDIAN], []),
        ({GUARDIAN}, [READER], [GUARDIAN]),  # a 5-year-old's own word is not enough
        ({READER}, [GUARDIAN], [READER]),  # an adult decides alone
    ],
)
def test_missing_consents(needed, given, missing):
    assert policies.missing_consents(needed=needed, given=given) == missing


def _who(name, birth_date=None, phone=""):
    return policies.identity(name, birth_date, phone)


@pytest.mark.parametrize(
    ("new", "existing", "expected"),
    [
        (
            _who("Phạm Văn Bình", D(2014, 2, 10)),
            _who("Phạm Văn Bình", D(2014, 2, 10)),
            True,
        ),
        (
            _who("PHAM VAN BINH", D(2014, 2, 10)),
            _who("Phạm Văn Bình", D(2014, 2, 10)),
            True,  # typed without diacritics
        ),
        (_who("Đỗ Thị Chi", phone="0912 345 678"), _who("Do Thi Chi", phone="+84912345678"), True),
        (
            _who("Phạm Văn Bình", D(2014, 2, 10)),
            _who("Phạm Văn Bình", D(2013, 2, 10)),
            False,  # same common name, another child
        ),
        (_who("Phạm Văn Bình"), _who("Phạm Văn Bình"), False),  # a name alone is not enough
        (
            _who("Phạm Văn Bình", phone="0912345678"),
            _who("Phạm Thị Hoa", phone="0912345678"),
            False,  # his sister, on the family phone
        ),
        (_who("  ", D(2014, 2, 10)), _who("", D(2014, 2, 10)), False),
    ],
)
def test_is_duplicate_candidate(new, existing, expected):
    assert policies.is_duplicate_candidate(new, existing) is expected


@pytest.mark.parametrize(
    ("phone", "digits", "valid"),
    [
        ("0912 345 678", "0912345678", True),
        ("+84 912.345.678", "0912345678", True),
        ("84912345678", "0912345678", True),
        ("024 3825 1234", "02438251234", True),
        ("12345", "12345", False),
        ("", "", False),
    ],
)
def test_phone_digits(phone, digits, valid):
    assert policies.phone_digits(phone) == digits
    assert policies.is_valid_phone(phone) is valid


@pytest.mark.parametrize(
    ("library_code", "prefix"),
    [
        ("SL-TANLAP", "TANLAP"),
        ("SL-THCS-TANLAP", "THCSTANLAP"),
        ("SL-ĐC-HƯNGLAM", "DCHUNGLAM"),
        ("TVT", "TVT"),
        ("SL-TH-NGUYENVANTROI", "THNGUYENVA"),  # ten characters at most
    ],
)
def test_card_prefix(library_code, prefix):
    assert policies.card_prefix(library_code, "SL") == prefix


def test_card_number_is_prefix_year_and_six_digits():
    assert policies.card_number("TANLAP", 2026, 42) == "TANLAP2026000042"


@pytest.mark.parametrize(
    ("class_name", "grade", "moved_to"),
    [
        ("6A", 6, "7A"),
        ("10A1", 10, "11A1"),
        ("9C", 9, "10C"),
        ("1", 1, "2"),
        ("12A3", 12, "13A3"),  # the rollover makes a final-grade pupil leave instead
        ("Chồi", None, None),  # a kindergarten group has no grade
        ("", None, None),
    ],
)
def test_grade_and_next_class(class_name, grade, moved_to):
    assert policies.grade_of(class_name) == grade
    assert policies.next_class(class_name) == moved_to


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("6a", "6A"), (" Lớp 7a ", "7A"), ("lop 10a1", "10A1"), ("Class 9B", "9B")],
)
def test_normalize_class_name(typed, stored):
    assert policies.normalize_class_name(typed) == stored


@pytest.mark.parametrize(
    ("kind", "final_grade"),
    [
        ("school_primary", 5),
        ("school_lower_secondary", 9),
        ("school_upper_secondary", 12),
        ("school_multi", 12),
        ("commune", None),
    ],
)
def test_final_grade_for(kind, final_grade):
    assert policies.final_grade_for(kind) == final_grade
