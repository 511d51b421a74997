"""libnet reindex: rebuild the search index from the catalogue (progress bar on a terminal)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from tqdm import tqdm

from libnet.core.commands import LibnetCommand
from libnet.search import index
from libnet.search.models import PageText


class Command(LibnetCommand):
    help = gettext_noop(
        "Rebuild the search index of the catalogue and the page index of the digital library. "
        "Searches keep using the old index until the new one is complete."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-progress", action="store_true", help=_("never show a progress bar")
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=_(
                "processes that build documents alongside this one, for a large catalogue "
                "(default: one per processor; 0 builds everything in this process)"
            ),
        )

    def handle_command(self, *args: Any, **options: Any) -> None:
        bar = tqdm(
            unit=_("records"),
            file=sys.stderr,
            disable=options["no_progress"] or not sys.stderr.isatty(),
        )

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            count = index.rebuild(progress=progress, workers=options["workers"])
        finally:
            bar.close()
        self.stdout.write(_("Search index rebuilt: %(count)s records.") % {"count": count})
        self.stdout.write(
            _("Page index of the digital library rebuilt: %(count)s pages.")
            % {"count": PageText.objects.count()}
        )
