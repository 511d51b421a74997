"""The SIP2 server: a thread per connection, one Session each, a graceful stop.

`libnet sip2` runs it beside the web server, under the same settings and database. Each
connection's thread has its own database connection, checked before each message (a
connection past its age or broken is replaced) and closed when the machine goes away.
A connection quiet for LIBNET_SIP2_IDLE_SECONDS is closed; the machine connects again.
TLS is not spoken here: stunnel or an nginx stream block in front of it does that
(docs/operations.md).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import socketserver
import threading
from typing import Any

from django import db
from django.conf import settings

from libnet.interop.sip2 import wire
from libnet.interop.sip2.session import Session

logger = logging.getLogger("libnet.sip2")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 6001
DEFAULT_IDLE_SECONDS = 900
# A frame longer than this is dropped (and answered with 96): SIP2 messages are short.
MAX_FRAME_BYTES = 8192


def configured_host() -> str:
    return str(getattr(settings, "LIBNET_SIP2_HOST", DEFAULT_HOST))


def configured_port() -> int:
    return int(getattr(settings, "LIBNET_SIP2_PORT", DEFAULT_PORT))


class DatabaseUse:
    """How a connection's thread uses the database (a test shares its own connection)."""

    def begin_session(self) -> None:
        pass

    def before_message(self) -> None:
        db.close_old_connections()

    def end_session(self) -> None:
        db.connections.close_all()


class SipServer(socketserver.ThreadingTCPServer):
    """Accepts machines on (host, port); `serve()` until `stop()`."""

    allow_reuse_address = True
    # Sessions are joined at stop(), each after the message it is answering.
    daemon_threads = False
    block_on_close = True

    def __init__(
        self,
        host: str,
        port: int,
        *,
        database: DatabaseUse | None = None,
        idle_seconds: float | None = None,
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), SipConnection)
        self.database = database or DatabaseUse()
        self.idle_seconds = float(
            idle_seconds
            if idle_seconds is not None
            else getattr(settings, "LIBNET_SIP2_IDLE_SECONDS", DEFAULT_IDLE_SECONDS)
        )
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._serving = threading.Event()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def serve(self, poll_interval: float = 0.5) -> None:
        """Accept connections until stop() (run it in a thread of its own); stop() waits up
        to `poll_interval` seconds for the loop to notice."""
        self._serving.set()
        try:
            self.serve_forever(poll_interval=poll_interval)
        finally:
            self._serving.clear()

    def stop(self) -> None:
        """Stop accepting, let every session finish the message it is answering, then close
        them and wait for their threads."""
        if self._serving.is_set():
            self.shutdown()
        with self._lock:
            for connection in self._connections:
                # The session's next read ends: it closes after the answer it is writing.
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RD)
        self.server_close()

    def track(self, connection: socket.socket, *, open_: bool) -> None:
        with self._lock:
            if open_:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.exception("SIP2 connection from %s failed", client_address)


class SipConnection(socketserver.BaseRequestHandler):
    """One machine's connection: frames in, answers out, until it closes or falls idle."""

    server: SipServer

    def handle(self) -> None:
        connection: socket.socket = self.request
        address = str(self.client_address[0])
        server = self.server
        connection.settimeout(server.idle_seconds)
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        server.track(connection, open_=True)
        session = Session(address=address)
        logger.info("SIP2 connection from %s", address)
        server.database.begin_session()
        try:
            self._serve(connection, session)
        except Exception:
            logger.exception("SIP2 connection from %s failed", address)
        finally:
            server.track(connection, open_=False)
            server.database.end_session()
            logger.info("SIP2 connection from %s closed", address)

    def _serve(self, connection: socket.socket, session: Session) -> None:
        buffer = bytearray()
        dropping = False  # the rest of a frame longer than MAX_FRAME_BYTES
        while True:
            try:
                data = connection.recv(4096)
            except TimeoutError:
                logger.info("SIP2 %s idle; connection closed", session.address)
                return
            except OSError:
                return
            if not data:
                return  # the machine closed; a frame cut short is dropped, nothing was done
            buffer += data
            for frame in wire.split_frames(buffer):
                if dropping:
                    dropping = False
                    answer = session.request_resend()
                else:
                    self.server.database.before_message()
                    answer = session.handle(frame)
                try:
                    connection.sendall(answer)
                except OSError:
                    return  # the machine went away before its answer
            if len(buffer) > MAX_FRAME_BYTES:
                buffer.clear()
                dropping = True
