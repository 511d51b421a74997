"""What the circulation pages share: the libraries where a user lends, the desk this
browser is, and how a day is written on screen."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import formats

from libnet.circulation.desk import DeskState
from libnet.core.errors import NotFound
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.models import Library


def require_circulation_role(user: User) -> frozenset[int]:
    """The libraries where `user` may lend; a user with none gets a 403 saying why."""
    return network_access.require_role(user, "circulation")


def desk_libraries(user: User) -> QuerySet[Library]:
    """The libraries whose counter `user` may keep: they lend, and they run libnet."""
    return Library.objects.filter(
        pk__in=require_circulation_role(user), runs_libnet=True, is_active=True
    ).order_by("sort_key", "code")


def chosen_desk(request: HttpRequest) -> Library | None:
    """The desk chosen in this session; a clerk of a single library needs not choose."""
    state = DeskState(request.session)
    library_ids = require_circulation_role(request.user)
    if state.library_id in library_ids:
        return Library.objects.filter(pk=state.library_id).first()
    libraries = list(desk_libraries(request.user)[:2])
    if len(libraries) == 1:
        state.set_library(libraries[0].pk)
        return libraries[0]
    return None


def require_desk(request: HttpRequest) -> Library:
    """The desk chosen in this session; NotFound when none is (the clerk must choose)."""
    desk = chosen_desk(request)
    if desk is None:
        raise NotFound("library_not_found")
    return desk


def date_text(day: dt.date) -> str:
    return formats.date_format(day, "d/m/Y")
