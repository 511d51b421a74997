"""The stocktake's pure rules, as tables."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.core import clock
from libnet.stock import policies, scanfile
from libnet.stock.policies import CopyAtCount


@pytest.mark.parametrize(
    ("copy", "expected"),
    [
        (CopyAtCount(scanned=True, expected_location_id=1), "found"),
        (CopyAtCount(scanned=True, scanned_location_id=1, expected_location_id=1), "found"),
        # Scanned while counting another shelf.
        (CopyAtCount(scanned=True, scanned_location_id=2, expected_location_id=1), "misplaced"),
        # Seen is seen: scanned, then lent before closing.
        (CopyAtCount(scanned=True, movement="on_loan"), "found"),
        # Scanned here though the catalogue has it elsewhere: it is here.
        (CopyAtCount(scanned=True, at_library=False), "found"),
        (CopyAtCount(scanned=False, movement="on_loan"), "not_missing"),
        (CopyAtCount(scanned=False, movement="in_transit"), "not_missing"),
        (CopyAtCount(scanned=False, movement="rotation"), "not_missing"),
        (CopyAtCount(scanned=False, movement="transfer"), "not_missing"),
        (CopyAtCount(scanned=False, movement="mobile"), "not_missing"),
        # Returned at the desk during the count and not back on its shelf yet.
        (CopyAtCount(scanned=False, moved_during=True), "not_missing"),
        # The catalogue has it at another library (returned there, floating).
        (CopyAtCount(scanned=False, at_library=False), "misplaced"),
        (CopyAtCount(scanned=False), "missing"),
        (CopyAtCount(scanned=False, expected_location_id=3), "missing"),
    ],
)
def test_outcome_of_a_copy(copy, expected):
    assert policies.outcome(copy) == expected


@pytest.mark.parametrize(
    ("is_copy", "status", "owned_here", "expected"),
    [
        (False, "", False, "not_a_copy"),
        (True, "withdrawn", True, "withdrawn"),
        (True, "lost", True, "lost"),
        (True, "available", False, "other_library"),
        (True, "available", True, "out_of_scope"),
    ],
)
def test_why_a_scanned_barcode_is_unknown(is_copy, status, owned_here, expected):
    assert (
        policies.unknown_reason(is_copy=is_copy, status=status, owned_here=owned_here) == expected
    )
    assert expected in policies.UNKNOWN_REASONS


@pytest.mark.parametrize(
    ("call_number", "start", "end", "inside"),
    [
        ("300", "300", "399", True),
        ("399.1 NG-A", "300", "399", True),  # the end is a prefix too
        ("400", "300", "399", False),
        ("299.9", "300", "399", False),
        ("895.922 v500t", "895", "895.9229", True),  # case does not matter
        ("", "300", "399", False),
    ],
)
def test_call_number_range(call_number, start, end, inside):
    assert policies.call_number_in_range(call_number, start, end) is inside


@pytest.mark.parametrize(
    ("locations", "start", "end", "refusal"),
    [
        (0, "", "", None),  # the whole library
        (2, "", "", None),
        (0, "300", "399", None),
        (0, "300", "300", None),
        (1, "300", "399", "bad_scope"),
        (0, "300", "", "bad_range"),
        (0, "", "399", "bad_range"),
        (0, "400", "399", "bad_range"),
    ],
)
def test_scope_refusal(locations, start, end, refusal):
    assert policies.scope_refusal(locations=locations, start=start, end=end) == refusal


@pytest.mark.parametrize(
    ("missing", "in_scope", "rate"),
    [(0, 100, 0.0), (3, 200, 1.5), (1, 3, 33.33), (0, 0, None)],
)
def test_missing_rate(missing, in_scope, rate):
    assert policies.missing_rate(missing=missing, in_scope=in_scope) == rate


def test_a_scanner_file_is_read_with_or_without_timestamps_and_bad_lines_reported():
    lines = [
        "\ufeffcx001\n",  # byte-order mark, lower case: the normal form is upper case
        "CX002\t2026-03-02 10:15:04\n",
        "02/03/2026 10:16;CX003\n",
        "\n",  # blank: skipped, not reported
        "CX004,not a time\n",
        "CX 005\n",
        "A,B,C\n",
        "CX001\n",
    ]
    result = scanfile.read(lines)
    moment = dt.datetime(2026, 3, 2, 10, 15, 4, tzinfo=clock.VIETNAM)
    assert result.scans == [
        ("CX001", None),
        ("CX002", moment),
        ("CX003", dt.datetime(2026, 3, 2, 10, 16, tzinfo=clock.VIETNAM)),
        ("CX001", None),
    ]
    assert [(line.number, line.reason) for line in result.bad] == [
        (5, "bad_timestamp"),
        (6, "not_a_barcode"),
        (7, "too_many_columns"),
    ]
    assert result.bad_count == 3
