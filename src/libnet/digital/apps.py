from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigitalConfig(AppConfig):
    name = "libnet.digital"
    label = "digital"
    verbose_name = _("Digital library")

    def ready(self) -> None:
        from libnet.digital import derivatives, ocr, processing, stats_sources
        from libnet.stats import sources

        processing.register("derivatives", derivatives.make_pending)
        # After the derivatives step: OCR takes the pages whose derivatives are ready.
        processing.register("ocr", ocr.ocr_step)
        sources.register(*stats_sources.SOURCES)
