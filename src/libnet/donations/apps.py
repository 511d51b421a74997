from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    name = "libnet.donations"
    label = "donations"
    verbose_name = _("Donations")

    def ready(self) -> None:
        from libnet.donations import stats_sources
        from libnet.stats import sources

        sources.register(*stats_sources.SOURCES)

        # A catalogue record merged into another takes this app's rows along (catalog sits below).
        from libnet.catalog import merged_records
        from libnet.donations.merged_records import move_donation_lines

        merged_records.register("donations", move_donation_lines)
