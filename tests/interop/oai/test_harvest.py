"""Lan harvests another province's libnet over OAI-PMH (`libnet harvest`): a real second
libnet, in its own process and database, served over HTTP; then only what changed there."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pymarc
import pytest

from libnet.catalog.models import BibRecord, Item
from libnet.interop.models import HarvestSource
from tests import migrated
from tests.factories import make_marc
from tests.interop.helpers import run_command, write_marc
from tests.processes import libnet_commands

pytestmark = pytest.mark.django_db

SRC = str(Path(__file__).resolve().parents[3] / "src")


@dataclass
class OtherLibnet:
    """Hà Nam's libnet: its base URL, and its `libnet` command."""

    url: str
    root: Path
    env: dict[str, str]

    def libnet(self, *commands: list[str]) -> str:
        """Run `libnet` commands, one after the other in one process (each process of
        its own would start Django again)."""
        done = libnet_commands(self.env, *commands)
        assert done.returncode in (0, 1), done.stderr
        return done.stdout

    def import_command(
        self, name: str, *records: pymarc.Record, replace: bool = False
    ) -> list[str]:
        path = write_marc(self.root, name, *records)
        extra = ["--on-duplicate", "replace"] if replace else []
        return ["import_marc", str(path), "--library", "HN-TVT", *extra]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _book(number: int, title: str, *copies: str) -> pymarc.Record:
    record = make_marc(title=title, control_number=f"HN{number:06d}", isbn=None)
    record["003"].data = "VN-HNTVT"
    for barcode in copies:
        record.add_field(
            pymarc.Field(
                tag="852",
                indicators=pymarc.Indicators(" ", " "),
                subfields=[
                    pymarc.Subfield("a", "HN-TVT"),
                    pymarc.Subfield("h", "959.7 L302S"),
                    pymarc.Subfield("p", barcode),
                ],
            )
        )
    return record


@pytest.fixture(scope="module")
def other_libnet(tmp_path_factory):
    """Hà Nam's provincial library runs its own libnet: five records, three with copies."""
    root = tmp_path_factory.mktemp("hanam")
    env = {
        **os.environ,
        "PYTHONPATH": SRC,
        "LIBNET_VAR": str(root / "var"),
        "DATABASE_URL": f"sqlite:///{root / 'hanam.sqlite3'}",
        "LIBNET_OAI_REPOSITORY_IDENTIFIER": "thuvien.hanam.example",
        "LIBNET_OAI_PAGE_SIZE": "2",
        "LIBNET_DEPLOYMENT": "local",
        "DEBUG": "0",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    port = _free_port()
    other = OtherLibnet(url=f"http://127.0.0.1:{port}/oai", root=root, env=env)
    copied = migrated.copy_to(root / "hanam.sqlite3")
    other.libnet(
        *([] if copied else [["migrate", "-v0"]]),
        ["add_library", "HN-TVT", "--name", "Thư viện tỉnh Hà Nam", "--kind", "provincial"],
        other.import_command(
            "hanam.mrc",
            _book(1, "Lịch sử Hà Nam", "HN0001", "HN0002"),
            _book(2, "Chèo Hà Nam", "HN0003"),
            _book(3, "Trống đồng Ngọc Lũ", "HN0004"),
            _book(4, "Thơ Nguyễn Khuyến"),  # no copies
            _book(5, "Tú Xương toàn tập"),  # no copies
        ),
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "libnet.cli", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(120):
            try:
                urllib.request.urlopen(f"{other.url}?verb=Identify", timeout=2).read()
                break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("the other libnet did not start")
        time.sleep(1.1)  # its records a second older than the first harvest
        yield other
    finally:
        server.terminate()
        server.wait(timeout=30)


def harvest(*args: str):
    return run_command("harvest", *args, "--library", "SL-TVT", "--json")


def test_a_first_harvest_brings_every_record_and_its_copies(other_libnet, province, settings):
    settings.LIBNET_HARVEST_OVERLAP_SECONDS = 0
    run = harvest(other_libnet.url)
    assert run.status == 0, run.stderr
    counts = run.counts
    assert counts["records_read"] == 5
    assert counts["created"] == 5
    assert counts["items_created"] == 4
    assert counts["pages"] == 3  # the source gives two records a page
    assert counts["metadata_prefix"] == "marc21"
    harvested = BibRecord.objects.get(control_number="HN000001", control_number_source="VN-HNTVT")
    assert harvested.title == "Lịch sử Hà Nam"
    copies = Item.objects.filter(bib=harvested).order_by("barcode")
    assert [c.barcode for c in copies] == ["HN0001", "HN0002"]
    assert copies[0].home_library.code == "SL-TVT"
    assert copies[0].call_number == "959.7 L302S"
    assert "HN-TVT" in copies[0].notes  # the source library, kept in the copy's notes
    # Records without copies join the union catalogue without copies.
    poems = BibRecord.objects.get(control_number="HN000004")
    assert not Item.objects.filter(bib=poems).exists()
    source = HarvestSource.objects.get(url=other_libnet.url)
    assert source.next_from.endswith("Z")
    assert source.last_counts["created"] == 5


def test_the_next_harvest_brings_only_what_changed_and_counts_deletions(
    other_libnet, province, settings
):
    settings.LIBNET_HARVEST_OVERLAP_SECONDS = 0
    assert harvest(other_libnet.url).status == 0
    time.sleep(1.1)
    other_libnet.libnet(
        other_libnet.import_command(
            "changes.mrc", _book(2, "Chèo Hà Nam (tái bản)", "HN0003"), replace=True
        ),
        other_libnet.import_command("new.mrc", _book(6, "Đình làng Hà Nam", "HN0005")),
        [
            "shell",
            "-c",
            "from libnet.catalog import services as s; from libnet.catalog.models import BibRecord;"
            "from libnet.network.models import Library;"
            "s.delete_record(bib=BibRecord.objects.get(control_number='HN000005'), by=None,"
            " library=Library.objects.get(code='HN-TVT'))",
        ],
    )
    run = harvest(other_libnet.url)
    assert run.status == 0, run.stderr
    counts = run.counts
    assert counts["records_read"] == 2
    assert counts["created"] == 1
    assert counts["updated"] == 1
    assert counts["items_created"] == 1
    assert counts["deleted_at_source"] == 1
    assert BibRecord.objects.get(control_number="HN000002").title == "Chèo Hà Nam (tái bản)"
    # Counted, not deleted: a cataloguer decides about a shared record.
    assert BibRecord.objects.filter(control_number="HN000005").exists()
    again = harvest(other_libnet.url, "--full")
    assert again.counts["records_read"] == 5
    assert again.counts["created"] == 0


def test_a_set_of_the_source_is_harvested_on_its_own(other_libnet, province):
    run = harvest(other_libnet.url, "--set", "library:HN-TVT")
    assert run.status == 0, run.stderr
    assert run.counts["records_read"] >= 3
    assert not BibRecord.objects.filter(control_number="HN000004").exists()  # no copies there


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("ftp://example.org/oai",), "not an OAI-PMH base URL"),
        (("http://127.0.0.1:9/oai",), "Cannot reach"),
        (("http://example.org/oai?" + "x" * 600,), "at most 500 characters"),
    ],
)
def test_a_source_that_cannot_be_harvested_is_a_clear_error(province, args, says):
    run = harvest(*args)
    assert run.status == 2
    assert says in run.stderr
    assert not HarvestSource.objects.exists()


def test_an_oai_error_of_the_source_stops_the_harvest_with_its_words(other_libnet, province):
    run = harvest(other_libnet.url, "--prefix", "mods")
    assert run.status == 2
    assert "cannotDisseminateFormat" in run.stderr
    run = harvest(other_libnet.url, "--from", "yesterday")
    assert run.status == 2
    assert BibRecord.objects.count() == 0


def test_an_unknown_library_is_a_usage_error(other_libnet, province):
    run = run_command("harvest", other_libnet.url, "--library", "NOWHERE")
    assert run.status == 2
