from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpacConfig(AppConfig):
    name = "libnet.opac"
    label = "opac"
    verbose_name = _("Public catalogue (OPAC)")
