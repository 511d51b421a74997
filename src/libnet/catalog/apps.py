from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "libnet.catalog"
    label = "catalog"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        from libnet.catalog import documents, stats_sources
        from libnet.core import jobs
        from libnet.stats import sources

        # `libnet worker` makes the PDF of a register too long to make while a page waits.
        jobs.register(documents.REGISTER_PDF_JOB, documents.register_pdf_job)
        # How `libnet rebuild_stats` counts this app's facts again (stats/sources.py).
        sources.register(*stats_sources.SOURCES)
