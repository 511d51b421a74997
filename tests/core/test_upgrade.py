"""A new version installed over an old database: `libnet migrate`, and search answers at once.

`upgrade/libnet-0.1.0-small-demo.sqlite3.xz` is the small demo province as libnet 0.1.0 (the
first wave, commit 3c8f8bf) wrote it, with the ids its own search returned for a few queries
(`libnet-0.1.0-searches.json`). The test migrates that file with this version's migrations and
asks the same questions. A migration that changes the stored documents says so
(search/operations.py); until then the index is kept, and rebuilt only when one asks.
"""

from __future__ import annotations

import json
import lzma
import os
import shutil
from pathlib import Path

import pytest
from django.db import connection

from libnet.search import checks, index
from libnet.search.models import ReindexRequest
from libnet.search.operations import require_reindex
from tests.processes import libnet_commands

UPGRADE = Path(__file__).resolve().parent / "upgrade"
SRC = Path(__file__).resolve().parents[2] / "src"


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        PYTHONPATH=str(SRC),
        LIBNET_VAR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'libnet.sqlite3'}",
    )
    return env


@pytest.fixture
def old_database(tmp_path: Path) -> Path:
    target = tmp_path / "libnet.sqlite3"
    with (
        lzma.open(UPGRADE / "libnet-0.1.0-small-demo.sqlite3.xz") as source,
        target.open("wb") as out,
    ):
        shutil.copyfileobj(source, out)
    return target


def test_a_database_of_version_0_1_0_migrates_and_searches_as_before(tmp_path, old_database):
    expected = json.loads((UPGRADE / "libnet-0.1.0-searches.json").read_text(encoding="utf-8"))
    # Every query: the search service, as `libnet search` calls it.
    script = (
        "import json; from libnet.search import engine\n"
        f"queries = {list(expected)!r}\n"
        "print('FOUND', json.dumps({q: [h.bib_id for h in engine.search(engine.SearchRequest("
        "q=q, page_size=20)).hits] for q in queries}))"
    )
    # Migrate, search, check: what an administrator runs after installing the new version.
    done = libnet_commands(
        _environment(tmp_path),
        ["migrate", "--noinput"],
        ["shell", "-c", script],
        ["check", "--database", "default"],
    )
    assert done.returncode == 0, done.stderr
    assert "libnet reindex" not in done.stdout
    assert "search.W001" not in done.stdout + done.stderr
    [found_line] = [line for line in done.stdout.splitlines() if line.startswith("FOUND ")]
    found = json.loads(found_line.removeprefix("FOUND "))
    for query, ids in expected.items():
        assert sorted(found[query]) == sorted(ids), query
        assert found[query][:1] == ids[:1], query


@pytest.mark.django_db
def test_a_migration_that_asks_for_a_rebuild_is_announced_until_reindex_runs(capsys):
    from django.apps import apps

    require_reindex("subjects gain their subdivisions").code(apps, connection.schema_editor())
    warnings = checks.reindex_requested(databases=["default"])
    assert [warning.id for warning in warnings] == ["search.W001"]
    assert "subdivisions" in warnings[0].msg

    checks.announce_after_migrate(verbosity=1)
    assert "libnet reindex" in capsys.readouterr().out

    index.rebuild(workers=0)
    assert not ReindexRequest.objects.exists()
    assert checks.reindex_requested(databases=["default"]) == []
