"""libnet harvest URL --library CODE [--set S] [--prefix P] [--full | --from DATE]
[--on-duplicate D] [--holdings H] [--library-map SRC=CODE ...] [--report FILE] [--json]

Pull the MARCXML records of another catalogue's OAI-PMH base URL (another libnet, Koha,
DSpace) into this one, through the tolerant import of `import_marc`, from where the last
harvest of the same URL, set and format ended (interop/oai/harvester.py).

Exit status: 0 when every record was imported (or skipped as unchanged), 1 when some records
failed or were kept as they were, 2 for a usage error, an unknown library, or a source that
cannot be harvested (unreachable, an OAI-PMH error, not OAI-PMH).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core import text
from libnet.core.commands import LibnetCommand
from libnet.interop import services
from libnet.interop.management import arguments
from libnet.interop.management.arguments import USAGE_ERROR
from libnet.interop.oai import harvester
from libnet.interop.oai.errors import OaiError
from libnet.interop.oai.protocol import parse_bound
from libnet.network.models import Library


class Command(LibnetCommand):
    help = gettext_noop(
        "Harvest MARCXML records from another catalogue over OAI-PMH, from where the last harvest ended."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url", metavar="URL", help=_("the OAI-PMH base URL"))
        parser.add_argument(
            "--library", required=True, help=_("code of the library that gets the copies")
        )
        parser.add_argument("--set", dest="set_spec", default="", help=_("harvest only this set"))
        parser.add_argument(
            "--prefix",
            default="",
            help=_("metadata prefix (default: the source's first MARCXML format)"),
        )
        since = parser.add_mutually_exclusive_group()
        since.add_argument(
            "--full", action="store_true", help=_("harvest everything, not only what changed")
        )
        since.add_argument(
            "--from", dest="since", default="", help=_("harvest what changed from this date")
        )
        parser.add_argument("--on-duplicate", default="replace", choices=services.ON_DUPLICATE)
        arguments.add_copy_and_report_arguments(parser)

    def handle_command(self, *args: Any, **options: Any) -> None:
        # pymarc logs every oddity it meets; the importer reports them per record instead.
        logging.getLogger("pymarc").setLevel(logging.CRITICAL)
        library = Library.objects.filter(code=text.identifier(options["library"])).first()
        if library is None:
            raise CommandError(
                _("No library with code %(code)s.") % {"code": options["library"]},
                returncode=USAGE_ERROR,
            )
        if options["since"]:
            try:
                parse_bound("from", options["since"])
            except OaiError as error:
                raise CommandError(error.message, returncode=USAGE_ERROR) from error
        library_map = arguments.library_map(options["library_map"])
        import_options = services.ImportOptions(
            on_duplicate=options["on_duplicate"],
            holdings=options["holdings"],
            library_map=library_map,
        )
        report = open(options["report"], "w", encoding="utf-8") if options["report"] else None  # noqa: SIM115 — closed in finally, spans the harvest

        def on_failure(line: str) -> None:
            if report is not None:
                report.write(line + "\n")
            self.stderr.write(line)

        try:
            result = harvester.harvest(
                url=options["url"],
                library=library,
                set_spec=options["set_spec"],
                metadata_prefix=options["prefix"],
                options=import_options,
                full=options["full"],
                since=options["since"],
                on_failure=on_failure,
            )
        except (harvester.HarvestFailed, services.ImportOptionsInvalid) as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from error
        finally:
            if report is not None:
                report.close()
        counts = result.counts
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict()))
        else:
            self.stdout.write(
                _(
                    "%(records_read)s records harvested in %(pages)s pages: %(created)s created, "
                    "%(updated)s updated, %(skipped)s unchanged, %(failed)s failed, %(refused)s "
                    "kept as they were (another library's records); %(items_created)s copies "
                    "added; %(deleted_at_source)s deleted at the source (not deleted here). "
                    "Next harvest from %(next_from)s."
                )
                % result.as_dict()
            )
        if result.not_marc:
            raise CommandError(
                _("%(count)s records were not MARCXML; harvest a MARC format (--prefix).")
                % {"count": result.not_marc},
                returncode=1,
            )
        if counts.failed or counts.refused:
            raise CommandError(
                _(
                    "%(failed)s records could not be imported and %(refused)s were kept as they were; see the report."
                )
                % {"failed": counts.failed, "refused": counts.refused},
                returncode=1,
            )
