"""What `import_marc`, `import_authorities` and `harvest` ask alike: where the copies go, how
the run reports, whether a file can be read at all, and the progress bar of a file."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from libnet.interop import services
from libnet.interop.marc import reader

USAGE_ERROR = 2  # exit status of a command called wrongly (1: some records failed)


def add_copy_and_report_arguments(parser: CommandParser) -> None:
    parser.add_argument("--holdings", default="auto", choices=services.HOLDINGS_MODES)
    parser.add_argument(
        "--library-map",
        nargs="+",
        default=[],
        metavar="SRC=CODE",
        help=_("copies whose source library code is SRC go to the libnet library CODE"),
    )
    parser.add_argument("--report", help=_("write the per-record error report to this file"))
    parser.add_argument("--json", action="store_true", help=_("end with one JSON line of counts"))


def library_map(pairs: Iterable[str]) -> dict[str, str]:
    """`--library-map SRC=CODE …` as a mapping; a pair without both sides is a usage error."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        source, separator, code = pair.partition("=")
        if not separator or not source or not code:
            raise CommandError(
                _("--library-map takes SRC=CODE pairs, not %(pair)s.") % {"pair": pair},
                returncode=USAGE_ERROR,
            )
        mapping[source] = code
    return mapping


def check_readable(path: Path, file_format: str) -> None:
    """A usage error (exit 2) before anything is imported when `path` cannot be opened or, with
    --format auto, is neither ISO 2709 nor MARCXML."""
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
    except OSError as error:
        raise CommandError(
            _("Cannot read %(file)s: %(reason)s") % {"file": path, "reason": error.strerror},
            returncode=USAGE_ERROR,
        ) from error
    if file_format == "auto":
        try:
            reader.sniff_format(head)
        except reader.UnreadableFile as error:
            raise CommandError(
                _("%(file)s: %(reason)s") % {"file": path, "reason": error},
                returncode=USAGE_ERROR,
            ) from error


def progress_bar(path: Path) -> tqdm[Any]:
    """A bar of the bytes of `path` read, on a terminal only (a cron job's log stays clean)."""
    return tqdm(
        total=path.stat().st_size,
        unit="B",
        unit_scale=True,
        desc=path.name,
        file=sys.stderr,
        disable=not sys.stderr.isatty(),
    )
