"""libnet import_authorities FILE... [--library CODE] [--format F] [--encoding E] [--no-link]
[--report FILE] [--json]

Imports MARC 21 authority records (personal names, corporate names, subjects) for the
provincial library, whose cataloguers keep the network's authorities (--library names it
when the network has several provincial libraries). A record whose 001/003 is known updates
that authority; one whose heading is already an authority's is skipped. Then every record
of the catalogue is linked to its headings' authorities again (not with --no-link).

Exit status: 0 when every record was imported (or skipped), 1 when some failed, 2 for a
usage error, an unreadable file, or a library that may not write authorities.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.catalog.errors import CatalogForbidden
from libnet.catalog.services import authorities as authority_services
from libnet.core import text
from libnet.core.commands import LibnetCommand
from libnet.interop import services
from libnet.interop.management import arguments
from libnet.interop.management.arguments import USAGE_ERROR
from libnet.interop.marc import reader
from libnet.interop.services.authorities import AuthorityImportCounts, import_authority_file
from libnet.network.models import Library, LibraryKind


class Command(LibnetCommand):
    help = gettext_noop(
        "Import MARC 21 authority records (ISO 2709 or MARCXML) and link the catalogue's headings to them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--library",
            help=_("code of the provincial library the import is made for (default: the only one)"),
        )
        parser.add_argument(
            "--format", dest="file_format", default="auto", choices=services.FORMATS
        )
        parser.add_argument("--encoding", default="auto", choices=services.ENCODINGS)
        parser.add_argument(
            "--no-link",
            action="store_true",
            help=_("do not link the catalogue's records to the authorities afterwards"),
        )
        parser.add_argument("--report", help=_("write the per-record error report to this file"))
        parser.add_argument(
            "--json", action="store_true", help=_("end with one JSON line of counts")
        )

    def handle_command(self, *args: Any, **options: Any) -> None:
        logging.getLogger("pymarc").setLevel(logging.ERROR)
        paths = [Path(name) for name in options["files"]]
        for path in paths:
            arguments.check_readable(path, options["file_format"])
        library = self._library(options["library"])
        report = open(options["report"], "w", encoding="utf-8") if options["report"] else None  # noqa: SIM115 — closed in finally, spans the loop
        total = AuthorityImportCounts()
        try:
            for path in paths:
                counts = self._import_one(path, library, options, report)
                for name, value in counts.as_dict().items():
                    setattr(total, name, getattr(total, name) + value)
        finally:
            if report is not None:
                report.close()
        if not options["no_link"] and (total.created or total.updated):
            total.links = authority_services.link_catalogue()
        if options["json"]:
            self.stdout.write(json.dumps(total.as_dict()))
        else:
            self.stdout.write(
                _(
                    "%(records_read)s authority records read: %(created)s created, %(updated)s updated, "
                    "%(skipped)s skipped (heading already there), %(failed)s failed; "
                    "%(links)s headings of catalogue records linked."
                )
                % total.as_dict()
            )
        if total.failed:
            raise CommandError(
                _("%(failed)s records could not be imported; see the report.")
                % {"failed": total.failed},
                returncode=1,
            )

    def _library(self, code: str | None) -> Library:
        if code:
            library = Library.objects.filter(code=text.identifier(code)).first()
            if library is None:
                raise CommandError(
                    _("No library with code %(code)s.") % {"code": code}, returncode=USAGE_ERROR
                )
            return library
        provincial = list(Library.objects.filter(kind=LibraryKind.PROVINCIAL)[:2])
        if len(provincial) != 1:
            raise CommandError(
                _("Name the provincial library the import is made for: --library CODE."),
                returncode=USAGE_ERROR,
            )
        return provincial[0]

    def _import_one(
        self, path: Path, library: Library, options: dict[str, Any], report: Any
    ) -> AuthorityImportCounts:
        bar = arguments.progress_bar(path)
        show_progress = not bar.disable

        def on_failure(line: str) -> None:
            line = f"{path.name}: {line}"
            if report is not None:
                report.write(line + "\n")
            if show_progress:
                bar.write(line, file=sys.stderr)
            else:
                self.stderr.write(line)

        def on_progress(offset: int) -> None:
            bar.update(offset - bar.n)

        try:
            return import_authority_file(
                path=path,
                by=None,
                library=library,
                file_format=options["file_format"],
                encoding=options["encoding"],
                link=False,
                on_failure=on_failure,
                on_progress=on_progress,
            )
        except reader.UnreadableFile as error:
            raise CommandError(
                _("%(file)s: %(reason)s") % {"file": path, "reason": error}, returncode=USAGE_ERROR
            ) from error
        except CatalogForbidden as error:
            raise CommandError(error.message, returncode=USAGE_ERROR) from error
        finally:
            bar.close()
