"""Real Z39.50 / SRU servers written by others, started by the tests themselves:

- Index Data's Zebra (`zebrasrv`, Debian idzebra-2.0) serving records of the Evergreen test
  files in ../shared/data/marc/evergreen, over Z39.50 and SRU on one port: the French
  MARC-8 records of lul_fre_100.mrc and the UTF-8 Nepali records of nepali.marc;
- YAZ's test server `yaz-ztest` (Debian yaz), which answers any search with its own records.

Each is skipped with its reason only where the package or the shared data is missing.
"""

from __future__ import annotations

import glob
import http.server
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import translation

from libnet.interop.models import CopyTarget
from tests.conftest import SHARED_DATA

EVERGREEN = SHARED_DATA / "marc" / "evergreen"
ZEBRA_FILES = ("lul_fre_100.mrc", "nepali.marc")
ZEBRA_TAB = Path("/usr/share/idzebra-2.0/tab")
DATABASE = "evergreen"


@pytest.fixture(autouse=True)
def english():
    """Refusals are checked by code and against their English source text."""
    with translation.override("en"):
        yield


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    database: str

    @property
    def sru_url(self) -> str:
        return f"http://{self.host}:{self.port}/{self.database}"

    def target(self, **fields: object) -> CopyTarget:
        """An unsaved target for this server, both protocols, MARC-8 detected."""
        values: dict[str, object] = {
            "name": "Zebra",
            "host": self.host,
            "port": self.port,
            "database": self.database,
            "sru_url": self.sru_url,
            "timeout_seconds": 20,
            "is_enabled": True,
        }
        values.update(fields)
        return CopyTarget(**values)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not listen on {port}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _zebra_modules() -> str:
    found = glob.glob("/usr/lib/*/idzebra-2.0/modules") + glob.glob("/usr/lib/idzebra-2.0/modules")
    return ":".join(found)


# Zebra's usmarc.abs indexes title and author; copy cataloguing also searches ISBN (020 $a)
# and added authors (700).
_EXTRA_INDEXES = """
elm 020\t\tISBN\t-
elm 020/?\t\tISBN\t-
elm 020/?/a\t\tISBN\t!:w
elm 700\t\tAuthor\t-
elm 700/?\t\tAuthor\t!:w
"""

_ZEBRA_CFG = """profilePath: .:{tab}
modulePath: {modules}
attset: bib1.att
attset: explain.att
recordType: grs.marc.usmarc
register: reg:200M
lockDir: lock
"""

# Z39.50 gives the records as stored (ISO 2709). SRU gives MARCXML made by YAZ's retrieval
# chain: Zebra's grs.marc filter hands the record back as UTF-8 of its Latin-1 reading, so
# the bytes are put back first, then read as MARC-8 (the French file) into MARCXML.
_YAZGFS = """<?xml version="1.0"?>
<yazgfs>
  <listen id="main">tcp:127.0.0.1:{port}</listen>
  <server id="zebra" listenref="main">
    <config>zebra.cfg</config>
    <cql2rpn>{pqf}</cql2rpn>
    <retrievalinfo>
      <retrieval syntax="usmarc" name="F"/>
      <retrieval syntax="usmarc" name="B"/>
      <retrieval syntax="xml" name="marcxml" identifier="info:srw/schema/1/marcxml-v1.1">
        <backend syntax="usmarc" name="F">
          <marc inputformat="marc" outputformat="marc" inputcharset="utf-8" outputcharset="iso-8859-1"/>
          <marc inputformat="marc" outputformat="marcxml" inputcharset="marc-8"/>
        </backend>
      </retrieval>
    </retrievalinfo>
  </server>
</yazgfs>
"""


@pytest.fixture(scope="session")
def zebra(tmp_path_factory) -> Iterator[Server]:
    """zebrasrv on a free port, its index built from the Evergreen files in a temporary folder."""
    zebrasrv, zebraidx = shutil.which("zebrasrv"), shutil.which("zebraidx")
    if zebrasrv is None or zebraidx is None:
        pytest.skip("Zebra is not installed (Debian's idzebra-2.0; make test installs it)")
    if not EVERGREEN.is_dir():
        pytest.skip(f"the shared test data is absent ({EVERGREEN})")
    pqf = Path("/usr/share/yaz/etc/pqf.properties")
    if not pqf.is_file() or not ZEBRA_TAB.is_dir():
        pytest.skip("Zebra's or YAZ's configuration files are missing (idzebra-2.0, yaz)")
    folder = tmp_path_factory.mktemp("zebra")
    (folder / "reg").mkdir()
    (folder / "lock").mkdir()
    (folder / "usmarc.abs").write_text(
        (ZEBRA_TAB / "usmarc.abs").read_text() + _EXTRA_INDEXES, encoding="utf-8"
    )
    (folder / "zebra.cfg").write_text(
        _ZEBRA_CFG.format(tab=ZEBRA_TAB, modules=_zebra_modules()), encoding="utf-8"
    )
    port = free_port()
    (folder / "yazgfs.xml").write_text(_YAZGFS.format(port=port, pqf=pqf), encoding="utf-8")
    records = [str(EVERGREEN / name) for name in ZEBRA_FILES]
    subprocess.run(
        [zebraidx, "-c", "zebra.cfg", "-d", DATABASE, "update", *records],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=120,
    )
    log = folder / "zebrasrv.log"
    process = subprocess.Popen(
        [zebrasrv, "-f", "yazgfs.xml", "-l", str(log)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, process, log)
        yield Server("127.0.0.1", port, DATABASE)
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def ztest(tmp_path_factory) -> Iterator[Server]:
    """yaz-ztest on a free port: YAZ's own Z39.50 test server and its built-in records."""
    program = shutil.which("yaz-ztest")
    if program is None:
        pytest.skip("yaz-ztest is not installed (Debian's yaz; make test installs it)")
    folder = tmp_path_factory.mktemp("ztest")
    port = free_port()
    log = folder / "ztest.log"
    process = subprocess.Popen(
        [program, "-l", str(log), f"tcp:127.0.0.1:{port}"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, process, log)
        yield Server("127.0.0.1", port, "Default")
    finally:
        _stop(process)


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers: a catalogue that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        yield int(listener.getsockname()[1])
    finally:
        listener.close()


@pytest.fixture
def closed_port() -> int:
    """A port nobody listens on: a catalogue that is down."""
    return free_port()


@pytest.fixture
def http_answer() -> Iterator[tuple[str, list[bytes]]]:
    """A web server answering every GET with the body put in the list (an HTML error page,
    an SRU diagnostic…): what a misconfigured SRU URL gets back. Yields (url, bodies)."""
    bodies: list[bytes] = [b"<html><body>Not a catalogue</body></html>"]

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = bodies[-1]
            self.send_response(200)
            self.send_header(
                "Content-Type", "text/html" if body.startswith(b"<html") else "text/xml"
            )
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sru", bodies
    finally:
        server.shutdown()
        server.server_close()
