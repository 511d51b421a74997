"""libnet load_demo [--scale full|small] [--if-empty]: the fictional province Sông Lam."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _

from libnet.core.commands import LibnetCommand
from libnet.demo import bodies as demo_bodies
from libnet.demo import loader, people
from libnet.demo import mobile as demo_mobile
from libnet.network.models import BodyRole, Library, LibraryKind, Role


class Command(LibnetCommand):
    help = (
        "Load the demo province Sông Lam: libraries, registers, records, copies and staff "
        "logins. Running it again adds only what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=loader.SCALES,
            default="full",
            help="full: about 2,150 records and 17,600 copies; small: 200 records, for tests",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing when the database already has a library (for container start-up)",
        )

    def handle_command(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and Library.objects.exists():
            self.stdout.write(_("The database already has libraries; the demo was not loaded."))
            return
        summary = loader.load_demo(scale=options["scale"], stdout=self.stdout)
        self.summary = summary  # for a caller that runs the command and wants the counts
        kinds = ", ".join(
            f"{LibraryKind(kind).label}: {count}"
            for kind, count in sorted(
                summary.libraries_by_kind.items(),
                key=lambda row: LibraryKind.values.index(row[0]),
            )
        )
        self.stdout.write(
            _(
                "The demo province now has %(libraries)s libraries (%(kinds)s), %(records)s catalogue records and %(items)s copies."
            )
            % {
                "libraries": summary.libraries,
                "kinds": kinds,
                "records": summary.records,
                "items": summary.items,
            }
        )
        self.stdout.write(
            _("Demo logins, all with the password %(password)s:")
            % {"password": people.DEMO_PASSWORD}
        )
        for persona in people.PERSONAS:
            roles = ", ".join(str(Role(role).label) for role in persona.roles)
            where = persona.library_code
            if persona.covers_subtree:
                where = _("%(code)s and the libraries below it") % {"code": where}
            self.stdout.write(
                _("  %(username)s — %(name)s: %(roles)s, %(where)s")
                % {
                    "username": persona.username,
                    "name": persona.full_name or _("superuser"),
                    "roles": roles,
                    "where": where,
                }
            )
        # The mobile library's crew is created by the mobile demo, not with the personas.
        self.stdout.write(
            _("  %(username)s — %(name)s: %(roles)s, %(where)s")
            % {
                "username": demo_mobile.CREW_USERNAME,
                "name": demo_mobile.CREW_FULL_NAME,
                "roles": Role.CIRCULATION.label,
                "where": demo_mobile.MOBILE_CODE,
            }
        )
        # The officers of the managing bodies hold no library role (demo/bodies.py).
        for username, name, body in demo_bodies.OFFICERS:
            self.stdout.write(
                _("  %(username)s — %(name)s: %(roles)s, %(where)s")
                % {
                    "username": username,
                    "name": name,
                    "roles": BodyRole.OFFICER.label,
                    "where": body,
                }
            )
