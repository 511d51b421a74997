"""Staff sign-in with a lock after repeated failures, for /staff/login/ and /admin/login/.

Readers' PINs locked after five tries; staff passwords, which open every reader's data of a
library, were never locked. Django's login form is kept; its `clean` first asks whether the
account or the client address is locked (core.throttle), then counts a failure or clears the
account's count. Each failure and each lock is written to the audit log, under the user when
the username exists, never with the password or an unknown username (often a password typed
in the wrong box).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.http import HttpResponse

from libnet.core import audit, clock, throttle
from libnet.staff.errors import StaffSignInRefused
from libnet.staff.forms import StaffLoginForm

USER_SCOPE = "staff-user"
ADDRESS_SCOPE = "staff-address"


def user_limit() -> throttle.Limit:
    return throttle.limit("LIBNET_STAFF_SIGN_IN_LIMIT", failures=5, minutes=15)


def address_limit() -> throttle.Limit:
    return throttle.limit("LIBNET_STAFF_SIGN_IN_ADDRESS_LIMIT", failures=30, minutes=15)


def _audit_subject(username: str) -> models.Model | None:
    user_model = get_user_model()
    lookup = {f"{user_model.USERNAME_FIELD}__iexact": username.strip()}
    return user_model.objects.filter(**lookup).first() if username.strip() else None


class ThrottledSignIn:
    """The lock, mixed into Django's login forms (they keep `request` and `cleaned_data`)."""

    request: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")
        address = throttle.client_address(self.request) if self.request is not None else ""
        at = clock.now()
        rules = ((USER_SCOPE, username, user_limit()), (ADDRESS_SCOPE, address, address_limit()))
        locks = [
            until
            for scope, key, rule in rules
            if (until := throttle.locked_until(scope, key, rule, at=at)) is not None
        ]
        if locks:
            raise self._locked(max(locks), at)
        try:
            cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]  # Django's form
        except ValidationError:
            self._failed(username, address, rules, at)
            raise
        throttle.clear(USER_SCOPE, username)
        return cleaned

    def _locked(self, until: dt.datetime, at: dt.datetime) -> ValidationError:
        minutes = max(1, int((until - at).total_seconds() + 59) // 60)
        refusal = StaffSignInRefused("too_many_attempts", minutes=minutes)
        return ValidationError(refusal.message, code=refusal.code)

    def _failed(
        self,
        username: str,
        address: str,
        rules: tuple[tuple[str, str, throttle.Limit], ...],
        at: dt.datetime,
    ) -> None:
        counts = {
            scope: throttle.record_failure(scope, key, rule, at=at) for scope, key, rule in rules
        }
        now_locked = [scope for scope, _key, rule in rules if counts[scope] == rule.failures]
        subject = _audit_subject(username) or throttle.entry(USER_SCOPE, username)
        if subject is None:
            return
        after = {"address": address, "failures": counts[USER_SCOPE]}
        audit.record("staff.sign_in_failed", subject=subject, by=None, at=at, after=after)
        if now_locked:
            audit.record(
                "staff.sign_in_locked",
                subject=subject,
                by=None,
                at=at,
                after={**after, "locked": now_locked},
            )


class StaffAuthenticationForm(ThrottledSignIn, StaffLoginForm):
    """The login form of /staff/login/: the lock, and refusals in plain Vietnamese."""


class AdminSignInForm(ThrottledSignIn, AdminAuthenticationForm):
    """The login form of /admin/login/: the same lock (superusers sign in there)."""


class StaffLoginView(LoginView):
    """Django's login page with the lock; a locked sign-in answers 429."""

    form_class = StaffAuthenticationForm
    template_name = "staff/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "too_many_attempts"):
            response.status_code = StaffSignInRefused.status
        return response
