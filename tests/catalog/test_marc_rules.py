"""MARC 21 validation against the bibliographic tag table (catalog/marc_rules.py), as a table."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.utils import translation

from libnet.catalog import marc, marc_rules
from tests.factories import make_marc

GOOD = marc.record_to_json(make_marc(isbn="9786042101233", control_number="VN-1"))
GOOD_008 = next(f["008"] for f in GOOD["fields"] if "008" in f)


def _with(*changes: tuple[str, Any]) -> dict[str, Any]:
    """GOOD with fields replaced, added or removed: ("245", {...}) replaces the first 245,
    ("+650", {...}) adds a field, ("-008", None) removes every 008, ("LDR", "...") sets the
    leader."""
    record = copy.deepcopy(GOOD)
    for tag, value in changes:
        if tag == "LDR":
            record["leader"] = value
        elif tag.startswith("+"):
            record["fields"].append({tag[1:]: value})
        elif tag.startswith("-"):
            record["fields"] = [f for f in record["fields"] if tag[1:] not in f]
        else:
            index = next(i for i, f in enumerate(record["fields"]) if tag in f)
            record["fields"][index] = {tag: value}
    return record


def _data(ind1: str, ind2: str, *subfields: tuple[str, str]) -> dict[str, Any]:
    return {"ind1": ind1, "ind2": ind2, "subfields": [{c: v} for c, v in subfields]}


CASES = [
    # (why, record, expected problems as (code, tag, indicator, subfield))
    ("a plain book record passes", GOOD, []),
    (
        "a leader of the wrong length",
        _with(("LDR", "00000nam a22")),
        [("leader_length", "LDR", None, None)],
    ),
    (
        "leader/05 record status x",
        _with(("LDR", "00000xam a2200000 a 4500")),
        [("leader_value", "LDR", None, None)],
    ),
    (
        "leader/18 descriptive form x (Koha exports)",
        _with(("LDR", "00000nam a2200000 x 4500")),
        [("leader_value", "LDR", None, None)],
    ),
    (
        "leader/10-11 not 22: the record would not be ISO 2709",
        _with(("LDR", "00000nam a3300000 a 4500")),
        [("leader_structure", "LDR", None, None)],
    ),
    (
        "leader/20-23 not 4500",
        _with(("LDR", "00000nam a2200000 a 45xx")),
        [("leader_structure", "LDR", None, None)],
    ),
    ("no 245 at all", _with(("-245", None)), [("tag_required", "245", None, None)]),
    ("no 008 at all", _with(("-008", None)), [("tag_required", "008", None, None)]),
    (
        "a second 245: not repeatable",
        _with(("+245", _data("1", "0", ("a", "Hai")))),
        [("tag_not_repeatable", "245", None, None)],
    ),
    (
        "a second 100: not repeatable",
        _with(("+100", _data("0", " ", ("a", "Nam Cao")))),
        [("tag_not_repeatable", "100", None, None)],
    ),
    (
        "several 650s are fine",
        _with(("+650", _data(" ", "7", ("a", "Thơ"))), ("+650", _data(" ", "7", ("a", "Văn")))),
        [],
    ),
    (
        "245 first indicator 9",
        _with(("245", _data("9", "0", ("a", "Số đỏ")))),
        [("indicator_invalid", "245", 1, None)],
    ),
    (
        "245 second indicator a letter",
        _with(("245", _data("1", "x", ("a", "Số đỏ")))),
        [("indicator_invalid", "245", 2, None)],
    ),
    (
        "020 indicators must be blank",
        _with(("020", _data("1", " ", ("a", "9786042101233")))),
        [("indicator_invalid", "020", 1, None)],
    ),
    (
        "an indicator that is not one character",
        _with(("+650", _data("12", "7", ("a", "Thơ")))),
        [("indicator_invalid", "650", 1, None)],
    ),
    (
        "245 without $a",
        _with(("245", _data("1", "0", ("b", "tiểu thuyết")))),
        [("subfield_required", "245", None, "a")],
    ),
    (
        "100 without $a",
        _with(("100", _data("0", " ", ("d", "1912-1939")))),
        [("subfield_required", "100", None, "a")],
    ),
    (
        "020 with neither $a nor $z",
        _with(("020", _data(" ", " ", ("c", "45000đ")))),
        [("subfield_one_of_required", "020", None, None)],
    ),
    (
        "020 with only a cancelled ISBN in $z is fine",
        _with(("020", _data(" ", " ", ("z", "9786042101235")))),
        [],
    ),
    (
        "245 $a twice",
        _with(("245", _data("1", "0", ("a", "Số đỏ"), ("a", "Lần hai")))),
        [("subfield_not_repeatable", "245", None, "a")],
    ),
    (
        "245 $n repeats",
        _with(("245", _data("1", "0", ("a", "Truyện"), ("n", "T.1"), ("n", "Q.2")))),
        [],
    ),
    (
        "an empty subfield",
        _with(("245", _data("1", "0", ("a", "Số đỏ"), ("c", "  ")))),
        [("subfield_empty", "245", None, "c")],
    ),
    (
        "a capital subfield code",
        _with(("245", _data("1", "0", ("a", "Số đỏ"), ("C", "Vũ")))),
        [("subfield_code_invalid", "245", None, "C")],
    ),
    (
        "a field without subfields",
        _with(("+500", _data(" ", " "))),
        [("no_subfields", "500", None, None)],
    ),
    (
        "a data field given as plain text",
        _with(("+500", "Ghi chú")),
        [("data_field_without_subfields", "500", None, None)],
    ),
    (
        "a control field given subfields",
        _with(("+005", _data(" ", " ", ("a", "x")))),
        [("control_field_has_subfields", "005", None, None)],
    ),
    ("008 of 39 characters", _with(("008", GOOD_008[:39])), [("fixed_length", "008", None, None)]),
    (
        "008/06 type of date z",
        _with(("008", "260101z2020" + GOOD_008[11:])),
        [("fixed_value", "008", None, None)],
    ),
    (
        "a tag of two digits",
        _with(("+65", _data(" ", " ", ("a", "x")))),
        [("tag_invalid", "65", None, None)],
    ),
    (
        "a NUL byte in a subfield",
        _with(("245", _data("1", "0", ("a", "Số\x00đỏ")))),
        [("not_text", "245", None, "a")],
    ),
    (
        "a MARC delimiter inside a control field",
        _with(("+007", "ta\x1e")),
        [("not_text", "007", None, None)],
    ),
    (
        "a tag followed by a newline",
        _with(("+245\n", _data("1", "0", ("a", "x")))),
        [("tag_invalid", "245?", None, None)],
    ),
    # Warnings: shown, saved.
    (
        "an unknown tag is a warning",
        _with(("+123", _data(" ", " ", ("a", "x")))),
        [("tag_unknown", "123", None, None)],
    ),
    (
        "an undefined subfield is a warning",
        _with(("245", _data("1", "0", ("a", "Số đỏ"), ("z", "?")))),
        [("subfield_undefined", "245", None, "z")],
    ),
    # Local tags are the library's own.
    ("a local 9XX tag is not checked", _with(("+952", _data("x", "y", ("o", "VV.1")))), []),
    (
        "a local X9X tag is not checked",
        _with(("+590", _data(" ", " ", ("a", "Tài liệu địa chí")))),
        [],
    ),
]


@pytest.mark.parametrize(("why", "record", "expected"), CASES, ids=[case[0] for case in CASES])
def test_a_record_is_checked_against_the_tag_table(why, record, expected):
    found = [(p.code, p.tag, p.indicator, p.subfield) for p in marc_rules.problems(record)]
    assert found == expected


def test_only_errors_stop_a_save_warnings_do_not():
    """An unknown tag is a warning: check() lets it through; a missing $a is refused."""
    marc_rules.check(_with(("+123", _data(" ", " ", ("a", "x")))))
    with pytest.raises(marc_rules.RecordInvalid) as refused:
        marc_rules.check(_with(("245", _data("1", "0", ("b", "x")))))
    assert refused.value.as_dict()["detail"] == [
        {
            "tag": "245",
            "indicator": None,
            "subfield": "a",
            "message": refused.value.problems[0].message,
            "field": "fields",
        }
    ]


def test_messages_are_in_vietnamese_with_the_tables_vietnamese_names():
    record = _with(("+245", _data("1", "0", ("a", "Hai"))), ("100", _data("0", " ")))
    with translation.override("vi"):
        messages = [p.message for p in marc_rules.problems(record)]
    assert "Trường 100 không có trường con nào." in messages
    assert any("Thông tin về nhan đề" in m and "chỉ được xuất hiện một lần" in m for m in messages)


def test_every_problem_code_has_a_message():
    assert set(marc_rules.WARNINGS) <= set(marc_rules.MESSAGES)
    table = marc_rules.table()
    assert table.tags["245"].repeatable is False
    assert table.tags["650"].subfields["x"] is True
    assert all(rule.name_vi for rule in table.tags.values())
