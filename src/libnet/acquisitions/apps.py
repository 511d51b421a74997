from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcquisitionsConfig(AppConfig):
    name = "libnet.acquisitions"
    label = "acquisitions"
    verbose_name = _("Acquisitions")

    def ready(self) -> None:
        # A catalogue record merged into another takes this app's rows along (catalog sits below).
        from libnet.acquisitions.merged_records import move_order_lines
        from libnet.catalog import merged_records

        merged_records.register("acquisitions", move_order_lines)
