"""A server others reach starts only with safe settings, and `check --deploy` is clean there."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from libnet.core.deployment import local_secret_key, unsafe_start_problems

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
    ("settings_values", "names"),
    [
        ({"secret_key": "", "allowed_hosts": ["thuvien.songlam.gov.vn"]}, "SECRET_KEY"),
        (
            {
                "secret_key": "django-insecure-libnet-local-demo-key-change-me-on-any-real-server",
                "allowed_hosts": ["thuvien.songlam.gov.vn"],
            },
            "published demo key",
        ),
        ({"secret_key": REAL_KEY, "allowed_hosts": []}, "ALLOWED_HOSTS"),
        (
            {"secret_key": REAL_KEY, "allowed_hosts": ["thuvien.songlam.gov.vn"], "debug": True},
            "DEBUG",
        ),
    ],
)
def test_production_refuses_unsafe_settings(settings_values, names):
    values = {"production": True, "debug": False, **settings_values}
    problems = unsafe_start_problems(**values)
    assert any(names in problem for problem in problems)


def test_a_local_install_refuses_the_published_key_too():
    problems = unsafe_start_problems(
        production=False,
        debug=False,
        secret_key="django-insecure-libnet-local-demo-key-change-me-on-any-real-server",
        allowed_hosts=["127.0.0.1"],
    )
    assert any("published demo key" in problem for problem in problems)


def test_safe_production_settings_have_no_problem():
    assert not unsafe_start_problems(
        production=True, debug=False, secret_key=REAL_KEY, allowed_hosts=["thuvien.songlam.gov.vn"]
    )


def test_production_without_a_key_stops_with_a_sentence_not_a_traceback(tmp_path):
    """The whole path: settings read by `libnet`, exit status 2, the reason on stderr."""
    result = _libnet(
        tmp_path, "check", LIBNET_DEPLOYMENT="production", ALLOWED_HOSTS="thuvien.songlam.gov.vn"
    )
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


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
    first = local_secret_key(tmp_path / "var")
    key_file = tmp_path / "var" / "secret_key"
    assert len(first) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert local_secret_key(tmp_path / "var") == first
    assert local_secret_key(tmp_path / "other") != first
