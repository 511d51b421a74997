"""libnet restore DIR: put a backup back, replacing the database and libnet's files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core import backup
from libnet.core.commands import LibnetCommand


class Command(LibnetCommand):
    help = gettext_noop(
        "Restore a backup made by `libnet backup`: the database, its search index and the "
        "files. Asks before replacing a database that holds data, unless --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help=_("the folder of the backup"))
        parser.add_argument(
            "--yes", action="store_true", help=_("replace the data present without asking")
        )

    def handle_command(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        manifest = backup.verify(directory)
        replace = bool(options["yes"])
        present = backup.rows_present()
        if present and not replace:
            if not sys.stdin.isatty():
                raise CommandError(
                    str(backup.BackupRefused("database_not_empty", rows=present).message)
                )
            answer = input(
                _(
                    "The database holds %(rows)s rows. Replace everything with the backup of "
                    "%(date)s? Type yes to go on: "
                )
                % {"rows": present, "date": manifest.created_at}
            )
            if answer.strip().lower() not in {"yes", "có", "co", "y"}:
                raise CommandError(_("Nothing was restored."))
            replace = True
        backup.restore(directory, replace=replace)
        self.stdout.write(
            _("Restored the backup of %(date)s: %(rows)s rows, %(files)s files; checks passed.")
            % {
                "date": manifest.created_at,
                "rows": sum(manifest.counts.values()),
                "files": sum(manifest.files.values()),
            }
        )
