from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigitalConfig(AppConfig):
    name = "libnet.digital"
    label = "digital"
    verbose_name = _("Digital library")

    def ready(self) -> None:
        from libnet.digital import derivatives, processing, stats_sources
        from libnet.stats import sources

        processing.register("derivatives", derivatives.make_pending)
        sources.register(*stats_sources.SOURCES)
