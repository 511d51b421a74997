"""The `libnet` console command: Django's management commands with libnet's settings.

`libnet migrate`, `libnet import_marc FILE --library CODE`, `libnet runserver`, …
`--lang en` anywhere on the line switches messages to English (Vietnamese is the default).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libnet.settings")
    language = "vi"
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            language = args[index + 1]
            del args[index : index + 2]
            break
        if arg.startswith("--lang="):
            language = arg.split("=", 1)[1]
            del args[index]
            break
    os.environ["LIBNET_CLI_LANGUAGE"] = language
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(args)
    except ImproperlyConfigured as error:
        # Settings that would make the server unsafe (settings._refuse_unsafe_start): one
        # clear sentence, not a traceback.
        sys.stderr.write(f"libnet: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
