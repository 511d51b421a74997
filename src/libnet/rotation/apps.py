from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RotationConfig(AppConfig):
    name = "libnet.rotation"
    label = "rotation"
    verbose_name = _("Rotation and transfers")

    def ready(self) -> None:
        # How `libnet rebuild_stats` counts this app's facts again (stats/sources.py).
        from libnet.rotation import stats_sources
        from libnet.stats import sources

        sources.register(*stats_sources.SOURCES)

        # Circulation may not import rotation (DESIGN.md §2): the desk reports the copies it
        # sends in transit through this handler, which records them as transfers.
        from libnet.circulation import movements
        from libnet.rotation.services import DeskMovements

        movements.register(DeskMovements())

        # patrons cannot reach rotation's tables (DESIGN.md §2): erasing a reader calls this.
        from libnet.patrons import erasure
        from libnet.rotation.erasure import scrub_reader

        erasure.register("rotation", scrub_reader)

        # A catalogue record merged into another takes this app's rows along (catalog sits below).
        from libnet.catalog import merged_records
        from libnet.rotation.merged_records import move_ill_requests

        merged_records.register("rotation", move_ill_requests)
