from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BibliographiesConfig(AppConfig):
    name = "libnet.bibliographies"
    label = "bibliographies"
    verbose_name = _("Bibliographies")

    def ready(self) -> None:
        from libnet.bibliographies import stats_sources
        from libnet.stats import sources

        sources.register(*stats_sources.SOURCES)
