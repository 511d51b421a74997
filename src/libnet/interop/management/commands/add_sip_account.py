"""libnet add_sip_account NAME --library CODE --password P [--plain-text] [--disable]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core import text
from libnet.core.commands import LibnetCommand
from libnet.interop.models import SipAccount
from libnet.interop.sip2 import services
from libnet.interop.sip2.errors import SipAccountRefused
from libnet.network.models import Library


class Command(LibnetCommand):
    help = gettext_noop(
        "Add a self-check machine (SIP2) at a library, or change one: its password, text "
        "without diacritics, disabled or enabled."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help=_("the machine's login (SIP2 field CN), e.g. tanlap-1"))
        parser.add_argument("--library", help=_("library code; a new machine needs it"))
        parser.add_argument(
            "--password", help=_("the machine's password (SIP2 field CO); a new machine needs it")
        )
        screen = parser.add_mutually_exclusive_group()
        screen.add_argument(
            "--plain-text",
            action="store_true",
            help=_("send text without diacritics, for a screen that cannot show UTF-8"),
        )
        screen.add_argument(
            "--utf8", action="store_true", help=_("send Vietnamese text in UTF-8 (the default)")
        )
        state = parser.add_mutually_exclusive_group()
        state.add_argument("--disable", action="store_true", help=_("the machine may not sign in"))
        state.add_argument("--enable", action="store_true", help=_("the machine may sign in again"))

    def handle_command(self, *args: Any, **options: Any) -> None:
        library = None
        if options["library"]:
            library = Library.objects.filter(code=text.identifier(options["library"])).first()
            if library is None:
                raise CommandError(
                    _("No library with code %(code)s.") % {"code": options["library"]}
                )
        plain_text = True if options["plain_text"] else False if options["utf8"] else None
        is_active = False if options["disable"] else True if options["enable"] else None
        existing = SipAccount.objects.filter(name=services.normalize_name(options["name"])).first()
        if existing is None:
            if library is None or not options["password"]:
                raise SipAccountRefused("new_account_needs")
            account = services.add_sip_account(
                name=options["name"],
                library=library,
                password=options["password"],
                plain_text=bool(plain_text),
                by=None,
            )
            if is_active is False:
                account = services.change_sip_account(account=account, is_active=False, by=None)
            message = _("Machine %(name)s added at %(library)s (its libnet user: sip:%(name)s).")
        else:
            account = services.change_sip_account(
                account=existing,
                library=library,
                password=options["password"],
                plain_text=plain_text,
                is_active=is_active,
                by=None,
            )
            message = _("Machine %(name)s of %(library)s changed.")
        self.stdout.write(message % {"name": account.name, "library": account.library.code})
        self.stdout.write(
            _("Text: %(text)s. Signs in: %(active)s.")
            % {
                "text": _("without diacritics") if account.plain_text else _("UTF-8"),
                "active": _("yes") if account.is_active else _("no (disabled)"),
            }
        )
