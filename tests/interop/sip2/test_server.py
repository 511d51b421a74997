"""`libnet sip2` as a service: it stops gracefully on SIGTERM, closes quiet connections, and
gives back every database connection a session opened."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django import db

from libnet.interop.sip2 import server as sip2_server
from libnet.interop.sip2 import services
from libnet.interop.sip2.server import DatabaseUse, SipServer
from tests.interop.sip2.conftest import PASSWORD, RawClient

REPO = Path(__file__).resolve().parents[3]


def test_the_server_stops_on_sigterm_after_answering(tmp_path):
    """systemd stops the service with SIGTERM: the machine's connection is closed after the
    answer it was waiting for, and the process exits 0."""
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "src"),
        "LIBNET_VAR": str(tmp_path),
    }
    command = ["sip2", "--host", "127.0.0.1", "--port", "0", "--lang", "en"]
    process = subprocess.Popen(
        [sys.executable, "-m", "libnet.cli", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        # A server that never says it listens must fail the test, not hang it.
        watchdog = threading.Timer(20, process.kill)
        watchdog.start()
        try:
            first_line = process.stdout.readline()
        finally:
            watchdog.cancel()
        assert "SIP2 server listening on 127.0.0.1:" in first_line, first_line
        port = int(first_line.split("127.0.0.1:")[1].split()[0])
        client = RawClient(port)
        assert client.exchange(b"9900802.00\r").startswith(b"98N")  # not signed in: off line
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert client.socket.recv(10) == b""  # the server closed the connection
        client.close()
        rest, errors = process.communicate(timeout=5)
        assert "SIP2 server stopped." in rest
        assert "Traceback" not in errors
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_the_listen_address_comes_from_the_settings(settings):
    settings.LIBNET_SIP2_HOST = "0.0.0.0"
    settings.LIBNET_SIP2_PORT = 6101
    assert (sip2_server.configured_host(), sip2_server.configured_port()) == ("0.0.0.0", 6101)


def test_a_quiet_connection_is_closed(sip2_server):
    quiet = SipServer("127.0.0.1", 0, database=sip2_server.database, idle_seconds=0.2)
    accepting = threading.Thread(target=quiet.serve, kwargs={"poll_interval": 0.01}, daemon=True)
    accepting.start()
    try:
        client = RawClient(quiet.port)
        time.sleep(0.5)
        assert client.socket.recv(10) == b""
        client.close()
    finally:
        quiet.stop()


class CountingDatabaseUse(DatabaseUse):
    """The server's own way with the database, counted."""

    def __init__(self) -> None:
        self.closed_in: list[str] = []

    def end_session(self) -> None:
        super().end_session()
        self.closed_in.append(threading.current_thread().name)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_session_closes_its_own_database_connection(province, monkeypatch):
    """A session's thread opens its own connection (committed rows only) and closes it."""
    services.add_sip_account(
        name="tanlap-1", library=province["commune"], password=PASSWORD, by=None
    )
    closed: list[str] = []
    close_all = db.connections.close_all

    def counting_close_all() -> None:
        closed.append(threading.current_thread().name)
        close_all()

    monkeypatch.setattr(db.connections, "close_all", counting_close_all)
    database = CountingDatabaseUse()
    server = SipServer("127.0.0.1", 0, database=database, idle_seconds=5)
    accepting = threading.Thread(target=server.serve, kwargs={"poll_interval": 0.01}, daemon=True)
    accepting.start()
    try:
        client = RawClient(server.port)
        assert client.exchange(f"9300CNtanlap-1|CO{PASSWORD}|\r".encode()) == b"941\r"
        client.close()
        for _ in range(100):
            if database.closed_in:
                break
            time.sleep(0.02)
    finally:
        server.stop()
    assert len(database.closed_in) == 1
    assert closed == database.closed_in  # closed in the session's thread, not the test's
    assert closed[0] != threading.current_thread().name
