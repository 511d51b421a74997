"""Self-check machines' accounts: adding and changing one, and a machine's login (SIP2 93).

A machine is a libnet user of its own, `sip:<name>`: a "circulation" role at its library and
no password for the web (the colon keeps the name apart from every username a form accepts).
Every loan, return and renewal at the machine is written by that user, so the access getters
limit the machine to its library and the audit log names it.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re

from django.contrib.auth import get_user_model, hashers
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from libnet.core import audit, clock, throttle
from libnet.core.audit import Actor
from libnet.interop.models import SipAccount
from libnet.interop.sip2.errors import SipAccountRefused
from libnet.network import services as network_services
from libnet.network.models import Library, Role

USER_PREFIX = "sip:"
MIN_PASSWORD_LENGTH = 8
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")
# Guessing a machine's password is stopped as a staff password's is (core.throttle), per
# machine name and per address.
NAME_SCOPE = "sip-machine"
ADDRESS_SCOPE = "sip-address"


def name_limit() -> throttle.Limit:
    return throttle.limit("LIBNET_STAFF_SIGN_IN_LIMIT", failures=5, minutes=15)


def address_limit() -> throttle.Limit:
    return throttle.limit("LIBNET_STAFF_SIGN_IN_ADDRESS_LIMIT", failures=30, minutes=15)


def counts_by_address(address: str) -> bool:
    """Whether wrong passwords from `address` count against the address as well as the name.

    Not from the loopback address: behind the TLS proxy (stunnel or nginx on the same server,
    docs/operations.md) every machine arrives from there, and one machine set up with a wrong
    password would lock all the others out. The machine's name is locked all the same.
    """
    try:
        return not ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return bool(address)


def normalize_name(name: str) -> str:
    """A machine's name as stored and looked up: trimmed, lower case."""
    return (name or "").strip().lower()


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise SipAccountRefused("password_too_short", length=MIN_PASSWORD_LENGTH)


def get_account(name: str) -> SipAccount:
    """Return the machine called `name`; SipAccountRefused("account_not_found") otherwise."""
    account = (
        SipAccount.objects.filter(name=normalize_name(name))
        .select_related("library", "user")
        .first()
    )
    if account is None:
        raise SipAccountRefused("account_not_found", name=name)
    return account


@transaction.atomic
def add_sip_account(
    *,
    name: str,
    library: Library,
    password: str,
    by: Actor,
    plain_text: bool = False,
    at: dt.datetime | None = None,
) -> SipAccount:
    """Add a self-check machine at `library`, with its user `sip:<name>`; returns the account.

    Raises SipAccountRefused for a name that is not 1-40 letters, digits, dots, hyphens or
    underscores, a password shorter than MIN_PASSWORD_LENGTH, or a user of that name that
    exists already.
    """
    at = at or clock.now()
    name = normalize_name(name)
    if not _NAME.fullmatch(name):
        raise SipAccountRefused("invalid_name", name=name)
    _check_password(password)
    username = USER_PREFIX + name
    if get_user_model().objects.filter(username=username).exists():
        raise SipAccountRefused("username_taken", username=username)
    # add_staff makes the user (no usable password, never Django admin) and its role here.
    membership = network_services.add_staff(
        username=username,
        library=library,
        role=Role.CIRCULATION,
        by=by,
        full_name=audit.note(_("Self-check machine %(name)s"), name=name),
    )
    account = SipAccount.objects.create(
        name=name,
        library=library,
        user=membership.user,
        password_hash=hashers.make_password(password),
        plain_text=plain_text,
        created_at=at,
        updated_at=at,
    )
    audit.record(
        "sip_account.create",
        subject=account,
        by=by,
        at=at,
        library_id=library.pk,
        after={"name": name, "user": membership.user.pk, "plain_text": plain_text},
    )
    return account


@transaction.atomic
def change_sip_account(
    *,
    account: SipAccount,
    by: Actor,
    library: Library | None = None,
    password: str | None = None,
    plain_text: bool | None = None,
    is_active: bool | None = None,
    at: dt.datetime | None = None,
) -> SipAccount:
    """Set a machine's password, its text without diacritics, or whether it may sign in.

    `library` may only repeat the machine's own: a machine that moves gets a new account
    (SipAccountRefused "other_library"), so its history stays with the library it served.
    A disabled machine's user is disabled too, so nothing can act as it.
    """
    at = at or clock.now()
    account = (
        SipAccount.objects.select_for_update().select_related("library", "user").get(pk=account.pk)
    )
    if library is not None and library.pk != account.library_id:
        raise SipAccountRefused("other_library", name=account.name, library=account.library.code)
    before = audit.snapshot(account, ["plain_text", "is_active"])
    changed: dict[str, object] = {}
    if password is not None:
        _check_password(password)
        account.password_hash = hashers.make_password(password)
        changed["password"] = "changed"  # never the password itself
    if plain_text is not None and plain_text != account.plain_text:
        account.plain_text = plain_text
        changed["plain_text"] = plain_text
    if is_active is not None and is_active != account.is_active:
        account.is_active = is_active
        changed["is_active"] = is_active
        account.user.is_active = is_active
        account.user.save(update_fields=["is_active"])
    if not changed:
        return account
    account.updated_at = at
    account.save()
    audit.record(
        "sip_account.change",
        subject=account,
        by=by,
        at=at,
        library_id=account.library_id,
        before=before,
        after=changed,
    )
    return account


def authenticate_machine(
    *, name: str, password: str, address: str = "", at: dt.datetime | None = None
) -> SipAccount | None:
    """Return the active machine whose name and password match (SIP2 login, 93); None else.

    None as well while the name or the address is locked after too many wrong passwords
    (core.throttle); a wrong password counts against both (the address unless it is the
    loopback one, see counts_by_address), a right one clears the name's.
    """
    at = at or clock.now()
    key = normalize_name(name)
    locks = [(NAME_SCOPE, key, name_limit())]
    if counts_by_address(address):
        locks.append((ADDRESS_SCOPE, address, address_limit()))
    if any(throttle.locked_until(scope, value, rule, at=at) for scope, value, rule in locks):
        return None
    account = (
        SipAccount.objects.filter(name=key).select_related("library", "user").first()
        if key
        else None
    )
    if account is None or not hashers.check_password(password or "", account.password_hash):
        if account is None:
            # Hash anyway, so an unknown name takes as long as a wrong password.
            hashers.make_password(password or "")
        for scope, value, rule in locks:
            throttle.record_failure(scope, value, rule, at=at)
        return None
    throttle.clear(NAME_SCOPE, key)
    if not account.is_active or not account.user.is_active:
        return None
    return account
