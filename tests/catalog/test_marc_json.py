"""MARC-in-JSON as the catalogue stores it (catalog.marc.record_to_json)."""

from __future__ import annotations

import json

from libnet.catalog import marc
from libnet.interop.marc import reader


def test_the_stored_json_is_pymarcs_as_dict_for_every_shared_record(shared_data):
    """record_to_json walks the fields itself (an import builds one per record); its JSON
    text is pymarc's `as_dict` to the byte (same keys, same order) on every record of
    ../shared/data/marc, control fields, empty indicators and repaired records included."""
    compared = 0
    for path in sorted((shared_data / "marc").rglob("*")):
        if path.suffix not in (".mrc", ".marc", ".dat", ".bin", ".xml"):
            continue
        with path.open("rb") as stream:
            try:
                reads = list(reader.read_records(stream))
            except reader.UnreadableFile:
                continue
        for read in reads:
            if read.record is None:
                continue
            ours, pymarcs = marc.record_to_json(read.record), read.record.as_dict()
            assert json.dumps(ours) == json.dumps(pymarcs), (path.name, read.number)
            compared += 1
    assert compared > 2000
