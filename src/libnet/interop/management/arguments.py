"""What `import_marc` and `harvest` ask alike: where the copies go and how the run reports."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from libnet.interop import services

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
