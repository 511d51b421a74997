from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "libnet.catalog"
    label = "catalog"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        # How `libnet rebuild_stats` counts this app's facts again (stats/sources.py).
        from libnet.catalog import stats_sources
        from libnet.stats import sources

        sources.register(*stats_sources.SOURCES)
