from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "libnet.planning"
    label = "planning"
    verbose_name = _("Plans and reports")

    def ready(self) -> None:
        # How `libnet rebuild_stats` counts this app's facts again (stats/sources.py).
        from libnet.planning import stats_sources
        from libnet.stats import sources

        sources.register(*stats_sources.SOURCES)
