"""The one list of Vietnamese family names: accents count, case does not."""

from __future__ import annotations

import pytest

from libnet.catalog.names import is_vietnamese_family_name


@pytest.mark.parametrize(
    ("word", "vietnamese"),
    [("Nguyễn", True), ("NGUYỄN", True), ("Lê", True), ("Đinh", True), ("Le", False),
     ("Hugo", False), ("Nguyen", False)],
)  # fmt: skip
def test_a_family_name_is_vietnamese_with_its_accents(word, vietnamese):
    assert is_vietnamese_family_name(word) is vietnamese
