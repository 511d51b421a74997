"""The layouts of the official statistics forms: data, not code.

The official forms of TT 16/2022/TT-BVHTTDL and the Ministry's yearly table are not confirmed
(DOMAIN §3.2, §8.2). libnet ships its own layout of each (planning/data/official_forms.json);
a province replaces one in the admin (`OfficialFormLayout`), and `layout_problems` checks
the replacement before it is used. Each row says what its figure counts (`counts`), which is
printed with the form.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from libnet.planning.errors import OfficialFormRefused
from libnet.planning.models import Indicator, OfficialFormLayout

Layout = dict[str, Any]

# How a measure's figures behave over time: a flow adds up over days (its "since the start
# of the year" is the sum from the first day of the plan year); distinct readers are counted
# once over a span; a stock is a count on the period's last day and a ratio is worked out from
# stocks: neither has a "since the start of the year".
FLOW, DISTINCT, STOCK, RATIO = "flow", "distinct", "stock", "ratio"

MEASURES: dict[str, str] = {
    "indicator": FLOW,  # one of planning's indicators (its aggregation may make it DISTINCT)
    "indicators": FLOW,  # the sum of several additive indicators
    "stock_titles": STOCK,
    "stock_copies": STOCK,
    "card_holders": STOCK,
    "card_holders_disability": STOCK,
    "libraries": STOCK,
    "population": STOCK,
    "copies_per_inhabitant": RATIO,
}

# Which breakdowns each measure offers. "class" and "format" split copies and titles; the use
# breakdowns split the uses in place and the loans by the class of the copy used; the groups
# of "reader_group" and "level" are listed in the row itself.
BREAKDOWNS: dict[str, frozenset[str]] = {
    "class": frozenset({"stock_titles", "stock_copies", "indicator:items_added"}),
    "format": frozenset({"stock_titles", "stock_copies", "indicator:items_added"}),
    "use_class": frozenset({"indicator:in_library_uses"}),
    "loan_class": frozenset({"indicator:loans"}),
    "reader_group": frozenset({"card_holders"}),
    "level": frozenset({"libraries", "stock_copies"}),
    "kind": frozenset({"libraries", "stock_copies"}),
}
GROUPED = {"reader_group": "categories", "level": "kinds"}


@cache
def shipped_layouts() -> dict[str, Layout]:
    """Return form code → the layout shipped with libnet."""
    text = (
        resources.files("libnet.planning").joinpath("data/official_forms.json").read_text("utf-8")
    )
    return {form["code"]: form for form in json.loads(text)["forms"]}


def form_codes() -> list[str]:
    return list(shipped_layouts())


def _measure_key(row: Layout) -> str:
    measure = str(row.get("measure", ""))
    return f"indicator:{row.get('indicator')}" if measure == "indicator" else measure


def layout_problems(layout: Any, *, indicator_codes: set[str]) -> list[str]:
    """Return what is wrong with `layout` (empty when it can be used): every row needs a
    number, a label, a unit, what it counts and a known measure; a breakdown must suit its
    measure; a grouped breakdown lists its groups, at most one of them "the rest"."""
    if not isinstance(layout, dict) or not isinstance(layout.get("rows"), list):
        return ["the layout needs a list of rows"]
    problems: list[str] = []
    if not str(layout.get("title", "")).strip():
        problems.append("the form needs a title")
    numbers: set[str] = set()
    for position, row in enumerate(layout["rows"], start=1):
        if not isinstance(row, dict):
            problems.append(f"row {position} is not an object")
            continue
        where = f"row {row.get('number') or position}"
        for field in ("number", "label", "unit", "counts"):
            if not str(row.get(field, "")).strip():
                problems.append(f"{where}: {field} is empty")
        number = str(row.get("number", ""))
        if number in numbers:
            problems.append(f"{where}: the number is used twice")
        numbers.add(number)
        measure = row.get("measure")
        if measure not in MEASURES:
            problems.append(f"{where}: unknown measure {measure!r}")
            continue
        if measure == "indicator" and row.get("indicator") not in indicator_codes:
            problems.append(f"{where}: unknown indicator {row.get('indicator')!r}")
        if measure == "indicators":
            codes = row.get("indicators")
            if not isinstance(codes, list) or not codes or not set(codes) <= indicator_codes:
                problems.append(f"{where}: indicators must list known indicator codes")
        breakdown = row.get("breakdown")
        if breakdown is not None:
            if breakdown not in BREAKDOWNS:
                problems.append(f"{where}: unknown breakdown {breakdown!r}")
            elif _measure_key(row) not in BREAKDOWNS[breakdown]:
                problems.append(f"{where}: {breakdown} does not split {_measure_key(row)}")
            elif breakdown in GROUPED:
                problems.extend(_group_problems(row, where, GROUPED[breakdown]))
        part_of = row.get("part_of")
        if part_of is not None and str(part_of) not in numbers:
            problems.append(f"{where}: part_of names no row above it")
    return problems


def _group_problems(row: Layout, where: str, member: str) -> list[str]:
    groups = row.get("groups")
    if not isinstance(groups, list) or not groups:
        return [f"{where}: the breakdown needs its groups"]
    problems = []
    rest = 0
    for group in groups:
        if not isinstance(group, dict) or not str(group.get("label", "")).strip():
            problems.append(f"{where}: every group needs a label")
            continue
        members = group.get(member)
        if not isinstance(members, list):
            problems.append(f"{where}: every group lists its {member}")
        elif not members:
            rest += 1
    if rest > 1:
        problems.append(f"{where}: only one group can take the rest")
    return problems


def layout_for(code: str) -> tuple[Layout, bool]:
    """Return the layout of form `code` and whether it is the province's own (else the one
    shipped); OfficialFormRefused("unknown_form") for a form libnet does not have."""
    shipped = shipped_layouts()
    if code not in shipped:
        raise OfficialFormRefused("unknown_form", form=code[:40], forms=", ".join(shipped))
    own = OfficialFormLayout.objects.filter(code=code).first()
    if own is None:
        return shipped[code], False
    layout = dict(shipped[code])
    layout.update(own.layout if isinstance(own.layout, dict) else {"rows": None})
    # The admin checks a layout before saving it; one written around it is refused here, with
    # what is wrong, rather than half-built.
    codes = set(Indicator.objects.values_list("code", flat=True))
    problems = layout_problems(layout, indicator_codes=codes)
    if problems:
        raise OfficialFormRefused("invalid_layout", problems="; ".join(problems[:5]))
    return layout, True
