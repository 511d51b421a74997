"""Jobs of `libnet worker` survive the worker: a job left running by a dead worker is taken up.

A worker claims a job by writing its identity (host and process id) and a heartbeat on the
row, and beats the heart as it goes. A job is abandoned when its worker is gone:

- on this machine, when no process has the worker's id any more (killed, crashed, rebooted:
  known at once);
- on another machine, when the heartbeat is older than `LIBNET_JOB_STALE_SECONDS`.

Every worker looks for abandoned jobs before it takes new ones and puts them back in the queue
(`attempts` + 1); after `LIBNET_JOB_MAX_ATTEMPTS` a job is failed with that reason instead, so
one file that kills the worker cannot stop every import behind it. What a job does when taken
up again is its own business: a MARC import goes on after the last batch it committed
(interop/jobs.py), a document is made again from the start (core/jobs.py).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from libnet.core import clock

DEFAULT_STALE_SECONDS = 300
DEFAULT_MAX_ATTEMPTS = 3


class ClaimedByWorker(models.Model):
    """The columns by which a worker holds a job (an abstract base of every job table)."""

    worker = models.CharField(_("worker"), max_length=120, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True


def worker_id() -> str:
    """This process as a worker: host name and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def is_abandoned(worker: str, heartbeat_at: dt.datetime | None, *, now: dt.datetime) -> bool:
    """Whether the worker that holds a job is gone (see the module's docstring)."""
    host, _, pid = worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return not _process_alive(int(pid))
    stale = int(getattr(settings, "LIBNET_JOB_STALE_SECONDS", DEFAULT_STALE_SECONDS))
    return heartbeat_at is None or heartbeat_at < now - dt.timedelta(seconds=stale)


def claim_fields(now: dt.datetime) -> dict[str, Any]:
    """The columns to write when this worker takes a job."""
    return {"worker": worker_id(), "heartbeat_at": now}


def take_up_abandoned(
    model: type[ClaimedByWorker],
    *,
    running: str,
    queued: str,
    failed: str,
    reason: str,
    on_failed: Callable[[Any], None] | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Put the running jobs of `model` whose worker is gone back in the queue; fail the ones
    that were taken up too often already. Return how many were requeued."""
    now = now or clock.now()
    max_attempts = int(getattr(settings, "LIBNET_JOB_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))
    requeued = 0
    jobs: Any = model._default_manager  # every job table has status, error and finished_at
    for job in jobs.filter(status=running):
        if not is_abandoned(job.worker, job.heartbeat_at, now=now):
            continue
        with transaction.atomic():
            # Only if it is still the same worker's: another worker may have just done this.
            held = jobs.filter(pk=job.pk, status=running, worker=job.worker)
            if job.attempts >= max_attempts:
                if held.update(status=failed, error=reason, finished_at=now, worker=""):
                    job.refresh_from_db()
                    if on_failed is not None:
                        on_failed(job)
            elif held.update(
                status=queued, attempts=job.attempts + 1, worker="", heartbeat_at=None
            ):
                requeued += 1
    return requeued
