"""`libnet backup` and `libnet restore`: a restore gives back the same rows, files and searches.

The Library Law (Art. 27.1.d) and TT 02/2020 (Art. 8) ask for a backup and a plan to restore it.
These tests run on both engines: SQLite through its online backup API, PostgreSQL through
pg_dump and pg_restore (the PostgreSQL pass of `make test`).
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from libnet.catalog import services as catalog_services
from libnet.catalog.models import BibRecord, Item
from libnet.core import backup
from libnet.search import engine
from tests.factories import UserFactory, make_marc, make_province

# serialized_rollback, like the other transactional tests of the suite: their teardown leaves the
# tables empty (no content types made again), which the next such test expects.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LIBNET_IMPORT_DIR = tmp_path / "imports"
    settings.LIBNET_DIGITAL_DIR = tmp_path / "digital"
    settings.LIBNET_BACKUP_FILES = None
    (tmp_path / "media" / "covers").mkdir(parents=True)
    (tmp_path / "media" / "covers" / "kieu.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    return tmp_path


@pytest.fixture
def catalogue():
    province = make_province()
    lan = UserFactory(username="lan-backup")
    titles = ["Truyện Kiều", "Số đỏ", "Dế Mèn phiêu lưu ký"]
    for number, title in enumerate(titles, start=1):
        record = catalog_services.create_record(
            marc_record=make_marc(title=title, author="Nguyễn Du", year=2015),
            by=lan,
            library=province["provincial"],
        )
        catalog_services.add_item(
            bib=record,
            library=province["provincial"],
            by=lan,
            barcode=f"BK{number:06d}",
            accession_number=f"VV.{number:06d}",
        )
    return province


def _search(words: str) -> list[int]:
    return [hit.bib_id for hit in engine.search(engine.SearchRequest(q=words)).hits]


def test_a_restore_into_an_emptied_database_gives_the_same_rows_files_and_searches(
    files, catalogue
):
    before = backup.table_counts(connection)
    found = _search("truyen kieu")
    assert found
    call_command("backup", str(files / "backup"), stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)
    (files / "media" / "covers" / "kieu.jpg").unlink()
    assert BibRecord.objects.count() == 0

    out = io.StringIO()
    call_command("restore", str(files / "backup"), stdout=out)

    assert backup.table_counts(connection) == before
    assert Item.objects.filter(barcode="BK000001").exists()
    assert _search("truyen kieu") == found
    assert _search("SO DO")
    assert backup.run_checks() == []
    assert (files / "media" / "covers" / "kieu.jpg").read_bytes().startswith(b"\xff\xd8")


def test_the_manifest_says_what_the_backup_holds(files, catalogue):
    call_command("backup", str(files / "backup"), stdout=io.StringIO())
    manifest = json.loads((files / "backup" / "manifest.json").read_text())
    assert manifest["engine"] == backup.engine_name(connection)
    assert manifest["counts"]["catalog_bibrecord"] == 3
    assert manifest["files"] == {"media": 1, "imports": 0, "digital": 0}
    assert ["catalog", "0001_initial"] in manifest["migrations"]


def test_a_restore_over_data_asks_first_and_replaces_nothing_without_yes(files, catalogue):
    call_command("backup", str(files / "backup"), stdout=io.StringIO())
    BibRecord.objects.filter(title="Số đỏ").update(title="Số đỏ (sửa)")

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(files / "backup"), stdout=io.StringIO())
    assert BibRecord.objects.filter(title="Số đỏ (sửa)").exists()

    call_command("restore", str(files / "backup"), "--yes", stdout=io.StringIO())
    assert BibRecord.objects.filter(title="Số đỏ").exists()


def test_a_backup_never_writes_into_a_folder_that_holds_files(files, catalogue):
    (files / "backup").mkdir()
    (files / "backup" / "other.txt").write_text("keep me")
    with pytest.raises(CommandError):
        call_command("backup", str(files / "backup"), stdout=io.StringIO())
    assert sorted(path.name for path in (files / "backup").iterdir()) == ["other.txt"]


def test_a_damaged_backup_is_refused_before_anything_is_replaced(files, catalogue):
    call_command("backup", str(files / "backup"), stdout=io.StringIO())
    manifest = json.loads((files / "backup" / "manifest.json").read_text())
    database = files / "backup" / manifest["database_file"]
    database.write_bytes(database.read_bytes()[:-10] + b"0123456789")

    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(files / "backup"), "--yes", stdout=io.StringIO())
    assert BibRecord.objects.count() == 3


def test_a_folder_without_a_manifest_is_not_a_backup(files, catalogue):
    (files / "elsewhere").mkdir()
    with pytest.raises(CommandError, match=r"manifest\.json"):
        call_command("restore", str(files / "elsewhere"), "--yes", stdout=io.StringIO())
