"""Z39.50 search through YAZ's `yaz-client` (Debian package yaz), run once per search with a
command file: YAZ speaks the protocol (BER, init, search, present); libnet writes no encoder.

The records come back in the file given to `-m`, as the target sent them (ISO 2709, MARC-8
or UTF-8), and are decoded by libnet's own MARC reader, which sniffs the encoding (the
leader can lie). yaz-client's screen output is read only for the number of hits, the
target's diagnostics and whether the connection worked.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import NoReturn

from django.utils.translation import gettext as _

from libnet.interop.copycat import query
from libnet.interop.copycat.answers import Answer, FoundRecord
from libnet.interop.copycat.errors import CopyCatalogueRefused
from libnet.interop.marc import reader
from libnet.interop.models import CopyTarget

CLIENT = "yaz-client"
_HITS = re.compile(r"^Number of hits: (\d+)", re.MULTILINE)
_DIAGNOSTIC = re.compile(r"^\s+\[(\d+)\] (.*)$", re.MULTILINE)
_NOT_CONNECTED = ("Connecting...error", "Not connected", "Connection closed by target")
_REJECTED = "Connection rejected"
_SEARCH_FAILED = "Search was a bloomin' failure"
# Every part of a command line comes from the admin's target or from query.pqf; a stray
# control character would end the command early and start another.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def client_path() -> str | None:
    """Where yaz-client is installed, or None."""
    return shutil.which(CLIENT)


def _clean(value: str) -> str:
    return _CONTROL.sub("", value).strip()


def search(target: CopyTarget, search: query.Search, *, limit: int) -> Answer:
    """Search `target` over Z39.50 and return up to `limit` records, decoded.

    Raises CopyCatalogueRefused: client_missing, target_unreachable, target_timeout,
    target_diagnostic, bad_response.
    """
    client = client_path()
    if client is None:
        raise CopyCatalogueRefused("client_missing")
    pqf = query.pqf(search)
    # The server sends the first `limit` records with the search response (piggyback: no
    # result set is "small", none "large", a medium one comes with `limit` records).
    first = _run(client, target, [*_setup(target, limit), f"find {pqf}"])
    hits = _hits(target, first.output)
    records = first.records
    if hits and not records:
        # A server that does not piggyback: ask for the records with a present request.
        wanted = min(limit, hits)
        second = _run(client, target, [*_setup(target, limit), f"find {pqf}", f"show 1+{wanted}"])
        records = second.records
        if not records:
            _raise_diagnostic(target, second.output)
    return Answer(hits=hits, records=records[:limit])


def _setup(target: CopyTarget, limit: int) -> list[str]:
    address = f"tcp:{_clean(target.host)}:{int(target.port)}/{_clean(target.database)}"
    return [
        f"open {address}",
        f"format {_clean(target.record_syntax)}",
        "ssub 0",
        "lslb 1000000",
        f"mspn {int(limit)}",
    ]


class _Run:
    def __init__(self, output: str, records: list[FoundRecord]) -> None:
        self.output = output
        self.records = records


def _run(client: str, target: CopyTarget, commands: list[str]) -> _Run:
    with tempfile.TemporaryDirectory(prefix="libnet-z3950-") as tmp:
        command_file = Path(tmp) / "commands"
        marc_file = Path(tmp) / "records.mrc"
        command_file.write_text("\n".join([*commands, "quit", ""]), encoding="utf-8")
        try:
            completed = subprocess.run(
                [client, "-f", str(command_file), "-m", str(marc_file)],
                capture_output=True,
                timeout=target.timeout_seconds,
                cwd=tmp,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise CopyCatalogueRefused(
                "target_timeout", target=target.name, seconds=target.timeout_seconds
            ) from None
        output = completed.stdout.decode("utf-8", "replace")
        if any(marker in output for marker in _NOT_CONNECTED) or "Connecting...OK" not in output:
            raise CopyCatalogueRefused("target_unreachable", target=target.name)
        if _REJECTED in output:
            raise CopyCatalogueRefused(
                "target_diagnostic", target=target.name, detail=_diagnostics(output) or _REJECTED
            )
        records = _read(marc_file, target) if marc_file.exists() else []
    return _Run(output, records)


def _read(path: Path, target: CopyTarget) -> list[FoundRecord]:
    found: list[FoundRecord] = []
    with path.open("rb") as stream:
        for read in reader.read_records(stream, file_format="iso2709", encoding=target.encoding):  # type: ignore[arg-type]  # a TargetEncoding value is an Encoding
            found.append(FoundRecord(position=read.number, record=read.record, error=read.error))
    return found


def _diagnostics(output: str) -> str:
    return "; ".join(f"[{number}] {text.strip()}" for number, text in _DIAGNOSTIC.findall(output))


def _raise_diagnostic(target: CopyTarget, output: str) -> NoReturn:
    detail = _diagnostics(output)
    if detail:
        raise CopyCatalogueRefused("target_diagnostic", target=target.name, detail=detail)
    raise CopyCatalogueRefused(
        "bad_response", target=target.name, detail=_("no record and no diagnostic came back")
    )


def _hits(target: CopyTarget, output: str) -> int:
    if _SEARCH_FAILED in output:
        _raise_diagnostic(target, output)
    match = _HITS.search(output)
    if match is None:
        _raise_diagnostic(target, output)
    return int(match.group(1))
