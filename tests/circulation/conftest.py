"""Readers and copies around Minh's desk at Tân Lập commune library."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.factories import NOW, ItemFactory, PatronFactory


@pytest.fixture
def at():
    """The moment of the desk's actions: 2 March 2026, 10:00 in Vietnam."""
    return NOW


@pytest.fixture
def desk(province):
    """Minh's desk: Tân Lập commune library."""
    return province["commune"]


@pytest.fixture
def reader(desk):
    """Hoàng Văn Tú, an adult reader of the commune library with a card valid all 2026."""
    return PatronFactory(home_library=desk, full_name="Hoàng Văn Tú")


@pytest.fixture
def neighbour(desk):
    """Another adult reader of the commune, to compete for the same copy."""
    return PatronFactory(home_library=desk, full_name="Vũ Thị Mai")


@pytest.fixture
def copy(desk):
    """A book of the commune library, on its shelf."""
    return ItemFactory(home_library=desk, barcode="TL0000001")


@pytest.fixture
def school_copy(province):
    """A book of the school library, on the school's shelf."""
    return ItemFactory(home_library=province["school"], barcode="TH0000001")


@pytest.fixture
def english(monkeypatch):
    """Pin English for tests that read a command's report line by line (not its translation)."""
    monkeypatch.setenv("LIBNET_CLI_LANGUAGE", "en")
    with translation.override("en"):
        yield
