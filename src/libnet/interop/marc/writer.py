"""Writing MARC files: ISO 2709 or MARCXML (MARC21slim), one record at a time."""

from __future__ import annotations

from types import TracebackType
from typing import IO

import pymarc

MARCXML_HEADER = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<collection xmlns="http://www.loc.gov/MARC21/slim" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    b'xsi:schemaLocation="http://www.loc.gov/MARC21/slim '
    b'http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd">\n'
)
MARCXML_FOOTER = b"</collection>\n"


def _first_data(record: pymarc.Record) -> int:
    for position, marc_field in enumerate(record.fields):
        if not marc_field.is_control_field():
            return position
    return len(record.fields)


class MarcWriter:
    """Stream records to `out` as ISO 2709 or MARCXML; use as a context manager."""

    def __init__(self, out: IO[bytes], file_format: str) -> None:
        if file_format not in ("iso2709", "marcxml"):
            raise ValueError(f"unknown MARC format {file_format!r}")
        self.out = out
        self.file_format = file_format
        self.count = 0

    def __enter__(self) -> MarcWriter:
        if self.file_format == "marcxml":
            self.out.write(MARCXML_HEADER)
        return self

    def write(self, record: pymarc.Record) -> None:
        # libnet stores UTF-8 only; leader/09 says so in every file it writes.
        record.leader = pymarc.Leader(str(record.leader)[:9] + "a" + str(record.leader)[10:])
        if self.file_format == "marcxml":
            # MARC21slim wants every control field before the first data field; some source
            # files (Sirsi via Evergreen) have an 008 after the 020. Stable otherwise.
            if any(f.is_control_field() for f in record.fields[_first_data(record) :]):
                record.fields.sort(key=lambda f: not f.is_control_field())
            # Records inherit the collection's default namespace.
            self.out.write(pymarc.record_to_xml(record))  # type: ignore[no-untyped-call]  # pymarc is untyped
            self.out.write(b"\n")
        else:
            self.out.write(record.as_marc())
        self.count += 1

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.file_format == "marcxml":
            self.out.write(MARCXML_FOOTER)
