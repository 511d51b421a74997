from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "libnet.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from libnet.catalog import changes
        from libnet.core import backup
        from libnet.search import checks, index, stats_sources
        from libnet.stats import sources

        # How `libnet rebuild_stats` counts this app's facts again (stats/sources.py).
        sources.register(*stats_sources.SOURCES)
        # catalog may not import search (DESIGN.md §2): its services tell what they wrote
        # through these handlers, inside their transaction.
        changes.on_records_changed(index.index_records)
        changes.on_copies_moved(index.copies_moved)
        # A restore checks the index it brought back (core hears of it through this port).
        backup.register_check("search", index.integrity_problems)
        post_migrate.connect(checks.announce_after_migrate, sender=self)
