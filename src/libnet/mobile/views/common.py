"""What the mobile library's pages share: the user's mobile libraries, a trip's page and the
refusal shown on it."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from libnet.core.errors import LibnetError
from libnet.mobile import access
from libnet.mobile.models import MobileTrip
from libnet.network.access import User
from libnet.network.errors import RoleRequired
from libnet.network.models import Library


def mobile_libraries(user: User) -> QuerySet[Library]:
    """The user's mobile libraries; a user with none gets a 403 saying why."""
    libraries = access.mobile_libraries_for_staff(user).order_by("sort_key", "code")
    if not libraries.exists():
        raise RoleRequired("mobile_crew")
    return libraries


def trip_url(trip: MobileTrip, anchor: str = "") -> str:
    url = reverse("mobile:trip", args=[trip.pk])
    return f"{url}#{anchor}" if anchor else url


def refused(request: HttpRequest, error: LibnetError) -> None:
    messages.error(request, error.message)
