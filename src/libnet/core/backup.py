"""Backup and restore of a whole installation: the database and the files libnet keeps.

The Library Law (Art. 27.1.d) and TT 02/2020 (Art. 8) ask a library to back its data up and to
have a plan to restore it. A backup is a folder:

    manifest.json        what was copied, when, by which version; row counts per table
    database.sqlite3     SQLite: a page-by-page copy made through SQLite's online backup API
    database.pgdump      PostgreSQL: `pg_dump --format=custom`
    files/<name>/…       uploaded and generated files (settings.LIBNET_BACKUP_FILES)

The database copy is consistent while libnet serves: SQLite's backup API copies one snapshot
(a reader in WAL mode never blocks the desks), pg_dump reads in one repeatable-read transaction.
The search index lives in the database (FTS5 tables, tsvector columns), so a restore searches at
once, without `libnet reindex`; each app may register a check that a restore runs (the search
index's integrity check, say) through `register_check`, the port by which core hears of them.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from libnet.core import cache, clock
from libnet.core.errors import LibnetError, Messages

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
FILES_DIR = "files"


class BackupRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "target_not_empty": _(
            "The folder %(path)s exists and is not empty: give a new folder for the backup."
        ),
        "not_a_backup": _("%(path)s is not a libnet backup (no manifest.json)."),
        "unknown_format": _("This backup was made by a newer libnet (format %(format)s)."),
        "engine_mismatch": _(
            "This backup is of a %(backup)s database and libnet uses %(current)s: restore it "
            "into the same kind of database."
        ),
        "database_not_empty": _(
            "The database already holds data (%(rows)s rows). Restoring replaces all of it: "
            "confirm with --yes."
        ),
        "tool_missing": _("%(tool)s is not installed: install PostgreSQL's client tools."),
        "tool_failed": _("%(tool)s failed: %(detail)s"),
        "damaged": _("The backup is damaged: %(detail)s"),
        "counts_differ": _(
            "After the restore, %(table)s holds %(found)s rows instead of %(expected)s."
        ),
        "check_failed": _("After the restore, a check failed: %(detail)s"),
    }


# --- the port: apps register what a restore must check --------------------------------------

Check = Callable[[], list[str]]
_checks: dict[str, Check] = {}


def register_check(name: str, check: Check) -> None:
    """Register a check run after every restore; it returns the problems it found."""
    _checks[name] = check


def run_checks() -> list[str]:
    """Run every registered check; return their problems, each prefixed with its name."""
    problems: list[str] = []
    for name, check in sorted(_checks.items()):
        problems.extend(f"{name}: {problem}" for problem in check())
    return problems


# --- what a backup holds --------------------------------------------------------------------


@dataclass
class Manifest:
    created_at: str
    engine: str
    database_file: str
    database_sha256: str
    counts: dict[str, int]
    migrations: list[list[str]]
    files: dict[str, int] = field(default_factory=dict)
    libnet_version: str = ""
    format: int = FORMAT

    def write(self, directory: Path) -> None:
        text = json.dumps(self.__dict__, ensure_ascii=False, indent=2, sort_keys=True)
        (directory / MANIFEST).write_text(text + "\n", encoding="utf-8")

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / MANIFEST
        if not path.is_file():
            raise BackupRefused("not_a_backup", path=str(directory))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise BackupRefused("damaged", detail=str(error)) from error
        if int(data.get("format", 0)) > FORMAT:
            raise BackupRefused("unknown_format", format=data.get("format"))
        known = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in data.items() if key in known})


def file_roots() -> dict[str, Path]:
    """The folders of files a backup takes, by name: uploads, imports waiting, generated files."""
    configured = getattr(settings, "LIBNET_BACKUP_FILES", None)
    if configured:
        return {name: Path(path) for name, path in dict(configured).items()}
    return {
        "media": Path(settings.MEDIA_ROOT),
        "imports": Path(settings.LIBNET_IMPORT_DIR),
        "digital": Path(settings.LIBNET_DIGITAL_DIR),
    }


def engine_name(connection: BaseDatabaseWrapper) -> str:
    return "postgresql" if connection.vendor == "postgresql" else connection.vendor


def table_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Rows of every table Django manages, by table name (views and unmanaged models left out)."""
    tables = set(connection.introspection.table_names())
    names = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and model._meta.db_table in tables
        }
    )
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")
            counts[name] = int(cursor.fetchone()[0])
    return counts


def _applied_migrations(connection: BaseDatabaseWrapper) -> list[list[str]]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted([app, name] for app, name in recorder.applied_migrations())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("libnet")
    except metadata.PackageNotFoundError:
        return ""


# --- backup ---------------------------------------------------------------------------------


def backup(directory: Path, *, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Copy the database and libnet's files into the new folder `directory`.

    Raises BackupRefused if `directory` exists and is not empty: a backup never overwrites.
    """
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupRefused("target_not_empty", path=str(directory))
    directory.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    engine = engine_name(connection)
    # The counts are read first and the copy made after; a desk lending in between makes the
    # copy newer than the counts, never older, so the manifest is checked as "at least".
    counts = table_counts(connection)
    if engine == "sqlite":
        target = directory / SQLITE_FILE
        _sqlite_backup(connection, target)
    elif engine == "postgresql":
        target = directory / POSTGRES_FILE
        _pg_dump(connection, target)
    else:
        raise BackupRefused("engine_mismatch", backup=engine, current=engine)
    files = {
        name: _copy_tree(root, directory / FILES_DIR / name) for name, root in file_roots().items()
    }
    manifest = Manifest(
        created_at=clock.now().isoformat(timespec="seconds"),
        engine=engine,
        database_file=target.name,
        database_sha256=_sha256(target),
        counts=counts,
        migrations=_applied_migrations(connection),
        files=files,
        libnet_version=_version(),
    )
    manifest.write(directory)
    return manifest


def _raw_sqlite(connection: BaseDatabaseWrapper) -> sqlite3.Connection:
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _sqlite_backup(connection: BaseDatabaseWrapper, target: Path) -> None:
    destination = sqlite3.connect(target)
    try:
        # pages=-1 copies everything in one step, under one read snapshot: consistent even
        # while desks write (WAL), where a stepwise copy would restart at every write.
        _raw_sqlite(connection).backup(destination, pages=-1)
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()


def _copy_tree(source: Path, target: Path) -> int:
    """Copy a folder of files; return how many were copied (0 when the folder does not exist)."""
    if not source.is_dir():
        return 0
    shutil.copytree(source, target, dirs_exist_ok=True)
    return sum(1 for path in target.rglob("*") if path.is_file())


# --- PostgreSQL through its own tools -------------------------------------------------------


def _pg_environment(connection: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    """Arguments naming the server, and an environment with the password for pg_dump/pg_restore."""
    config = connection.settings_dict
    arguments: list[str] = []
    if config.get("HOST"):
        arguments += ["--host", str(config["HOST"])]
    if config.get("PORT"):
        arguments += ["--port", str(config["PORT"])]
    if config.get("USER"):
        arguments += ["--username", str(config["USER"])]
    environment = dict(os.environ)
    if config.get("PASSWORD"):
        environment["PGPASSWORD"] = str(config["PASSWORD"])
    return arguments, environment


def _run_tool(tool: str, arguments: list[str], environment: dict[str, str]) -> None:
    executable = shutil.which(tool) or _debian_tool(tool)
    if executable is None:
        raise BackupRefused("tool_missing", tool=tool)
    result = subprocess.run(
        [executable, *arguments], env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupRefused("tool_failed", tool=tool, detail=result.stderr.strip()[-2000:])


def _debian_tool(tool: str) -> str | None:
    """Debian keeps PostgreSQL's binaries per version; the newest one talks to older servers."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/" + tool), key=_version_key)
    return str(versions[-1]) if versions else None


def _version_key(path: Path) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in path.parts[-3].split("."))
    except ValueError:
        return (0,)


def _pg_dump(connection: BaseDatabaseWrapper, target: Path) -> None:
    arguments, environment = _pg_environment(connection)
    name = str(connection.settings_dict["NAME"])
    _run_tool(
        "pg_dump",
        [
            *arguments,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target),
            name,
        ],
        environment,
    )


def _pg_restore(connection: BaseDatabaseWrapper, source: Path) -> None:
    arguments, environment = _pg_environment(connection)
    name = str(connection.settings_dict["NAME"])
    connection.close()
    _drop_pg_tables(connection)
    _run_tool(
        "pg_restore",
        [
            *arguments,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--dbname",
            name,
            str(source),
        ],
        environment,
    )


def _drop_pg_tables(connection: BaseDatabaseWrapper) -> None:
    """Empty the public schema of everything libnet made, so pg_restore starts from nothing."""
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()


# --- restore --------------------------------------------------------------------------------


def rows_present(using: str = DEFAULT_DB_ALIAS) -> int:
    """How many rows the database holds now, over every table Django manages."""
    connection = connections[using]
    if "django_migrations" not in connection.introspection.table_names():
        return 0
    counts = table_counts(connection)
    counts.pop("django_migrations", None)
    counts.pop("django_content_type", None)
    counts.pop("auth_permission", None)
    return sum(counts.values())


def verify(directory: Path) -> Manifest:
    """Read the backup's manifest and check its database file against the checksum."""
    directory = Path(directory)
    manifest = Manifest.read(directory)
    database = directory / manifest.database_file
    if not database.is_file():
        raise BackupRefused("damaged", detail=f"{manifest.database_file} is missing")
    if _sha256(database) != manifest.database_sha256:
        raise BackupRefused(
            "damaged", detail=f"{manifest.database_file} does not match its checksum"
        )
    return manifest


def restore(directory: Path, *, replace: bool = False, using: str = DEFAULT_DB_ALIAS) -> Manifest:
    """Replace the database and libnet's files with those of the backup in `directory`.

    Raises BackupRefused if the database holds data and `replace` is false, if the backup is
    of another engine or damaged, and, after restoring, if a table's count differs from the
    backup's or a registered check fails.
    """
    directory = Path(directory)
    manifest = verify(directory)
    connection = connections[using]
    engine = engine_name(connection)
    if manifest.engine != engine:
        raise BackupRefused("engine_mismatch", backup=manifest.engine, current=engine)
    present = rows_present(using)
    if present and not replace:
        raise BackupRefused("database_not_empty", rows=present)
    if engine == "sqlite":
        source = sqlite3.connect(directory / manifest.database_file)
        try:
            # The backup API writes the whole database, page by page, under its write lock:
            # what was there before is gone, schema and search index included.
            source.backup(_raw_sqlite(connection), pages=-1)
        finally:
            source.close()
    else:
        _pg_restore(connection, directory / manifest.database_file)
    for name, root in file_roots().items():
        _restore_tree(directory / FILES_DIR / name, root)
    # Rules, the library tree, word counts and Django's content types kept in this process
    # describe the old data.
    cache.clear_all()
    ContentType.objects.clear_cache()
    _check_counts(manifest, connection)
    problems = run_checks()
    if problems:
        raise BackupRefused("check_failed", detail="; ".join(problems))
    return manifest


def _restore_tree(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    if source.is_dir():
        shutil.copytree(source, target)


def _check_counts(manifest: Manifest, connection: BaseDatabaseWrapper) -> None:
    found = table_counts(connection)
    for table, expected in sorted(manifest.counts.items()):
        if found.get(table, 0) < expected:
            raise BackupRefused(
                "counts_differ", table=table, found=found.get(table, 0), expected=expected
            )


def iter_summary(manifest: Manifest) -> Iterator[tuple[str, Any]]:
    """The lines a command prints about a backup: when, engine, rows, files."""
    yield "created_at", manifest.created_at
    yield "engine", manifest.engine
    yield "rows", sum(manifest.counts.values())
    yield "files", sum(manifest.files.values())


def default_directory(root: Path) -> Path:
    """A new folder under `root` named by the local date and time, for nightly backups."""
    stamp = timezone.localtime(clock.now()).strftime("%Y%m%d-%H%M%S")
    return Path(root) / f"libnet-{stamp}"
