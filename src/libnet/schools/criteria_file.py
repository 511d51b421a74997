"""The criteria file shipped with libnet (data/tt16_2022.json), read into plain field
values: used by the migration that loads it and by services.load_criteria alike.

A `threshold` of null is a figure not confirmed in the text (DOMAIN §1.5): the criterion
stays unassessable until the province fills it in."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

SHIPPED = Path(__file__).resolve().parent / "data" / "tt16_2022.json"


def read(path: Path = SHIPPED) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Return (the version's fields, each criterion's fields in order)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    due = data.get("due", {})
    version = {
        "title": data["title"],
        "source": data.get("source", ""),
        "due_month": due.get("month", 5),
        "due_day": due.get("day", 31),
    }
    criteria = [
        {
            "school_level": row["school_level"],
            "group": row["group"],
            "grade": row["grade"],
            "code": row["code"],
            "name": row["name"],
            "article": row.get("article", ""),
            "measure": row["measure"],
            "unit": row.get("unit", ""),
            "threshold": Decimal(row["threshold"]) if row.get("threshold") is not None else None,
            "is_confirmed": bool(row.get("confirmed")),
            "position": position,
        }
        for position, row in enumerate(data["criteria"])
    ]
    return version, criteria
