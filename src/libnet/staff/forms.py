"""Forms of the staff shell."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from libnet.core.forms import LibnetForm


class StaffLoginForm(LibnetForm, AuthenticationForm):
    """Django's login form, with refusals that say what to do in plain Vietnamese."""

    error_messages = {  # AuthenticationForm's own attribute, overridden
        "invalid_login": _(
            "The user name or the password is wrong. Capital and small letters count: check Caps Lock."
        ),
        "inactive": _("This account is switched off. Ask the administrator."),
    }
