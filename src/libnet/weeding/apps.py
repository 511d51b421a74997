from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WeedingConfig(AppConfig):
    name = "libnet.weeding"
    label = "weeding"
    verbose_name = _("Weeding")

    def ready(self) -> None:
        # A catalogue record merged into another takes this app's rows along (catalog sits below).
        from libnet.catalog import merged_records
        from libnet.weeding.merged_records import move_content_flags

        merged_records.register("weeding", move_content_flags)
