"""`pip install` of a built wheel serves Vietnamese: the compiled catalogues are in the package."""

from __future__ import annotations

import gettext
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parents[2]

# One wheel built at a time: the build writes into the source tree (build/, *.egg-info).
pytestmark = pytest.mark.xdist_group("wheel")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(REPO),
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("libnet-*.whl")
    return zipfile.ZipFile(path)


def _catalogue(wheel: zipfile.ZipFile, language: str) -> gettext.GNUTranslations:
    data = wheel.read(f"libnet/locale/{language}/LC_MESSAGES/django.mo")
    return gettext.GNUTranslations(io.BytesIO(data))


def test_the_wheel_carries_every_vietnamese_translation_compiled(wheel):
    """The handover record (Mẫu 02) came out in English from a non-editable install."""
    vietnamese = _catalogue(wheel, "vi")
    source = polib.pofile(str(REPO / "src/libnet/locale/vi/LC_MESSAGES/django.po"))
    entries = [
        entry
        for entry in source.translated_entries()
        if not entry.msgid_plural and not entry.msgctxt
    ]
    assert len(entries) > 1000
    wrong = [e.msgid for e in entries if vietnamese.gettext(e.msgid) != e.msgstr]
    assert wrong == []
    assert vietnamese.gettext("Catalogue") == "Mục lục"


def test_the_wheel_carries_templates_static_files_and_the_english_catalogue(wheel):
    names = set(wheel.namelist())
    assert "libnet/locale/en/LC_MESSAGES/django.mo" in names
    assert any(name.startswith("libnet/templates/") for name in names)
    assert any(name.startswith("libnet/static/") for name in names)
    assert not any(name.startswith("libnet/var/") or name.endswith("secret_key") for name in names)
