"""libnet report --library CODE --period 2026-10|2026-Q3|2026|2026-EY [--rollup] [--by admin_unit]
[--format …]."""

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
        "Print the figures of a library for a period (with the libraries below it with "
        "--rollup) against its plan, as JSON, or write the report form as XLSX or PDF."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--library", required=True, help=_("library code, e.g. SL-TVT"))
        parser.add_argument(
            "--period",
            required=True,
            help=_("2026-10 (month), 2026-Q3 (quarter), 2026 (year), 2026-EY (evaluation year)"),
        )
        parser.add_argument(
            "--rollup", action="store_true", help=_("add the libraries below it in that period")
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
        if options["format"] == "json":
            output = json.dumps(
                selectors.figures_object(library, period, rollup=rollup, by=options["by"]),
                ensure_ascii=False,
            )
            if options["out"]:
                Path(options["out"]).write_text(output + "\n", encoding="utf-8")
            else:
                self.stdout.write(output)
            return
        sheet = selectors.live_sheet(library, period, rollup=rollup)
        content = (
            documents.report_xlsx(sheet)
            if options["format"] == "xlsx"
            else documents.report_pdf(sheet)
        )
        if options["out"]:
            Path(options["out"]).write_bytes(content)
        else:
            sys.stdout.buffer.write(content)
