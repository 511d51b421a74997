"""search.analysis: the ISBN-10 form an ISBN-13 is also found by, as python-stdnum has it."""

from __future__ import annotations

import random

import pytest
from stdnum import isbn as stdnum_isbn

from libnet.search import analysis


def _stdnum_isbn10(isbn13: str) -> str:
    try:
        return str(stdnum_isbn.to_isbn10(isbn13)).lower()
    except Exception:  # stdnum's refusals (bad check digit, length, prefix)
        return ""


@pytest.mark.parametrize(
    ("isbn13", "tokens"),
    [
        ("9786040014344", ["9786040014344", "6040014342"]),
        ("9780306406157", ["9780306406157", "0306406152"]),
        ("9780008000004", ["9780008000004", "000800000x"]),  # check digit 10 is written x
        ("9786040014345", ["9786040014345"]),  # a wrong check digit: no ISBN-10
        ("9791032300009", ["9791032300009"]),  # 979 numbers have none
        ("978-0-306-40615-7", ["978-0-306-40615-7", "0-306-40615-2"]),  # stdnum's way
    ],
)
def test_an_isbn_13_is_also_found_by_its_isbn_10(isbn13, tokens):
    assert analysis.isbn_tokens(isbn13) == tokens


def test_the_arithmetic_agrees_with_stdnum_on_random_numbers():
    rng = random.Random(4)
    numbers = ["978" + "".join(rng.choices("0123456789", k=10)) for _ in range(5_000)]
    assert [analysis.isbn_tokens(number)[1:] for number in numbers] == [
        [form] if (form := _stdnum_isbn10(number)) else [] for number in numbers
    ]
