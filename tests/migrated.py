"""The migrated SQLite test database, built once and kept until a migration changes.

Migrating an empty database takes about half a minute on this machine (Django renders its
model state again after each of some 160 `CreateModel`s: squashing the migrations changes
nothing), and every pytest-xdist worker used to pay it on every run. The first worker to
need the database now migrates it as Django always has and writes a copy to
`var/test-db/migrated-<key>.sqlite3`; every other worker, and every later run, restores that
copy into its in-memory test database with SQLite's backup API (a fraction of a second).

The key is a hash of everything a migration can depend on: the migration files of every
installed app (Django's own included), the libnet modules they import, the data files libnet
ships with its apps (a migration loads one), and the Django and SQLite versions. A changed
migration gives a new key, so a stale copy is never restored; older copies are removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "var" / "test-db"
_RESTORED: list[Path] = []  # the copy this run's database came from (SQLite runs only)
_IMPORTED = re.compile(r"^\s*(?:from|import)\s+(libnet(?:\.\w+)*)", re.MULTILINE)


def _module_files(module: str) -> list[Path]:
    base = ROOT / "src" / Path(*module.split("."))
    found = [path for path in (base.with_suffix(".py"), base / "__init__.py") if path.is_file()]
    return found


def key() -> str:
    """The hash of what the migrated database depends on."""
    files: set[Path] = set()
    for config in apps.get_app_configs():
        folder = Path(config.path) / "migrations"
        if folder.is_dir():
            files.update(folder.glob("*.py"))
    for path in [path for path in files if str(path).startswith(str(ROOT))]:
        for module in _IMPORTED.findall(path.read_text(encoding="utf-8")):
            files.update(_module_files(module))
    files.update(path for path in (ROOT / "src" / "libnet").glob("*/data/**/*") if path.is_file())
    digest = hashlib.sha256()
    digest.update(f"{django.__version__} {sqlite3.sqlite_version} {sys.version}".encode())
    for path in sorted(files):
        digest.update(str(path.relative_to(path.anchor)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """One worker at a time: the first builds the copy while the others wait for it."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    with open(FOLDER / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write(connection: Any, target: Path) -> None:
    partial = target.with_suffix(f".{os.getpid()}.partial")
    copy = sqlite3.connect(partial)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    os.replace(partial, target)
    for old in FOLDER.glob("migrated-*.sqlite3"):
        if old != target:
            old.unlink(missing_ok=True)


def install(connection: Any) -> None:
    """Make `connection.creation.create_test_db` restore the migrated copy when there is one
    (SQLite only; PostgreSQL runs migrate as before)."""
    if connection.vendor != "sqlite":
        return
    creation = connection.creation
    migrate: Callable[..., str] = creation.create_test_db

    def create_test_db(
        verbosity: int = 1, autoclobber: bool = False, serialize: bool = True, keepdb: bool = False
    ) -> str:
        target = FOLDER / f"migrated-{key()}.sqlite3"
        _RESTORED[:] = [target]
        with _locked():
            if not target.exists():
                name = migrate(verbosity, autoclobber, serialize, keepdb)
                _write(connection, target)
                return name
            name = creation._get_test_db_name()
            creation._create_test_db(verbosity, autoclobber, keepdb)
            connection.close()
            settings.DATABASES[connection.alias]["NAME"] = name
            connection.settings_dict["NAME"] = name
            connection.ensure_connection()
            source = sqlite3.connect(target)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            if serialize:
                connection._test_serialized_contents = creation.serialize_db_to_string()
            return name

    creation.create_test_db = create_test_db


def copy_to(path: Path) -> bool:
    """Write at `path` the migrated database, for a libnet process a test starts; False when
    this run has none (PostgreSQL) and the caller must migrate."""
    if not _RESTORED:
        return False
    shutil.copyfile(_RESTORED[0], path)
    return True
