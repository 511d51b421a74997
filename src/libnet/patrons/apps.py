from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatronsConfig(AppConfig):
    name = "libnet.patrons"
    label = "patrons"
    verbose_name = _("Readers")

    def ready(self) -> None:
        # How `libnet rebuild_stats` counts this app's facts again (stats/sources.py).
        from libnet.patrons import stats_sources
        from libnet.stats import sources

        sources.register(*stats_sources.SOURCES)
