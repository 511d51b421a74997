"""libnet import_marc FILE... --library CODE [--format F] [--encoding E] [--on-duplicate D]
[--holdings H] [--library-map SRC=CODE ...] [--report FILE] [--json]

The command is the server administrator's, run on behalf of --library: replace and merge
change a shared record only where that library may (catalog.policies.record_change_refusal:
the records it created, or any record when it is the provincial library). Another library's
record is kept as it was, reported, and still gets the file's copies.

Exit status: 0 when every record was imported (or skipped as a duplicate), 1 when some
records failed or were kept as they were, 2 for a usage error, an unreadable file or an
unknown library. Warnings (a record imported with repairs, a copy kept with a value dropped)
do not change it.

The report (--report) has two sections: the failures, then the warnings, each line naming
the record by number, byte offset and 001.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from tqdm import tqdm

from libnet.core import text
from libnet.core.commands import LibnetCommand
from libnet.interop import services
from libnet.interop.management import arguments
from libnet.interop.management.arguments import USAGE_ERROR
from libnet.interop.marc import reader
from libnet.network.models import Library


class Command(LibnetCommand):
    help = gettext_noop(
        "Import MARC records (ISO 2709 or MARCXML, MARC-8 or UTF-8) with their copies."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--library",
            required=True,
            help=_("code of the library that gets the copies"),
        )
        parser.add_argument(
            "--format", dest="file_format", default="auto", choices=services.FORMATS
        )
        parser.add_argument("--encoding", default="auto", choices=services.ENCODINGS)
        parser.add_argument(
            "--on-duplicate",
            default="skip",
            choices=services.ON_DUPLICATE,
            help=_(
                "replace and merge change only the records --library may change: those it "
                "created, or any record for the provincial library"
            ),
        )
        arguments.add_copy_and_report_arguments(parser)

    def handle_command(self, *args: Any, **options: Any) -> None:
        # pymarc logs every oddity it meets; the importer reports them per record instead.
        logging.getLogger("pymarc").setLevel(logging.ERROR)
        library_map = arguments.library_map(options["library_map"])
        import_options = services.ImportOptions(
            file_format=options["file_format"],
            encoding=options["encoding"],
            on_duplicate=options["on_duplicate"],
            holdings=options["holdings"],
            library_map=library_map,
        )
        paths = [Path(name) for name in options["files"]]
        for path in paths:
            arguments.check_readable(path, options["file_format"])
        library = Library.objects.filter(code=text.identifier(options["library"])).first()
        if library is None:
            raise CommandError(
                _("No library with code %(code)s.") % {"code": options["library"]},
                returncode=USAGE_ERROR,
            )
        try:
            services.resolve_library_map(library_map)
        except services.ImportOptionsInvalid as error:
            raise CommandError(str(error), returncode=USAGE_ERROR) from error
        report = _Report() if options["report"] else None
        total = services.ImportCounts()
        try:
            for path in paths:
                total.add(self._import_one(path, library, import_options, report))
        finally:
            if report is not None:
                report.write_to(Path(options["report"]))
        if options["json"]:
            self.stdout.write(json.dumps(total.as_dict()))
        else:
            self.stdout.write(
                _(
                    "%(records_read)s records read: %(created)s created, %(updated)s updated, "
                    "%(skipped)s skipped, %(failed)s failed, %(refused)s kept as they were "
                    "(another library's records); %(items_created)s copies added, "
                    "%(items_failed)s refused; %(warnings)s warnings."
                )
                % total.as_dict()
            )
        if total.failed:
            raise CommandError(
                _("%(failed)s records could not be imported; see the report.")
                % {"failed": total.failed},
                returncode=1,
            )
        if total.refused:
            raise CommandError(
                _(
                    "%(refused)s records belong to other libraries and were not changed; see the report."
                )
                % {"refused": total.refused},
                returncode=1,
            )

    def _import_one(
        self, path: Path, library: Library, import_options, report
    ) -> services.ImportCounts:
        bar = arguments.progress_bar(path)
        show_progress = not bar.disable

        def on_failure(line: str) -> None:
            line = f"{path.name}: {line}"
            if report is not None:
                report.failures.write(line + "\n")
            self._say(line, bar if show_progress else None)

        def on_warning(line: str) -> None:
            line = f"{path.name}: {line}"
            if report is not None:
                report.warnings.write(line + "\n")
            self._say(_("warning: %(line)s") % {"line": line}, bar if show_progress else None)

        def on_progress(bytes_read: int, counts: services.ImportCounts) -> None:
            bar.update(bytes_read - bar.n)

        try:
            return services.import_marc_file(
                path=path,
                library=library,
                by=None,
                options=import_options,
                on_failure=on_failure,
                on_warning=on_warning,
                on_progress=on_progress,
            )
        except reader.UnreadableFile as error:
            raise CommandError(
                _("%(file)s: %(reason)s") % {"file": path, "reason": error}, returncode=USAGE_ERROR
            ) from error
        finally:
            bar.close()

    def _say(self, line: str, bar: tqdm | None) -> None:
        if bar is not None:
            bar.write(line, file=sys.stderr)
        else:
            self.stderr.write(line)


class _Report:
    """The per-record report: failures and warnings kept apart while the files are read
    (spooled to disk past a megabyte: memory stays flat), written as two sections."""

    def __init__(self) -> None:
        # Closed by write_to, at the end of the run.
        self.failures = tempfile.SpooledTemporaryFile(1 << 20, mode="w+", encoding="utf-8")  # noqa: SIM115
        self.warnings = tempfile.SpooledTemporaryFile(1 << 20, mode="w+", encoding="utf-8")  # noqa: SIM115

    def write_to(self, path: Path) -> None:
        with path.open("w", encoding="utf-8") as out:
            for heading, lines in (
                (_("Failures: records not imported, copies not added"), self.failures),
                (
                    _("Warnings: records imported with repairs, copies kept with a value dropped"),
                    self.warnings,
                ),
            ):
                out.write(f"# {heading}\n")
                lines.seek(0)
                shutil.copyfileobj(lines, out)
                lines.close()
