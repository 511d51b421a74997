"""MARC in and out: the import loop and the export.

By area: `importer` (read, de-duplicate, write through catalog.services in batches, report per
record; `_duplicates` finds the records a batch duplicates), `options` (what an import is
asked to do, checked before it starts, and its counts), `export` (ISO 2709 or MARCXML).
"""

from libnet.interop.services.export import export_records
from libnet.interop.services.importer import (
    BATCH_SIZE,
    BatchCallback,
    FailureCallback,
    ProgressCallback,
    Resume,
    batch_size,
    import_marc_file,
)
from libnet.interop.services.options import (
    ENCODINGS,
    FORMATS,
    HOLDINGS_MODES,
    ON_DUPLICATE,
    ImportCounts,
    ImportOptions,
    ImportOptionsInvalid,
    check_options,
    resolve_library_map,
)

__all__ = [
    "BATCH_SIZE",
    "ENCODINGS",
    "FORMATS",
    "HOLDINGS_MODES",
    "ON_DUPLICATE",
    "BatchCallback",
    "FailureCallback",
    "ImportCounts",
    "ImportOptions",
    "ImportOptionsInvalid",
    "ProgressCallback",
    "Resume",
    "batch_size",
    "check_options",
    "export_records",
    "import_marc_file",
    "resolve_library_map",
]
