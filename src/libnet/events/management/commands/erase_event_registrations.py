"""libnet erase_event_registrations: erase the registrations of events that ended 30 days ago."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core.commands import LibnetCommand
from libnet.events import services


class Command(LibnetCommand):
    help = gettext_noop(
        "Erase the names and phones registered for events that ended more than 30 days ago. Run it once a day."
    )

    def handle_command(self, *args: Any, **options: Any) -> None:
        erased = services.erase_expired_registrations()
        self.stdout.write(_("%(count)s registrations erased.") % {"count": erased})
