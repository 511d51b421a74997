"""libnet assign_reporting_bodies [--school CODE --body CODE] [--on YYYY-MM-DD]"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core import clock, text
from libnet.core.commands import LibnetCommand
from libnet.network import services
from libnet.network.models import SCHOOL_KINDS, Library, ManagingBody


class Command(LibnetCommand):
    help = gettext_noop(
        "Send each school library's reports to the body the province's rule gives it (a body "
        "chosen by hand is kept); with --school and --body, choose its body by hand."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", help=_("code of one school library"))
        parser.add_argument("--body", help=_("code of the managing body it reports to"))
        parser.add_argument(
            "--on",
            type=dt.date.fromisoformat,
            help=_("from this day (YYYY-MM-DD); today by default"),
        )

    def handle_command(self, *args: Any, **options: Any) -> None:
        on = options["on"] or clock.today()
        if options["body"]:
            if not options["school"]:
                raise CommandError(_("--body needs --school: the school that reports to it."))
            school = self._school(options["school"])
            body = ManagingBody.objects.filter(code=text.identifier(options["body"])).first()
            if body is None:
                raise CommandError(
                    _("No managing body with code %(code)s.") % {"code": options["body"]}
                )
            services.assign_reporting_body(library=school, body=body, on=on, by=None)
            self.stdout.write(
                _("%(school)s reports to %(body)s from %(on)s.")
                % {"school": school.code, "body": body.code, "on": on.strftime("%d/%m/%Y")}
            )
            return
        schools = (
            [self._school(options["school"])]
            if options["school"]
            else list(Library.objects.filter(kind__in=SCHOOL_KINDS).order_by("code"))
        )
        for school in schools:
            assignment = services.apply_default_reporting(library=school, on=on, by=None)
            if assignment is None:
                self.stdout.write(
                    _("%(school)s: no body found by the rule; set one with --body.")
                    % {"school": school.code}
                )
            else:
                self.stdout.write(
                    _("%(school)s reports to %(body)s.")
                    % {"school": school.code, "body": assignment.body.code}
                )

    def _school(self, code: str) -> Library:
        school = Library.objects.filter(code=text.identifier(code)).first()
        if school is None:
            raise CommandError(_("No library with code %(code)s.") % {"code": code})
        return school
