"""What the reader pages share: the libraries where a user issues cards, and the state of
each card in a list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet

from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.errors import RoleRequired
from libnet.network.models import Library
from libnet.patrons import access, selectors
from libnet.patrons.models import Patron


def desk_libraries(user: User) -> QuerySet[Library]:
    """The libraries where `user` issues cards; a user with none gets a 403 saying why."""
    network_access.require_role(user, "circulation")
    return access.libraries_for_desk(user)


def school_desks(user: User) -> QuerySet[Library]:
    """The school libraries where `user` issues cards; a user with none gets a 403 saying why."""
    desk_libraries(user)
    schools = access.schools_for_desk(user)
    if not schools.exists():
        raise RoleRequired("school_desk")
    return schools


def mark_card_states(readers: Iterable[Patron], today: dt.date) -> None:
    """Give each reader of a list `card_state`: the card's refusal code, "" when usable."""
    readers = list(readers)
    codes = selectors.card_refusal_codes(readers, on=today)
    for reader in readers:
        reader.card_state = codes.get(reader.pk, "")  # type: ignore[attr-defined]  # for the template
