"""libnet import_visits FILE --library CODE: visits counted by a gate counter, one day a row."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.circulation import services
from libnet.core.commands import LibnetCommand
from libnet.core.text import identifier
from libnet.network.models import Library

USAGE_ERROR = 2


class Command(LibnetCommand):
    help = gettext_noop(
        "Import the visits a gate counter recorded: a CSV file of date,count rows "
        "(YYYY-MM-DD or DD/MM/YYYY). A day imported again is replaced."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("CSV file: date,count"))
        parser.add_argument("--library", required=True, help=_("library code"))

    def handle_command(self, *args: Any, **options: Any) -> None:
        library = Library.objects.filter(code=identifier(options["library"])).first()
        if library is None:
            raise CommandError(
                _("No library with code %(code)s.") % {"code": options["library"]},
                returncode=USAGE_ERROR,
            )
        path: Path = options["file"]
        try:
            # utf-8-sig: spreadsheets save CSV with a byte-order mark.
            with path.open(encoding="utf-8-sig", newline="") as stream:
                result = services.import_visit_counts(
                    library=library, rows=csv.reader(stream), by=None, on_failure=self._report
                )
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": path, "reason": error},
                returncode=USAGE_ERROR,
            ) from error
        self.stdout.write(
            _("%(imported)s days imported, %(failed)s rows refused.")
            % {"imported": result.imported, "failed": result.failed}
        )
        if result.failed:
            raise CommandError(
                _("%(failed)s rows could not be imported; see the lines above.")
                % {"failed": result.failed},
                returncode=1,
            )

    def _report(self, line: str) -> None:
        self.stderr.write(line)
