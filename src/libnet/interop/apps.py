from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "libnet.interop"
    label = "interop"
    verbose_name = _("Import and export")

    def ready(self) -> None:
        # The OAI-PMH datestamps follow every catalogue write (catalog.changes).
        from libnet.catalog import merged_records
        from libnet.interop.merged_records import move_received_records
        from libnet.interop.oai import stamps

        stamps.register()
        merged_records.register("interop", move_received_records)
