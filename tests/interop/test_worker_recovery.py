"""An import whose worker died is taken up again and goes on where it stopped.

The first test kills a real `libnet worker` (SIGKILL) in the middle of an import and starts
another; the others check the rules in-process: a job of a live worker is left alone, one that
was taken up too often is failed with its reason, and a document is made again.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pymarc
import pytest
from django.db import connection

from libnet.catalog.models import BibRecord, Item
from libnet.core import clock, workers
from libnet.interop import jobs
from libnet.interop.models import JobStatus, MarcImportJob
from tests.factories import UserFactory, make_marc, make_province

SRC = Path(__file__).resolve().parents[2] / "src"
RECORDS = 800

pytestmark = pytest.mark.django_db


def _marc_file(path: Path, count: int) -> Path:
    with path.open("wb") as out:
        for number in range(1, count + 1):
            record = make_marc(
                title=f"Địa chí Sông Lam tập {number}", control_number=f"SL{number:06d}"
            )
            record.add_field(
                pymarc.Field(
                    tag="952",
                    indicators=[" ", " "],
                    subfields=[
                        pymarc.Subfield("a", "SL-TVT"),
                        pymarc.Subfield("p", f"KILL{number:06d}"),
                    ],
                )
            )
            out.write(record.as_marc())
    return path


def _enqueue(path: Path, lan) -> MarcImportJob:
    with path.open("rb") as uploaded:
        return jobs.enqueue_import(
            library=lan["provincial"], uploaded=uploaded, original_name=path.name, by=lan["user"]
        )


@pytest.fixture
def setup(settings, tmp_path):
    settings.LIBNET_IMPORT_DIR = tmp_path / "imports"
    province = make_province()
    return {"provincial": province["provincial"], "user": UserFactory(username="lan-worker")}


def _job_row(database: Path, job_id: int) -> tuple[str, int]:
    with sqlite3.connect(database) as db:
        status, done = db.execute(
            "SELECT status, records_done FROM interop_marcimportjob WHERE id = ?", (job_id,)
        ).fetchone()
    return status, done


@pytest.mark.skipif(connection.vendor != "sqlite", reason="copies the SQLite test database")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_import_is_taken_up_by_the_next_one_and_nothing_is_doubled(
    setup, tmp_path
):
    job = _enqueue(_marc_file(tmp_path / "dia-chi.mrc", RECORDS), setup)
    # The worker processes get a file copy of this (migrated, committed) test database.
    database = tmp_path / "libnet.sqlite3"
    target = sqlite3.connect(database)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        PYTHONPATH=str(SRC),
        DATABASE_URL=f"sqlite:///{database}",
        LIBNET_VAR=str(tmp_path / "var"),
        LIBNET_IMPORT_BATCH_SIZE="20",
    )
    code = "import sys; from libnet.cli import main; main(['libnet', *sys.argv[1:]])"
    worker = subprocess.Popen(
        [sys.executable, "-c", code, "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while _job_row(database, job.pk)[1] < 100:
            assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
            assert time.monotonic() < deadline, "the worker never got going"
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    status, done = _job_row(database, job.pk)
    assert status == JobStatus.RUNNING
    assert 100 <= done < RECORDS  # killed in the middle, its last batch rolled back

    subprocess.run(
        [sys.executable, "-c", code, "worker", "--once"], env=env, check=True, timeout=120
    )
    with sqlite3.connect(database) as db:
        status, done, attempts = db.execute(
            "SELECT status, records_done, attempts FROM interop_marcimportjob WHERE id = ?",
            (job.pk,),
        ).fetchone()
        records = db.execute("SELECT COUNT(*) FROM catalog_bibrecord").fetchone()[0]
        copies = db.execute("SELECT COUNT(*) FROM catalog_item").fetchone()[0]
        distinct = db.execute(
            "SELECT COUNT(DISTINCT control_number) FROM catalog_bibrecord"
        ).fetchone()[0]
    assert (status, done, attempts) == (JobStatus.DONE, RECORDS, 1)
    assert records == distinct == copies == RECORDS


class Crash(Exception):
    """What a worker killed in the middle of a batch leaves behind: nothing of that batch."""


def test_an_import_taken_up_again_goes_on_after_the_last_committed_batch(
    setup, tmp_path, settings, monkeypatch
):
    settings.LIBNET_IMPORT_BATCH_SIZE = 10
    job = _enqueue(_marc_file(tmp_path / "ba-muoi.mrc", 30), setup)
    real_import = jobs.import_marc_file
    batches = {"seen": 0}

    def crashing_import(**kwargs):
        checkpoint = kwargs["on_batch"]

        def on_batch(*args):
            batches["seen"] += 1
            if batches["seen"] == 3:
                raise Crash
            checkpoint(*args)

        return real_import(**{**kwargs, "on_batch": on_batch})

    monkeypatch.setattr(jobs, "import_marc_file", crashing_import)
    with pytest.raises(Crash):
        jobs.run_pending_jobs()
    job.refresh_from_db()
    assert (job.status, job.records_done, BibRecord.objects.count()) == (JobStatus.RUNNING, 20, 20)

    # The worker is gone: a process id that no longer exists on this machine.
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    MarcImportJob.objects.filter(pk=job.pk).update(
        worker=f"{workers.worker_id().rpartition(':')[0]}:{dead.stdout.strip()}"
    )
    monkeypatch.setattr(jobs, "import_marc_file", real_import)
    assert jobs.run_pending_jobs() == 1

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.counts["created"] == job.counts["records_read"] == 30
    assert BibRecord.objects.count() == Item.objects.count() == 30


def test_a_job_of_a_worker_still_alive_is_left_alone(setup, tmp_path):
    job = _enqueue(_marc_file(tmp_path / "mot.mrc", 1), setup)
    MarcImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, worker=workers.worker_id(), heartbeat_at=clock.now()
    )
    assert jobs.take_up_abandoned() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_a_job_on_another_machine_is_taken_up_when_its_heartbeat_stops(setup, tmp_path, settings):
    settings.LIBNET_JOB_STALE_SECONDS = 300
    job = _enqueue(_marc_file(tmp_path / "mot.mrc", 1), setup)
    now = clock.now()
    MarcImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, worker="may-chu-2:4242", heartbeat_at=now
    )
    assert jobs.take_up_abandoned() == 0
    MarcImportJob.objects.filter(pk=job.pk).update(heartbeat_at=now - dt.timedelta(minutes=6))
    assert jobs.take_up_abandoned() == 1


def test_a_file_that_kills_its_worker_every_time_is_given_up_with_a_reason(setup, tmp_path):
    job = _enqueue(_marc_file(tmp_path / "mot.mrc", 1), setup)
    MarcImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, worker="may-chu-2:4242", heartbeat_at=None, attempts=3
    )
    assert jobs.take_up_abandoned() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "worker" in job.error
