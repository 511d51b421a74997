"""libnet create_api_token USERNAME: print a token for `Authorization: Bearer <token>`."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core import tokens
from libnet.core.commands import LibnetCommand


class Command(LibnetCommand):
    help = gettext_noop("Create an API token for a user and print it (it is shown only once).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle_command(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("No user named %(name)s.") % {"name": options["username"]})
        self.stdout.write(tokens.create_api_token(user=user))
