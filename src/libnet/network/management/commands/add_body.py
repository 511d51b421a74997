"""libnet add_body CODE --name NAME --kind KIND [--unit CODE] [--officer USERNAME]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core import text
from libnet.core.commands import LibnetCommand
from libnet.network import services
from libnet.network.models import AdminUnit, BodyKind, BodyRole, ManagingBody


class Command(LibnetCommand):
    help = gettext_noop(
        "Add a managing body (Department of Education, Department of Culture, commune office), "
        "or give a user a role at one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help=_("stable short code, e.g. SL-SGDDT"))
        parser.add_argument("--name", help=_("the body's name; needed to create it"))
        parser.add_argument("--kind", choices=BodyKind.values)
        parser.add_argument(
            "--unit", help=_("code of its administrative unit (a commune office's commune)")
        )
        parser.add_argument(
            "--staff", help=_("username to give a role at the body (created if new)")
        )
        parser.add_argument("--role", choices=BodyRole.values, default=BodyRole.OFFICER)
        parser.add_argument("--password", help=_("set this password (otherwise none is set)"))
        parser.add_argument("--full-name", default="", help=_("e.g. 'Trần Thị Lan'"))

    def handle_command(self, *args: Any, **options: Any) -> None:
        body = ManagingBody.objects.filter(code=text.identifier(options["code"])).first()
        if body is None:
            if not options["name"] or not options["kind"]:
                raise CommandError(_("A new managing body needs --name and --kind."))
            unit = None
            if options["unit"]:
                unit = AdminUnit.objects.filter(
                    code=text.identifier(options["unit"]), valid_to__isnull=True
                ).first()
                if unit is None:
                    raise CommandError(
                        _("No current administrative unit with code %(code)s.")
                        % {"code": options["unit"]}
                    )
            body = services.create_managing_body(
                code=options["code"],
                name=options["name"],
                kind=options["kind"],
                admin_unit=unit,
                by=None,
            )
            self.stdout.write(
                _("Managing body %(code)s created: %(name)s")
                % {"code": body.code, "name": body.name}
            )
        if options["staff"]:
            membership = services.add_body_staff(
                username=options["staff"],
                body=body,
                role=options["role"],
                password=options["password"],
                full_name=options["full_name"],
                by=None,
            )
            self.stdout.write(
                _("%(user)s is now %(role)s at %(body)s.")
                % {
                    "user": membership.user.get_username(),
                    "role": membership.get_role_display(),
                    "body": body.code,
                }
            )
