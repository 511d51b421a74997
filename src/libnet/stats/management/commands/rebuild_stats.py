"""libnet rebuild_stats: recompute the daily figures from the transactions."""

from __future__ import annotations

import time
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core.commands import LibnetCommand
from libnet.stats import rebuild


class Command(LibnetCommand):
    help = gettext_noop(
        "Delete every daily figure and rebuild them from loans, visits, readers, copies, "
        "records, lookups, hand-entered figures and the rotation and mobile apps."
    )

    def handle_command(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = rebuild.rebuild_daily_stats()
        for source, count in result.by_source.items():
            self.stdout.write(
                _("%(source)s: %(count)s rows read.") % {"source": source, "count": count}
            )
        self.stdout.write(
            _(
                "%(rows)s daily figures and %(active)s active-reader months written in %(seconds).1f s."
            )
            % {
                "rows": result.rows,
                "active": result.active_patron_rows,
                "seconds": time.perf_counter() - started,
            }
        )
