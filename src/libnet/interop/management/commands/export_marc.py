"""libnet export_marc OUT --format iso2709|marcxml [--library CODE] [--with-items]"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core.commands import LibnetCommand
from libnet.interop import services
from libnet.network.models import Library


class Command(LibnetCommand):
    help = gettext_noop(
        "Export the catalogue as ISO 2709 or MARCXML, optionally with one 852 per copy."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", metavar="OUT", help=_("file to write, or - for standard output"))
        parser.add_argument(
            "--format", dest="file_format", required=True, choices=["iso2709", "marcxml"]
        )
        parser.add_argument("--library", help=_("only records with copies in this library"))
        parser.add_argument("--with-items", action="store_true", help=_("one 852 per copy"))

    def handle_command(self, *args: Any, **options: Any) -> None:
        library = None
        if options["library"]:
            library = Library.objects.filter(code=options["library"].upper()).first()
            if library is None:
                raise CommandError(
                    _("No library with code %(code)s.") % {"code": options["library"]}, returncode=2
                )
        if options["out"] == "-":
            count = services.export_records(
                out=sys.stdout.buffer,
                file_format=options["file_format"],
                library=library,
                with_items=options["with_items"],
            )
            return
        try:
            with open(options["out"], "wb") as out:
                count = services.export_records(
                    out=out,
                    file_format=options["file_format"],
                    library=library,
                    with_items=options["with_items"],
                )
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(reason)s")
                % {"file": options["out"], "reason": error.strerror},
                returncode=2,
            ) from error
        self.stderr.write(
            _("%(count)s records written to %(file)s.") % {"count": count, "file": options["out"]}
        )
