from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "libnet.staff"
    label = "staff"
    verbose_name = _("Staff pages")

    def ready(self) -> None:
        # Django admin's own login page counts failures and locks like /staff/login/.
        from django.contrib import admin

        from libnet.staff.signin import AdminSignInForm

        admin.site.login_form = AdminSignInForm
