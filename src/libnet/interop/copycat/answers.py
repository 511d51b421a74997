"""What a search of another catalogue brings back: records, each decoded or with the reason
it could not be."""

from __future__ import annotations

from dataclasses import dataclass, field

import pymarc


@dataclass
class FoundRecord:
    """One record of the answer, in the target's order (1-based)."""

    position: int
    record: pymarc.Record | None = None
    error: str = ""


@dataclass
class Answer:
    """The answer of one target to one search."""

    hits: int
    records: list[FoundRecord] = field(default_factory=list)
