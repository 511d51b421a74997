"""The fixity check (Library Law Art. 27.1.d; TT 02/2020 Art. 8): every original re-read and
its SHA-256 compared with the one computed when it arrived. A file changed or missing is a
FixityProblem of the run; the run itself is a FixityCheck, so the staff page shows when the
files were last known whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from libnet.core import clock
from libnet.digital import storage
from libnet.digital.models import DigitalFile, FixityCheck, FixityProblem, FixityProblemKind

_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileResult:
    """One original as the check found it: `kind` is "" when whole, else changed or missing."""

    file: DigitalFile
    kind: str
    found_sha256: str = ""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_file(digital_file: DigitalFile) -> FileResult:
    """Re-read one original and compare its SHA-256 with the one kept."""
    path = storage.original_path(digital_file)
    try:
        found = sha256_of(path)
    except FileNotFoundError:
        return FileResult(digital_file, FixityProblemKind.MISSING)
    except OSError:
        # A file that cannot be read (permissions, a bad sector) is as good as missing.
        return FileResult(digital_file, FixityProblemKind.MISSING)
    if found != digital_file.sha256:
        return FileResult(digital_file, FixityProblemKind.CHANGED, found)
    return FileResult(digital_file, "")


def run_check(
    *, at: dt.datetime | None = None, report: Callable[[FileResult], None] | None = None
) -> FixityCheck:
    """Check every original; record the run and each file changed or missing.

    The run is recorded first and completed at the end: a run that never finishes shows
    without an end on the staff page. `report` is told of each file as it is checked."""
    run = FixityCheck.objects.create(started_at=at or clock.now())
    checked = 0
    problems: list[FixityProblem] = []
    files = DigitalFile.objects.order_by("pk").only(
        "pk", "path", "sha256", "original_name", "object_id"
    )
    for digital_file in files.iterator(chunk_size=500):
        result = check_file(digital_file)
        checked += 1
        if result.kind:
            problems.append(
                FixityProblem(
                    check_run=run,
                    file=digital_file,
                    kind=result.kind,
                    found_sha256=result.found_sha256,
                )
            )
        if report is not None:
            report(result)
    with transaction.atomic():
        FixityProblem.objects.bulk_create(problems)
        run.finished_at = clock.now()
        run.files_checked = checked
        run.problems = len(problems)
        run.save(update_fields=["finished_at", "files_checked", "problems"])
    return run


def last_checks(limit: int = 10) -> list[FixityCheck]:
    """The latest runs, newest first."""
    return list(FixityCheck.objects.order_by("-started_at")[:limit])
