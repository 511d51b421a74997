"""libnet import_mobile_ops FILE --user NAME: apply scans a tablet exported at a stop."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core.commands import LibnetCommand
from libnet.mobile import policies, services
from libnet.mobile.models import OperationResult

USAGE_ERROR = 2


class Command(LibnetCommand):
    help = gettext_noop(
        "Apply the scans a mobile-library tablet exported as a JSON file, once each and in "
        "order, as the given staff user. Operations already applied are reported, not repeated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("JSON file exported by the stop page"))
        parser.add_argument("--user", required=True, help=_("username of the crew member"))

    def handle_command(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(
                _("No user with this name: %(name)s.") % {"name": options["user"]},
                returncode=USAGE_ERROR,
            )
        path: Path = options["file"]
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": path, "reason": error},
                returncode=USAGE_ERROR,
            ) from error
        operations = data.get("operations") if isinstance(data, dict) else None
        if not isinstance(operations, list) or not all(isinstance(op, dict) for op in operations):
            raise CommandError(
                _("%(file)s is not an export of the stop page: no list of operations.")
                % {"file": path},
                returncode=USAGE_ERROR,
            )
        outcomes = services.sync_operations(
            user=user, operations=operations, max_age=policies.MAX_IMPORTED_SCAN_AGE
        )
        refused = 0
        for number, outcome in enumerate(outcomes, start=1):
            if outcome.result == OperationResult.OK:
                self.stdout.write(
                    _("operation %(number)s (%(uuid)s): %(code)s")
                    % {"number": number, "uuid": outcome.client_uuid, "code": outcome.code}
                )
            else:
                refused += 1
                self.stderr.write(
                    _("operation %(number)s (%(uuid)s): refused, %(code)s: %(message)s")
                    % {
                        "number": number,
                        "uuid": outcome.client_uuid,
                        "code": outcome.code,
                        "message": outcome.message,
                    }
                )
        self.stdout.write(
            _("%(done)s operations applied, %(refused)s refused.")
            % {"done": len(outcomes) - refused, "refused": refused}
        )
        if refused:
            raise CommandError(
                _("%(refused)s operations were refused; see the lines above.")
                % {"refused": refused},
                returncode=1,
            )
