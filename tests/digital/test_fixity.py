"""The fixity check: a changed byte and a deleted file are caught, reported per file, and
the command's exit status says so (digital/fixity.py, libnet check_fixity)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from libnet.digital import fixity, services, storage
from libnet.digital.models import FixityCheck, FixityProblem
from tests.digital.core_fixtures import (
    digital_dir,  # noqa: F401  # the fixture, used by pytestmark
    image_bytes,
    make_object,
    pdf_bytes,
    uploads,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("digital_dir")]


@pytest.fixture
def three_files(lan):
    obj = make_object(lan.library)
    services.add_files(
        obj=obj,
        uploads=uploads(
            ("a.png", image_bytes()), ("b.pdf", pdf_bytes(1)), ("c.jpg", image_bytes("JPEG"))
        ),
        by=lan.user,
    )
    return list(obj.files.order_by("pk"))


def test_whole_files_pass_the_check(three_files, capsys):
    call_command("check_fixity")
    run = FixityCheck.objects.get()
    assert (run.files_checked, run.problems, run.finished_at is not None) == (3, 0, True)
    assert "3" in capsys.readouterr().out


def test_a_changed_byte_and_a_deleted_file_are_caught(three_files, capsys, monkeypatch):
    monkeypatch.setenv("LIBNET_CLI_LANGUAGE", "en")
    changed, whole, deleted = three_files
    path = storage.original_path(changed)
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0x01
    path.write_bytes(bytes(content))
    storage.original_path(deleted).unlink()
    with pytest.raises(CommandError) as failed:
        call_command("check_fixity")
    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert f"CHANGED  {changed.path}" in out
    assert f"MISSING  {deleted.path}" in out
    assert whole.path not in out
    run = FixityCheck.objects.get()
    assert (run.files_checked, run.problems) == (3, 2)
    assert sorted(FixityProblem.objects.values_list("file_id", "kind")) == sorted(
        [(changed.pk, "changed"), (deleted.pk, "missing")]
    )
    problem = FixityProblem.objects.get(kind="changed")
    assert problem.found_sha256 == fixity.sha256_of(path) != changed.sha256


def test_the_report_lists_every_file_when_asked(three_files, capsys, monkeypatch):
    monkeypatch.setenv("LIBNET_CLI_LANGUAGE", "en")
    call_command("check_fixity", verbosity=2)
    out = capsys.readouterr().out
    assert all(f"ok       {f.path}" in out for f in three_files)
