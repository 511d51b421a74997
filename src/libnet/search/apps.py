from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "libnet.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # How `libnet rebuild_stats` counts this app's facts again (stats/sources.py).
        from libnet.search import stats_sources
        from libnet.stats import sources

        sources.register(*stats_sources.SOURCES)

        from libnet.core import backup
        from libnet.search import checks, index

        # A restore checks the index it brought back (core hears of it through this port).
        backup.register_check("search", index.integrity_problems)
        post_migrate.connect(checks.announce_after_migrate, sender=self)
