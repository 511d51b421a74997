from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CirculationConfig(AppConfig):
    name = "libnet.circulation"
    label = "circulation"
    verbose_name = _("Circulation")

    def ready(self) -> None:
        # How `libnet rebuild_stats` counts this app's facts again (stats/sources.py).
        from libnet.circulation import stats_sources
        from libnet.stats import sources

        sources.register(*stats_sources.SOURCES)

        # patrons cannot reach circulation's tables (DESIGN.md §2): erasing a reader calls this.
        from libnet.circulation.erasure import scrub_reader
        from libnet.patrons import erasure

        erasure.register("circulation", scrub_reader)

        # A catalogue record merged into another takes this app's rows along (catalog sits below).
        from libnet.catalog import merged_records
        from libnet.circulation.merged_records import move_holds

        merged_records.register("circulation", move_holds)
