"""libnet add_library CODE --name NAME --kind KIND [--parent CODE] [--sector S] [--levels L,L]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core.commands import LibnetCommand
from libnet.network import services
from libnet.network.models import Library, LibraryKind, Sector


class Command(LibnetCommand):
    help = gettext_noop("Add a library (or rotation point) to the network.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help=_("stable short code, e.g. SL-TVT"))
        parser.add_argument("--name", required=True)
        parser.add_argument("--kind", required=True, choices=LibraryKind.values)
        parser.add_argument("--parent", help=_("code of the parent library"))
        parser.add_argument("--sector", choices=Sector.values)
        parser.add_argument(
            "--levels",
            default="",
            help=_("a multi-level school's levels, comma-separated, e.g. primary,lower_secondary"),
        )
        parser.add_argument("--address", default="")
        parser.add_argument("--hours", default="", help=_("opening hours, free text"))
        parser.add_argument(
            "--deposit-point",
            action="store_true",
            help=_("the point does not run libnet; it receives boxes and reports counts by hand"),
        )

    def handle_command(self, *args: Any, **options: Any) -> None:
        parent = None
        if options["parent"]:
            parent = Library.objects.filter(code=options["parent"].upper()).first()
            if parent is None:
                raise CommandError(
                    _("No library with code %(code)s.") % {"code": options["parent"]}
                )
        library = services.create_library(
            code=options["code"],
            name=options["name"],
            kind=options["kind"],
            sector=options["sector"],
            parent=parent,
            address=options["address"],
            opening_hours=options["hours"],
            runs_libnet=not options["deposit_point"],
            school_levels=[
                level.strip() for level in options["levels"].split(",") if level.strip()
            ],
            by=None,
        )
        self.stdout.write(
            _("Library %(code)s created: %(name)s") % {"code": library.code, "name": library.name}
        )
