"""Documents made in the background: a page asks, `libnet worker` makes, the page downloads.

A document that takes longer than a page should wait (the PDF of a register of 100,000
copies: about a minute) must not hold a web worker. The page queues a `DocumentJob`; the
worker, which already polls for MARC imports, runs it into a file under
settings.LIBNET_EXPORT_DIR and records its progress; the page polls the job and offers the
file when it is done. Finished files are deleted after settings.LIBNET_EXPORT_KEEP_DAYS.

An app offers a kind of document by registering a handler (a port: core knows no app):
`jobs.register("catalog.register_pdf", handler)`, where `handler(job, out, progress)` writes
the document to `out` and calls `progress(n)` as n more of `job.total` units are done.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction
from django.db.models import F

from libnet.core import audit, clock, workers
from libnet.core.audit import Actor
from libnet.core.models import DocumentJob, DocumentJobStatus

logger = logging.getLogger(__name__)

Progress = Callable[[int], None]
Handler = Callable[[DocumentJob, BinaryIO, Progress], None]

_handlers: dict[str, Handler] = {}
# Progress is written at most this often: a row update per copy would cost more than the copy.
PROGRESS_SECONDS = 1.0


def register(kind: str, handler: Handler) -> None:
    """Let `libnet worker` make documents of `kind` with `handler`."""
    _handlers[kind] = handler


def enqueue(
    *,
    kind: str,
    params: dict[str, Any],
    title: str,
    file_name: str,
    content_type: str,
    total: int,
    by: Actor,
    library_id: int | None = None,
) -> DocumentJob:
    """Queue a document for the worker, or return the same request already waiting or running
    (a second click does not make the document twice)."""
    user = by if getattr(by, "is_authenticated", False) else None
    with transaction.atomic():
        waiting = (
            DocumentJob.objects.select_for_update()
            .filter(
                kind=kind,
                created_by=user,  # type: ignore[misc]  # Actor narrowed at runtime
                status__in=[DocumentJobStatus.QUEUED, DocumentJobStatus.RUNNING],
            )
            .order_by("-created_at", "-id")
        )
        for job in waiting:
            if job.params == params:
                return job
        job = DocumentJob.objects.create(
            kind=kind,
            params=params,
            library_id=library_id,
            created_by=user,  # type: ignore[misc]  # Actor narrowed at runtime
            title=title[:300],
            file_name=file_name[:200],
            content_type=content_type,
            total=total,
            created_at=clock.now(),
        )
        audit.record(
            "document_job.enqueue",
            subject=job,
            by=by,
            library_id=library_id,
            after={"kind": kind, "params": params, "total": total},
        )
    return job


def _directory() -> Path:
    directory = Path(settings.LIBNET_EXPORT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def run_job(job: DocumentJob) -> DocumentJob:
    """Make one queued document: running → done (the file stored) or failed (the reason)."""
    now = clock.now()
    claimed = DocumentJob.objects.filter(pk=job.pk, status=DocumentJobStatus.QUEUED).update(
        status=DocumentJobStatus.RUNNING, started_at=now, done=0, **workers.claim_fields(now)
    )
    if not claimed:  # another worker took it
        job.refresh_from_db()
        return job
    job.refresh_from_db()
    suffix = Path(job.file_name).suffix.lower()[:10]
    path = _directory() / f"{uuid.uuid4().hex}{suffix}"
    pending = 0
    last_write = time.monotonic()

    def progress(count: int) -> None:
        nonlocal pending, last_write
        pending += count
        if time.monotonic() - last_write >= PROGRESS_SECONDS:
            DocumentJob.objects.filter(pk=job.pk).update(
                done=F("done") + pending, heartbeat_at=clock.now()
            )
            pending, last_write = 0, time.monotonic()

    status, error = DocumentJobStatus.DONE, ""
    handler = _handlers.get(job.kind)
    if handler is None:
        status, error = DocumentJobStatus.FAILED, f"unknown kind of document: {job.kind}"
    else:
        try:
            with path.open("wb") as out:
                handler(job, out, progress)
        # The worker goes on to the next document whatever went wrong with this one; the
        # reason is kept on the job for the page, the traceback in the log.
        except Exception as failure:
            logger.exception("document job %s failed", job.pk)
            status, error = DocumentJobStatus.FAILED, str(failure) or type(failure).__name__
            path.unlink(missing_ok=True)
    with transaction.atomic():
        DocumentJob.objects.filter(pk=job.pk).update(
            status=status,
            error=error,
            stored_path=str(path) if status == DocumentJobStatus.DONE else "",
            done=F("total") if status == DocumentJobStatus.DONE else F("done") + pending,
            finished_at=clock.now(),
            worker="",
        )
        job.refresh_from_db()
        audit.record(
            "document_job.finish",
            subject=job,
            by=job.created_by,
            library_id=job.library_id,
            after={"status": status, "error": error},
        )
    return job


def take_up_abandoned() -> int:
    """Queue again the documents whose worker died; they are made again from the start."""
    return workers.take_up_abandoned(
        DocumentJob,
        running=DocumentJobStatus.RUNNING,
        queued=DocumentJobStatus.QUEUED,
        failed=DocumentJobStatus.FAILED,
        reason="the worker stopped while making this document, several times",
    )


def run_pending() -> int:
    """Make every queued document, oldest first (abandoned ones taken up first); return how
    many were run."""
    take_up_abandoned()
    run = 0
    while True:
        job = (
            DocumentJob.objects.filter(status=DocumentJobStatus.QUEUED)
            .order_by("created_at", "id")
            .first()
        )
        if job is None:
            return run
        run_job(job)
        run += 1


def purge(*, now: dt.datetime | None = None) -> int:
    """Delete the finished documents older than settings.LIBNET_EXPORT_KEEP_DAYS, files and
    rows; return how many."""
    now = now or clock.now()
    limit = now - dt.timedelta(days=int(settings.LIBNET_EXPORT_KEEP_DAYS))
    old = DocumentJob.objects.filter(
        status__in=[DocumentJobStatus.DONE, DocumentJobStatus.FAILED], finished_at__lt=limit
    )
    count = 0
    for job in old:
        if job.stored_path:
            Path(job.stored_path).unlink(missing_ok=True)
        job.delete()
        count += 1
    return count


def stored_file(job: DocumentJob) -> Path | None:
    """The file of a finished document, or None (not done yet, failed, or purged)."""
    if job.status != DocumentJobStatus.DONE or not job.stored_path:
        return None
    path = Path(job.stored_path)
    return path if path.is_file() else None
