from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    # No models: the app is here for its command, `libnet load_demo`. It sits above every app
    # it fills (DESIGN.md §2) and nothing imports it.
    name = "libnet.demo"
    label = "demo"
    verbose_name = _("Demo province")
