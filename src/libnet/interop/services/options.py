"""What an import is asked to do (format, encoding, duplicates, holdings, library codes), checked
before it starts, and what it did (its counts)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from libnet.network.models import Library

ON_DUPLICATE = ("skip", "replace", "merge")
HOLDINGS_MODES = ("auto", "852", "949", "952", "none")
FORMATS = ("auto", "iso2709", "marcxml")
ENCODINGS = ("auto", "marc8", "utf8")


class ImportOptionsInvalid(Exception):
    """An option names something that does not exist (a library code, a mode)."""


@dataclass
class ImportOptions:
    file_format: str = "auto"
    encoding: str = "auto"
    on_duplicate: str = "skip"
    holdings: str = "auto"
    # Source library code (as in 852 $a/$b, 949 $m, 952 $a) → libnet library code.
    library_map: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, options: dict[str, Any]) -> ImportOptions:
        """Build options from a job's JSON (keys as on the command line, `format` included)."""
        return cls(
            file_format=str(options.get("format", options.get("file_format", "auto"))),
            encoding=str(options.get("encoding", "auto")),
            on_duplicate=str(options.get("on_duplicate", "skip")),
            holdings=str(options.get("holdings", "auto")),
            library_map={str(k): str(v) for k, v in (options.get("library_map") or {}).items()},
        )


@dataclass
class ImportCounts:
    """What an import did. Every record read is created, updated, skipped, failed or
    refused (a replace or merge the shared-record rule does not allow: the record stays as
    it was, its copies are added). Warnings are records imported with repairs (values out of
    MARC 21 that real exports carry: interop.marc.repairs; one per record), copies kept with a
    value dropped (an acquisition date in the future, a price out of range) or an accession
    number that does not move the register; each has its line in the report's warnings, as
    failures have theirs. Warnings do not change the exit status."""

    records_read: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    refused: int = 0
    items_created: int = 0
    items_failed: int = 0
    warnings: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def add(self, other: ImportCounts) -> None:
        for name, value in other.as_dict().items():
            setattr(self, name, getattr(self, name) + value)


def resolve_library_map(library_map: dict[str, str]) -> dict[str, Library]:
    """Turn SRC=CODE pairs into libraries; raises ImportOptionsInvalid for an unknown code."""
    codes = {code.upper() for code in library_map.values()}
    libraries = {library.code: library for library in Library.objects.filter(code__in=codes)}
    resolved: dict[str, Library] = {}
    for source, code in library_map.items():
        library = libraries.get(code.upper())
        if library is None:
            raise ImportOptionsInvalid(_("No library with code %(code)s.") % {"code": code})
        resolved[source] = library
    return resolved


def check_options(options: ImportOptions) -> None:
    """Raise ImportOptionsInvalid for a mode that does not exist."""
    for value, allowed, name in (
        (options.file_format, FORMATS, "format"),
        (options.encoding, ENCODINGS, "encoding"),
        (options.on_duplicate, ON_DUPLICATE, "on-duplicate"),
        (options.holdings, HOLDINGS_MODES, "holdings"),
    ):
        if value not in allowed:
            raise ImportOptionsInvalid(
                _("--%(name)s must be one of %(allowed)s, not %(value)s.")
                % {"name": name, "allowed": ", ".join(allowed), "value": value}
            )
