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

from libnet.core import audit, clock
from libnet.core.audit import Actor
from libnet.interop.models import JobStatus, MarcImportJob
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
