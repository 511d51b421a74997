"""A server others reach starts only with safe settings, and `check --deploy` is clean there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
REAL_KEY = "k7Qm2x-9vLr8ZpT4wYc1NhB6sJd3FgU0aEo5iKq_MtXyRbVnCzWlPe"


def _libnet(tmp_path: Path, *args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DEBUG",
            "LIBNET_DEPLOYMENT",
            "DATABASE_URL",
            # Set by the browser tests in this process; check --deploy rightly flags it.
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        PYTHONPATH=str(SRC),
        LIBNET_VAR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'var' / 'db.sqlite3'}",
        **environment,
    )
    code = "import sys; from libnet.cli import main; main(['libnet', *sys.argv[1:]])"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("environment", "names"),
    [
        ({"ALLOWED_HOSTS": "thuvien.songlam.gov.vn"}, "SECRET_KEY"),
        (
            {
                "SECRET_KEY": "django-insecure-libnet-local-demo-key-change-me-on-any-real-server",
                "ALLOWED_HOSTS": "thuvien.songlam.gov.vn",
            },
            "published demo key",
        ),
        ({"SECRET_KEY": REAL_KEY}, "ALLOWED_HOSTS"),
        (
            {"SECRET_KEY": REAL_KEY, "ALLOWED_HOSTS": "thuvien.songlam.gov.vn", "DEBUG": "1"},
            "DEBUG",
        ),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(tmp_path, environment, names):
    result = _libnet(tmp_path, "check", LIBNET_DEPLOYMENT="production", **environment)
    assert result.returncode == 2
    assert names in result.stderr
    assert "Traceback" not in result.stderr


def test_a_local_install_refuses_the_published_key_too(tmp_path):
    result = _libnet(
        tmp_path,
        "check",
        SECRET_KEY="django-insecure-libnet-local-demo-key-change-me-on-any-real-server",
    )
    assert result.returncode == 2
    assert "published demo key" in result.stderr


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = _libnet(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        LIBNET_DEPLOYMENT="production",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS="thuvien.songlam.gov.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_local_install_makes_its_own_key_once_and_keeps_it(tmp_path):
    assert _libnet(tmp_path, "check").returncode == 0
    key_file = tmp_path / "var" / "secret_key"
    first = key_file.read_text()
    assert len(first) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert _libnet(tmp_path, "check").returncode == 0
    assert key_file.read_text() == first
