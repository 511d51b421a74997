"""A base for libnet's management commands: language switch and clean errors."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from libnet.core.errors import LibnetError


class LibnetCommand(BaseCommand):
    """Runs `handle_command` in the CLI language; a LibnetError becomes a one-line error."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        translation.activate(os.environ.get("LIBNET_CLI_LANGUAGE", "vi"))
        try:
            return super().execute(*args, **options)
        except LibnetError as error:
            raise CommandError(error.message) from error

    def handle(self, *args: Any, **options: Any) -> str | None:
        return self.handle_command(*args, **options)

    def handle_command(self, *args: Any, **options: Any) -> str | None:
        raise NotImplementedError
