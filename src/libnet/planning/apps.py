from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "libnet.planning"
    label = "planning"
    verbose_name = _("Plans and reports")

    def ready(self) -> None:
        # How `libnet rebuild_stats` counts this app's facts again (stats/sources.py).
        from libnet.digital import hand_entry as digital_hand_entry
        from libnet.events import hand_entry, late_figures
        from libnet.planning import services, stats_sources
        from libnet.stats import sources

        sources.register(*stats_sources.SOURCES)
        # A library's event figures are computed from its first event's month: its hand
        # entries for them from then on are taken out.
        hand_entry.on_counting_starts(
            "planning.manual_figures", services.take_out_event_hand_entries
        )
        # An event recorded for a period whose report was already accepted becomes an
        # adjustment of that report, with its reason; the report is not rewritten.
        late_figures.on_figures_changed("planning.late_adjustments", services.late_event_figures)
        # Pages digitised likewise, from the month of a library's first digitisation project.
        digital_hand_entry.on_counting_starts(
            "planning.manual_figures", services.take_out_digitised_hand_entries
        )
