"""libnet report --library CODE --period 2026-10|2026-Q3|2026|2026-EY [--format json|xlsx|pdf]
prints a library's report, as its page shows it; [--rollup] [--by admin_unit] the live figures."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core.commands import LibnetCommand
from libnet.network.models import Library
from libnet.planning import access, documents, selectors


class Command(LibnetCommand):
    help = gettext_noop(
        "Print the report of a library for a period as JSON (the figures of its report page), "
        "or write its report form as XLSX or PDF; with --rollup, print instead the live "
        "figures of the library and every library below it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--library", required=True, help=_("library code, e.g. SL-TVT"))
        parser.add_argument(
            "--period",
            required=True,
            help=_("2026-10 (month), 2026-Q3 (quarter), 2026 (year), 2026-EY (evaluation year)"),
        )
        parser.add_argument(
            "--rollup",
            action="store_true",
            help=_(
                "JSON only: the live figures of the library and the libraries below it in that "
                "period, not its report"
            ),
        )
        parser.add_argument(
            "--by",
            choices=["admin_unit"],
            help=_("JSON only: also split the figures by the administrative units of the period"),
        )
        parser.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json")
        parser.add_argument("--out", help=_("file to write (default: standard output)"))

    def handle_command(self, *args: Any, **options: Any) -> None:
        period = access.period_from(options["period"])
        library = Library.objects.filter(code=options["library"].strip().upper()).first()
        if library is None:
            raise CommandError(
                _("No library with the code %(code)s.") % {"code": options["library"]}
            )
        rollup = bool(options["rollup"])
        if options["format"] != "json" and (rollup or options["by"]):
            raise CommandError(
                _(
                    "The form (xlsx, pdf) is the library's report; --rollup and --by give live "
                    "figures, as JSON only."
                )
            )
        if options["format"] == "json":
            figures = (
                selectors.figures_object(library, period, rollup=rollup, by=options["by"])
                if rollup or options["by"]
                else selectors.report_object(library, period)
            )
            output = json.dumps(figures, ensure_ascii=False)
            if options["out"]:
                Path(options["out"]).write_text(output + "\n", encoding="utf-8")
            else:
                self.stdout.write(output)
            return
        sheet = selectors.report_sheet(library, period)
        content = (
            documents.report_xlsx(sheet)
            if options["format"] == "xlsx"
            else documents.report_pdf(sheet)
        )
        if options["out"]:
            Path(options["out"]).write_bytes(content)
        else:
            sys.stdout.buffer.write(content)
