"""libnet import_pupils --library CODE FILE [--dry-run] [--class 6A] [--json]
    [--consents-collected-on YYYY-MM-DD --consents-collected-by TEXT]

Without --consents-collected-*, the pupils' cards are issued but wait for the consents their
age needs (recorded on each reader's page) before they can be used.

Exit status: 0 when every row was imported, 1 when some rows failed, 2 for a usage error, an
unreadable file or an unknown library.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core import text
from libnet.core.commands import LibnetCommand
from libnet.core.errors import LibnetError
from libnet.network.models import Library
from libnet.patrons import imports

USAGE_ERROR = 2


class Command(LibnetCommand):
    help = gettext_noop(
        "Import a school's pupils from a class list (XLSX or CSV) and issue their cards."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--library", required=True, help=_("code of the school library the pupils belong to")
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("check the file and show what would happen, without saving anything"),
        )
        parser.add_argument(
            "--class",
            dest="default_class",
            default="",
            help=_("class of the rows that have none (a file that is one class's list)"),
        )
        parser.add_argument(
            "--json", action="store_true", help=_("end with one JSON line of counts")
        )
        parser.add_argument(
            "--consents-collected-on",
            metavar="YYYY-MM-DD",
            help=_(
                "the school collected signed consent forms on this day (the parent's name "
                "is a column of the file): they are recorded with each pupil"
            ),
        )
        parser.add_argument(
            "--consents-collected-by",
            default="",
            help=_("who collected the consent forms, e.g. 'form teacher of 6A'"),
        )

    def handle_command(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": path, "reason": error.strerror},
                returncode=USAGE_ERROR,
            ) from error
        consents = self._consents(options)
        library = Library.objects.filter(code=text.identifier(options["library"])).first()
        if library is None:
            raise CommandError(
                _("No library with code %(code)s.") % {"code": options["library"]},
                returncode=USAGE_ERROR,
            )
        try:
            report = imports.import_pupils(
                school=library,
                raw=raw,
                filename=path.name,
                by=None,
                dry_run=options["dry_run"],
                default_class=options["default_class"],
                consents=consents,
            )
        except LibnetError as error:
            raise CommandError(f"{path.name}: {error.message}", returncode=USAGE_ERROR) from error
        for row in report.failures:
            self.stderr.write(
                _("row %(number)s (%(name)s): %(reason)s")
                % {"number": row.number, "name": row.full_name or "—", "reason": row.message}
            )
        if report.waiting:
            self.stdout.write(
                _(
                    "%(count)s cards wait for the consents their pupils' age needs; record them on each reader's page."
                )
                % {"count": report.waiting}
            )
        if report.ignored_headers:
            self.stdout.write(
                _("Columns not imported: %(columns)s")
                % {"columns": ", ".join(report.ignored_headers)}
            )
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict()))
        else:
            summary = (
                _(
                    "Dry run, nothing saved: %(created)s pupils would be added, %(updated)s updated, %(failed)s rows refused."
                )
                if report.dry_run
                else _("%(created)s pupils added, %(updated)s updated, %(failed)s rows refused.")
            )
            self.stdout.write(summary % report.as_dict())
        if report.failed:
            raise CommandError(
                _("%(failed)s rows could not be imported; see the messages above.")
                % {"failed": report.failed},
                returncode=1,
            )

    def _consents(self, options: dict[str, Any]) -> imports.CollectedConsents | None:
        on, by = options.get("consents_collected_on"), options.get("consents_collected_by", "")
        if not on and not by:
            return None
        if not on or not by:
            raise CommandError(
                _("Give both --consents-collected-on and --consents-collected-by."),
                returncode=USAGE_ERROR,
            )
        try:
            day = dt.date.fromisoformat(on)
        except ValueError:
            raise CommandError(
                _("%(value)s is not a date: write it as YYYY-MM-DD.") % {"value": on},
                returncode=USAGE_ERROR,
            ) from None
        return imports.CollectedConsents(given_on=day, collected_by=by)
