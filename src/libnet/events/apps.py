from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "libnet.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from libnet.events import stats_sources
        from libnet.stats import sources

        sources.register(*stats_sources.SOURCES)
