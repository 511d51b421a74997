"""The importer's reports and refusal reasons are checked against their English source text.

libnet speaks Vietnamese by default (the commands too); these tests pin English so that
they test the report's layout and reasons, not its translation (tests/core checks that).
"""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setenv("LIBNET_CLI_LANGUAGE", "en")
    with translation.override("en"):
        yield
