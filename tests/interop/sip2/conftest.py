"""A SIP2 server started by the test, the machines that sign in to it, and their clients.

The server runs in a thread of the test process and lends it the test's own database
connection (as Django's live server does for SQLite in memory): it sees the rows the test
made, the small demo included, and everything it writes is rolled back with the test.
Clients are the registry's: `Sip2` (a SIP2 client for self-check software) and `pysip2`'s
codec (strict typed models of every answer), each talking over a real TCP socket.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pysip2
import pytest
from django.db import connections
from Sip2.sip2 import Sip2

from libnet.catalog.models import Item
from libnet.circulation.models import Loan
from libnet.core import clock
from libnet.core.models import AuditEntry
from libnet.interop.models import SipAccount
from libnet.interop.sip2 import services
from libnet.interop.sip2.server import DatabaseUse, SipServer
from tests.factories import ItemFactory, PatronFactory

PASSWORD = "may-muon-tra-1"


class SharedConnection(DatabaseUse):
    """The test's database connection, lent to the server's threads and never closed there."""

    def __init__(self) -> None:
        self.connection = connections["default"]
        self.sessions_ended = 0

    def begin_session(self) -> None:
        connections["default"] = self.connection

    def before_message(self) -> None:
        pass

    def end_session(self) -> None:
        self.sessions_ended += 1


@pytest.fixture
def sip2_server(db) -> Iterator[SipServer]:
    """A SIP2 server on a free port of 127.0.0.1, stopped (and its sessions joined) after."""
    database = SharedConnection()
    database.connection.inc_thread_sharing()
    server = SipServer("127.0.0.1", 0, database=database, idle_seconds=10)
    accepting = threading.Thread(
        target=server.serve, kwargs={"poll_interval": 0.01}, name="sip2-test", daemon=True
    )
    accepting.start()
    try:
        yield server
    finally:
        server.stop()
        accepting.join(5)
        database.connection.dec_thread_sharing()


@pytest.fixture
def server_errors(caplog) -> Iterator[list[logging.LogRecord]]:
    """The errors the server logged: a bad message must never become one (no traceback)."""
    caplog.set_level(logging.INFO, logger="libnet.sip2")
    records: list[logging.LogRecord] = []
    yield records
    records.extend(
        record
        for record in caplog.records
        if record.name == "libnet.sip2" and record.levelno >= logging.ERROR
    )
    assert records == [], "the SIP2 server logged an error"


def valid_card_until() -> dt.date:
    """Cards made here are valid for a year from today: the server lends at today's date."""
    return clock.today() + dt.timedelta(days=365)


@pytest.fixture
def commune_machine(province) -> SipAccount:
    """The self-check machine of Tân Lập commune library."""
    return services.add_sip_account(
        name="tanlap-1", library=province["commune"], password=PASSWORD, by=None
    )


@pytest.fixture
def tu(province):
    """Hoàng Văn Tú, an adult reader of the commune library, PIN 2468."""
    patron = PatronFactory(
        home_library=province["commune"],
        card_number="TANLAP2026000007",
        full_name="Hoàng Văn Tú",
        card_valid_until=valid_card_until(),
    )
    from libnet.patrons import services as patrons_services

    patrons_services.set_pin(patron=patron, pin="2468", by=None)
    return patron


@pytest.fixture
def pupil(province):
    """A pupil of Tân Lập school: her card is the school's, not valid at the commune."""
    return PatronFactory(
        home_library=province["school"],
        card_number="HS2026000200",
        full_name="Đỗ Thị Hà",
        card_valid_until=valid_card_until(),
    )


@pytest.fixture
def book(province) -> Item:
    """A book on the commune library's shelf."""
    return ItemFactory(
        home_library=province["commune"], barcode="TL0000101", bib__title="Đất rừng phương Nam"
    )


@pytest.fixture
def school_book(province) -> Item:
    """A book on the school library's shelf: another library's copy for the commune machine."""
    return ItemFactory(home_library=province["school"], barcode="TH0000101")


@dataclass(frozen=True)
class Written:
    """What the database holds that a transaction would change."""

    loans: int
    audit_entries: int
    statuses: tuple[tuple[str, str, int], ...]


def written() -> Written:
    return Written(
        loans=Loan.objects.count(),
        audit_entries=AuditEntry.objects.count(),
        statuses=tuple(
            Item.objects.order_by("pk").values_list("barcode", "status", "current_library_id")
        ),
    )


class RawClient:
    """A TCP connection that sends bytes and reads one answer (up to its CR)."""

    def __init__(self, port: int) -> None:
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.buffer = b""

    def send(self, data: bytes) -> None:
        self.socket.sendall(data)

    def answer(self) -> bytes:
        while b"\r" not in self.buffer:
            chunk = self.socket.recv(4096)
            if not chunk:
                raise ConnectionError("the server closed the connection")
            self.buffer += chunk
        frame, _, self.buffer = self.buffer.partition(b"\r")
        return frame + b"\r"

    def exchange(self, data: bytes) -> bytes:
        self.send(data)
        return self.answer()

    def close(self) -> None:
        self.socket.close()


class CodecClient(RawClient):
    """Requests encoded and answers decoded by pysip2's codec, in UTF-8 with error detection:
    an answer whose layout breaks SIP2 fails to decode."""

    sequence = 0

    def call(self, message: pysip2.SIPMessage) -> pysip2.SIPMessage:
        self.sequence = (self.sequence + 1) % 10
        frame = pysip2.encode_message(
            message, sequence_number=self.sequence, checksum=True, encoding="utf-8"
        )
        decoded = pysip2.decode_message(self.exchange(frame), encoding="utf-8")
        assert decoded.sequence_number == self.sequence
        return decoded.message


@pytest.fixture
def raw_client(sip2_server) -> Iterator[RawClient]:
    client = RawClient(sip2_server.port)
    yield client
    client.close()


@pytest.fixture
def codec_client(sip2_server) -> Iterator[CodecClient]:
    client = CodecClient(sip2_server.port)
    yield client
    client.close()


def sip2_client(port: int, institution: str, log_dir: Path) -> Sip2:
    """The `Sip2` registry client, connected in plain TCP (TLS is stunnel's, in production)."""
    client = Sip2()
    client.hostName = "127.0.0.1"
    client.hostPort = port
    client.tlsEnable = False
    client.socketTimeout = 5
    client.institutionId = institution
    client.scLocation = "Tầng 1"  # a location in Vietnamese: its checksum sums characters
    client.logfile_path = str(log_dir)
    logger = logging.getLogger("tests.sip2-client")
    logger.addHandler(logging.NullHandler())
    client.log = logger  # the client's own file log is not needed
    client.connect()
    return client


@pytest.fixture
def client_factory(sip2_server, tmp_path):
    """Makes `Sip2` clients for an institution (AO), disconnected after the test."""
    clients: list[Sip2] = []

    def make(institution: str) -> Sip2:
        client = sip2_client(sip2_server.port, institution, tmp_path)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.disconnect()


def call(client: Sip2, request: str, parse) -> dict:
    """Send one request with the `Sip2` client and parse the answer with the client."""
    return parse(client.get_response(request))


def now18() -> str:
    return dt.datetime.now(tz=clock.VIETNAM).strftime("%Y%m%d    %H%M%S")
