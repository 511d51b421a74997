"""Bulk import of a school's pupils from the class lists schools keep in Excel or CSV.

Columns are found by their header, in Vietnamese or English, wherever the header row is (school
lists often start with the school's name and a title). Each row is imported in its own
savepoint: a bad row is reported with its number and a reason, and leaves nothing behind. A
pupil already at the school (same folded name and date of birth) is updated, not duplicated.
A dry run does the whole import and rolls it back, so the preview is exactly what will happen.

By step: `reading` (the file and its header row), `values` (the cells), `pupils` (the import).
"""

from libnet.patrons.imports.pupils import (
    CollectedConsents,
    ImportReport,
    RowResult,
    import_pupils,
)
from libnet.patrons.imports.reading import (
    HEADER_SEARCH_ROWS,
    HEADERS,
    LOST_LETTER,
    MAX_FILE_BYTES,
    ReadFile,
    SourceRow,
    columns_of,
    read_pupil_file,
)
from libnet.patrons.imports.values import RowError, parse_birth_date, parse_gender

__all__ = [
    "HEADERS",
    "HEADER_SEARCH_ROWS",
    "LOST_LETTER",
    "MAX_FILE_BYTES",
    "CollectedConsents",
    "ImportReport",
    "ReadFile",
    "RowError",
    "RowResult",
    "SourceRow",
    "columns_of",
    "import_pupils",
    "parse_birth_date",
    "parse_gender",
    "read_pupil_file",
]
