"""libnet worker [--once]: run the MARC imports and the documents queued from the staff pages,
and the digital library's pages waiting for derivatives or text."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core import jobs as document_jobs
from libnet.core.commands import LibnetCommand
from libnet.digital import processing as digital_processing
from libnet.interop import jobs

POLL_SECONDS = 2


class Command(LibnetCommand):
    help = gettext_noop(
        "Run queued MARC imports and documents; poll every 2 seconds (or once, with --once)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help=_("run what is queued, then exit"))

    def handle_command(self, *args: Any, **options: Any) -> None:
        logging.getLogger("pymarc").setLevel(logging.ERROR)
        while True:
            done = jobs.run_pending_jobs()
            if done:
                self.stdout.write(_("%(count)s import jobs run.") % {"count": done})
            documents = document_jobs.run_pending()
            if documents:
                self.stdout.write(_("%(count)s documents made.") % {"count": documents})
            pages = digital_processing.run_pending()
            if pages:
                self.stdout.write(_("%(count)s digital pages processed.") % {"count": pages})
            document_jobs.purge()
            if options["once"]:
                return
            time.sleep(POLL_SECONDS)
