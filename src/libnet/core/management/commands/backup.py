"""libnet backup DIR: copy the database and libnet's files into a new folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core import backup
from libnet.core.commands import LibnetCommand


class Command(LibnetCommand):
    help = gettext_noop(
        "Back up the database (with its search index) and the uploaded and generated files "
        "into a new folder. Safe while libnet serves."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help=_("a new or empty folder for the backup"))
        parser.add_argument(
            "--dated",
            action="store_true",
            help=_("make a folder named by the date and time inside DIRECTORY (for nightly runs)"),
        )

    def handle_command(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        if options["dated"]:
            directory = backup.default_directory(directory)
        manifest = backup.backup(directory)
        self.stdout.write(
            _("Backup written to %(path)s: %(rows)s rows, %(files)s files.")
            % {
                "path": directory,
                "rows": sum(manifest.counts.values()),
                "files": sum(manifest.files.values()),
            }
        )
