"""libnet check_fixity [-v 2]: re-read every original of the digital library and compare its
SHA-256 with the one kept; exit status 1 when a file is changed or missing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core.commands import LibnetCommand
from libnet.digital import fixity
from libnet.digital.models import FixityProblemKind


class Command(LibnetCommand):
    help = gettext_noop(
        "Re-read every original file of the digital library and compare it with the checksum "
        "taken when it arrived; report each file changed or missing (exit status 1). Run it "
        "nightly."
    )

    def handle_command(self, *args: Any, **options: Any) -> None:
        verbose = int(options.get("verbosity", 1)) >= 2

        def report(result: fixity.FileResult) -> None:
            digital_file = result.file
            where = {"path": digital_file.path, "object": digital_file.object_id}
            if result.kind == FixityProblemKind.CHANGED:
                self.stdout.write(
                    _("CHANGED  %(path)s (object %(object)s): its checksum is now %(found)s")
                    % {**where, "found": result.found_sha256}
                )
            elif result.kind == FixityProblemKind.MISSING:
                self.stdout.write(_("MISSING  %(path)s (object %(object)s)") % where)
            elif verbose:
                self.stdout.write(_("ok       %(path)s") % where)

        run = fixity.run_check(report=report)
        summary = _("%(checked)s files checked, %(problems)s changed or missing.") % {
            "checked": run.files_checked,
            "problems": run.problems,
        }
        if run.problems:
            raise CommandError(
                summary + " " + _("Restore those files from the latest good backup."),
                returncode=1,
            )
        self.stdout.write(summary)
