"""Background MARC imports: the staff upload page enqueues, `libnet worker` runs.

A job is a row in MarcImportJob plus the uploaded file under settings.LIBNET_IMPORT_DIR.
The worker polls the table (no broker to install: SQLite and PostgreSQL both suffice).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from libnet.core import audit, clock, workers
from libnet.core.audit import Actor
from libnet.interop.marc.reader import UnreadableFile
from libnet.interop.models import JobStatus, MarcImportJob
from libnet.interop.services import (
    ImportCounts,
    ImportOptions,
    ImportOptionsInvalid,
    Resume,
    import_marc_file,
)
from libnet.network.models import Library


def _store(uploaded: IO[bytes], original_name: str) -> tuple[Path, int]:
    directory = Path(settings.LIBNET_IMPORT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    suffix = Path(original_name).suffix.lower()[:10]
    path = directory / f"{uuid.uuid4().hex}{suffix}"
    size = 0
    with path.open("wb") as out:
        chunks = getattr(uploaded, "chunks", None)
        if chunks is not None:
            for chunk in chunks():
                out.write(chunk)
                size += len(chunk)
        else:
            while chunk := uploaded.read(1 << 20):
                out.write(chunk)
                size += len(chunk)
    return path, size


def enqueue_import(
    *,
    library: Library,
    uploaded: IO[bytes],
    original_name: str,
    by: Actor,
    options: dict[str, Any] | None = None,
) -> MarcImportJob:
    """Store an uploaded MARC file and queue it for import into `library`."""
    path, size = _store(uploaded, original_name)
    with transaction.atomic():
        job = MarcImportJob.objects.create(
            library=library,
            created_by=by if getattr(by, "is_authenticated", False) else None,  # type: ignore[misc]  # Actor narrowed at runtime
            original_name=original_name[:255],
            stored_path=str(path),
            file_size=size,
            options=options or {},
            status=JobStatus.QUEUED,
            created_at=clock.now(),
        )
        audit.record(
            "marc_import.enqueue",
            subject=job,
            by=by,
            library_id=library.pk,
            after={"file": job.original_name, "size": size, "options": job.options},
        )
    return job


def run_job(job: MarcImportJob) -> MarcImportJob:
    """Run one queued import: running → done (or failed), progress saved as it goes.

    Per-record problems go to `job.report` and do not fail the job; a file that cannot be
    read at all, or an unknown library in the options, does. Each batch's checkpoint (records
    done, counts, report) is committed with the batch: a job taken up again after its worker
    died (workers.take_up_abandoned) goes on after the last committed batch.
    """
    now = clock.now()
    claimed = MarcImportJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, **workers.claim_fields(now)
    )
    if not claimed:  # another worker took it
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    report_lines: list[str] = job.report.splitlines() if job.records_done else []
    warning_lines: list[str] = job.warnings_report.splitlines() if job.records_done else []
    resume = (
        Resume(records_done=job.records_done, counts=ImportCounts(**job.counts))
        if job.records_done
        else None
    )

    def on_batch(records_done: int, bytes_read: int, counts: ImportCounts) -> None:
        MarcImportJob.objects.filter(pk=job.pk).update(
            records_done=records_done,
            bytes_read=bytes_read,
            counts=counts.as_dict(),
            report="\n".join(report_lines),
            warnings_report="\n".join(warning_lines),
            heartbeat_at=clock.now(),
        )

    status, error = JobStatus.DONE, ""
    counts = resume.counts if resume else ImportCounts()
    try:
        counts = import_marc_file(
            path=Path(job.stored_path),
            library=job.library,
            by=job.created_by,
            options=ImportOptions.from_dict(job.options),
            on_failure=report_lines.append,
            on_warning=warning_lines.append,
            on_batch=on_batch,
            resume=resume,
        )
    except (UnreadableFile, ImportOptionsInvalid) as failure:
        status, error = JobStatus.FAILED, str(failure)
    except OSError as failure:
        status, error = JobStatus.FAILED, f"{job.original_name}: {failure.strerror}"
    _finish(
        job,
        status=status,
        error=error,
        counts=counts.as_dict(),
        report=report_lines,
        warnings=warning_lines,
    )
    job.refresh_from_db()
    return job


def _finish(
    job: MarcImportJob,
    *,
    status: str,
    error: str,
    counts: dict[str, int],
    report: list[str],
    warnings: list[str],
) -> None:
    with transaction.atomic():
        MarcImportJob.objects.filter(pk=job.pk).update(
            status=status,
            error=error,
            counts=counts,
            report="\n".join(report),
            warnings_report="\n".join(warnings),
            bytes_read=job.file_size if status == JobStatus.DONE else F("bytes_read"),
            finished_at=clock.now(),
            worker="",
        )
        job.refresh_from_db()
        audit.record(
            "marc_import.finish",
            subject=job,
            by=job.created_by,
            library_id=job.library_id,
            after={"status": status, "counts": job.counts, "error": error},
        )


def _audit_abandoned(job: MarcImportJob) -> None:
    audit.record(
        "marc_import.finish",
        subject=job,
        by=job.created_by,
        library_id=job.library_id,
        after={"status": job.status, "counts": job.counts, "error": job.error},
    )


def take_up_abandoned() -> int:
    """Put imports whose worker died back in the queue (they go on where they stopped)."""
    return workers.take_up_abandoned(
        MarcImportJob,
        running=JobStatus.RUNNING,
        queued=JobStatus.QUEUED,
        failed=JobStatus.FAILED,
        reason=str(
            _("The worker stopped while importing this file, several times: it was given up.")
        ),
        on_failed=_audit_abandoned,
    )


def run_pending_jobs() -> int:
    """Run every queued import, oldest first (abandoned ones taken up first); return how many
    were run."""
    take_up_abandoned()
    run = 0
    while True:
        job = (
            MarcImportJob.objects.filter(status=JobStatus.QUEUED)
            .select_related("library", "created_by")
            .order_by("created_at", "id")
            .first()
        )
        if job is None:
            return run
        run_job(job)
        run += 1
