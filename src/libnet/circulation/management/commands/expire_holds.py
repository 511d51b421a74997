"""libnet expire_holds [--on YYYY-MM-DD]: close the holds nobody collected in time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.circulation import services
from libnet.core import clock
from libnet.core.commands import LibnetCommand


class Command(LibnetCommand):
    help = gettext_noop(
        "Expire the holds whose copy waited on the hold shelf past its last day; "
        "each copy goes to the next reader waiting, or home. Run it once a day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--on", help=_("the day to expire for, YYYY-MM-DD (default: today in Vietnam)")
        )

    def handle_command(self, *args: Any, **options: Any) -> None:
        on = clock.today()
        if options["on"]:
            try:
                on = dt.date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError(
                    _("Not a date (YYYY-MM-DD): %(value)s") % {"value": options["on"]}
                ) from None
        expired = services.expire_holds(on=on)
        self.stdout.write(
            _("%(count)s holds expired (last day to collect before %(day)s).")
            % {"count": expired, "day": on.strftime("%d/%m/%Y")}
        )
