"""libnet add_staff USERNAME --library CODE --role ROLE [--subtree] [--password P]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core.commands import LibnetCommand
from libnet.network import services
from libnet.network.models import Library, Role


class Command(LibnetCommand):
    help = gettext_noop("Give a user (created if new) a role at a library.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--library", required=True, help=_("library code"))
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--subtree",
            action="store_true",
            help=_("the role also covers every library below"),
        )
        parser.add_argument("--password", help=_("set this password (otherwise none is set)"))
        parser.add_argument("--full-name", default="", help=_("e.g. 'Trần Thị Lan'"))

    def handle_command(self, *args: Any, **options: Any) -> None:
        library = Library.objects.filter(code=options["library"].upper()).first()
        if library is None:
            raise CommandError(_("No library with code %(code)s.") % {"code": options["library"]})
        membership = services.add_staff(
            username=options["username"],
            library=library,
            role=options["role"],
            covers_subtree=options["subtree"],
            password=options["password"],
            full_name=options["full_name"],
            by=None,
        )
        self.stdout.write(
            _("%(user)s is now %(role)s at %(library)s.")
            % {
                "user": membership.user.get_username(),
                "role": membership.get_role_display(),
                "library": library.code,
            }
        )
