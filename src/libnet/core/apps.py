from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "libnet.core"
    label = "core"
    verbose_name = "libnet core"
