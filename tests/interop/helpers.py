"""Running libnet's MARC commands in-process, as an administrator types them."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import pymarc
from django.core.management import CommandError, call_command

from libnet.catalog.models import BibRecord, Item


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str

    @property
    def counts(self) -> dict[str, int]:
        """The JSON object on the last line of stdout (`--json`)."""
        return json.loads(self.stdout.strip().splitlines()[-1])


def run_command(name: str, *args: str, **options) -> Run:
    """Run a management command; return its exit status and output instead of raising."""
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=stdout, stderr=stderr, **options)
    except CommandError as error:
        stderr.write(str(error))
        return Run(error.returncode, stdout.getvalue(), stderr.getvalue())
    return Run(0, stdout.getvalue(), stderr.getvalue())


def import_marc(*files, library: str = "SL-TVT", **options) -> Run:
    return run_command(
        "import_marc", *[str(f) for f in files], library=library, json=True, **options
    )


def catalogue_size() -> tuple[int, int]:
    return BibRecord.objects.count(), Item.objects.count()


def write_marc(tmp_path: Path, name: str, *records: pymarc.Record) -> Path:
    path = tmp_path / name
    with path.open("wb") as out:
        for record in records:
            record.leader = record.leader[:9] + "a" + record.leader[10:]
            out.write(record.as_marc())
    return path


def with_852(record: pymarc.Record, *copies: tuple[str, str]) -> pymarc.Record:
    for library_code, barcode in copies:
        record.add_field(
            pymarc.Field(
                tag="852",
                indicators=[" ", " "],
                subfields=[
                    pymarc.Subfield("a", library_code),
                    pymarc.Subfield("h", "895.9223 V500T"),
                    pymarc.Subfield("p", barcode),
                ],
            )
        )
    return record


def report_sections(path: Path) -> tuple[list[str], list[str]]:
    """The failures and the warnings of an import's --report file, each a list of lines."""
    failures: list[str] = []
    warnings: list[str] = []
    section = failures
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# Failures"):
            section = failures
        elif line.startswith("# Warnings"):
            section = warnings
        elif line:
            section.append(line)
    return failures, warnings
