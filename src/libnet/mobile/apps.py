from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobileConfig(AppConfig):
    name = "libnet.mobile"
    label = "mobile"
    verbose_name = _("Mobile library")

    def ready(self) -> None:
        # patrons cannot reach mobile's tables (DESIGN.md §2): erasing a reader calls this.
        from libnet.mobile.erasure import scrub_reader
        from libnet.patrons import erasure

        erasure.register("mobile", scrub_reader)
