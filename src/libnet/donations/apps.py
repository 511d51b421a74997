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
