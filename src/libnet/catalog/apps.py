from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "libnet.catalog"
    label = "catalog"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        from libnet.catalog import documents
        from libnet.core import jobs

        # `libnet worker` makes the PDF of a register too long to make while a page waits.
        jobs.register(documents.REGISTER_PDF_JOB, documents.register_pdf_job)
