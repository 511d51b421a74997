"""A base for libnet's management commands: language switch and clean errors."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from libnet.core.errors import LibnetError


def cli_language() -> str:
    """The language of the console: `libnet --lang en …` sets it; Vietnamese by default."""
    return os.environ.get("LIBNET_CLI_LANGUAGE", "vi")


class LibnetCommand(BaseCommand):
    """Runs `handle_command` in the CLI language; a LibnetError becomes a one-line error.

    The language is switched only for the command (`translation.override`), so running a
    command in-process (call_command, tests) leaves the caller's language as it was.
    A subclass marks its `help` with gettext_noop and its arguments' help with gettext:
    the parser is built in the CLI language, so `--help` speaks it too.
    """

    def run_from_argv(self, argv: list[str]) -> None:
        # `--help` and argument errors are printed while parsing, before execute().
        with translation.override(cli_language()):
            super().run_from_argv(argv)

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if parser.description:
            parser.description = translation.gettext(parser.description)
        return parser

    def print_help(self, prog_name: str, subcommand: str) -> None:
        with translation.override(cli_language()):
            super().print_help(prog_name, subcommand)

    def execute(self, *args: Any, **options: Any) -> str | None:
        with translation.override(cli_language()):
            try:
                return super().execute(*args, **options)
            except LibnetError as error:
                raise CommandError(error.message) from error

    def handle(self, *args: Any, **options: Any) -> str | None:
        return self.handle_command(*args, **options)

    def handle_command(self, *args: Any, **options: Any) -> str | None:
        raise NotImplementedError
