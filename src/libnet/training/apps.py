from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "libnet.training"
    label = "training"
    verbose_name = _("Training and inspections")

    def ready(self) -> None:
        from libnet.stats import sources
        from libnet.training import stats_sources

        sources.register(*stats_sources.SOURCES)
