"""libnet sip2 [--host H] [--port P]: the SIP2 server for self-check machines."""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from libnet.core.commands import LibnetCommand
from libnet.interop.sip2 import server as sip2_server


class Command(LibnetCommand):
    help = gettext_noop(
        "Serve self-check machines over SIP2 until stopped (SIGTERM or Ctrl+C); "
        "LIBNET_SIP2_HOST and LIBNET_SIP2_PORT set where it listens."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host",
            help=_("address to listen on (default LIBNET_SIP2_HOST, or 127.0.0.1)"),
        )
        parser.add_argument(
            "--port",
            type=int,
            help=_("port to listen on (default LIBNET_SIP2_PORT, or 6001; 0 picks a free one)"),
        )

    def handle_command(self, *args: Any, **options: Any) -> None:
        level = {0: logging.WARNING, 1: logging.INFO}.get(options["verbosity"], logging.DEBUG)
        logging.getLogger("libnet.sip2").setLevel(level)
        host = options["host"] or sip2_server.configured_host()
        port = options["port"] if options["port"] is not None else sip2_server.configured_port()
        server = sip2_server.SipServer(host, port)
        stop = threading.Event()
        previous = {
            number: signal.signal(number, lambda *_args: stop.set())
            for number in (signal.SIGTERM, signal.SIGINT)
        }
        accepting = threading.Thread(target=server.serve, name="sip2-accept", daemon=True)
        accepting.start()
        self.stdout.write(
            _("SIP2 server listening on %(host)s:%(port)s (stop with Ctrl+C or SIGTERM).")
            % {"host": host, "port": server.port}
        )
        self.stdout.flush()
        try:
            while not stop.wait(0.5):
                pass
        finally:
            server.stop()
            for number, handler in previous.items():
                signal.signal(number, handler)
        self.stdout.write(_("SIP2 server stopped."))
