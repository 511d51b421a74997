from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobileConfig(AppConfig):
    name = "libnet.mobile"
    label = "mobile"
    verbose_name = _("Mobile library")

    def ready(self) -> None:
        # How `libnet rebuild_stats` counts this app's facts again (stats/sources.py).
        from libnet.mobile import stats_sources
        from libnet.stats import sources

        sources.register(*stats_sources.SOURCES)

        # patrons cannot reach mobile's tables (DESIGN.md §2): erasing a reader calls this.
        from libnet.mobile.erasure import scrub_reader
        from libnet.patrons import erasure

        erasure.register("mobile", scrub_reader)
