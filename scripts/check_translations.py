#!/usr/bin/env python3
"""Refresh the translation catalogues and report what the Vietnamese one still lacks.

    .venv/bin/python scripts/check_translations.py [--no-compile]

1. Runs `makemessages -l vi -l en --no-location --ignore 'static/*'` from src/libnet, so that
   src/libnet/locale/{vi,en}/LC_MESSAGES/django.po hold every string of the project.
2. Lists the Vietnamese entries that are untranslated or fuzzy (msgmerge marks an entry fuzzy
   when it guessed its translation from a similar old string: check it, then drop the flag),
   and those whose %(name)s / {name} placeholders differ from the English source.
3. Exits 1 if there is any; otherwise compiles both catalogues (as `make messages` does,
   unless --no-compile) and exits 0.

There is one catalogue for the whole project: an app-level `locale/` folder would make
makemessages write a second one, so the script refuses to run while one exists.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "libnet"
LOCALE = PACKAGE / "locale"
LANGUAGES = ["vi", "en"]
PLACEHOLDER = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]|\{[A-Za-z_]\w*\}"
)


def _setup_django() -> None:
    sys.path.insert(0, str(REPO / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "libnet.settings")
    import django

    django.setup()


def _stray_locale_dirs() -> list[Path]:
    """Locale folders inside the package other than the project's own one."""
    return sorted(
        path
        for path in PACKAGE.rglob("locale")
        if path.is_dir() and path != LOCALE and "static" not in path.relative_to(PACKAGE).parts
    )


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _problems(po_path: Path) -> list[str]:
    import polib

    catalogue = polib.pofile(str(po_path))
    problems: list[str] = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        label = f"{entry.msgctxt} | {entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.fuzzy:
            problems.append(f"fuzzy:         {label}")
        elif not entry.translated():
            problems.append(f"untranslated:  {label}")
        else:
            translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
            sources = _placeholders(entry.msgid_plural or entry.msgid)
            for translation in translations:
                if _placeholders(translation) != sources:
                    problems.append(f"placeholders:  {label}  →  {translation}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-compile", action="store_true", help="do not compile the catalogues at the end"
    )
    args = parser.parse_args(argv)

    stray = _stray_locale_dirs()
    if stray:
        for path in stray:
            print(
                f"{path.relative_to(REPO)}: move its translations into src/libnet/locale and delete it"
            )
        return 1

    _setup_django()
    from django.core.management import call_command

    LOCALE.mkdir(exist_ok=True)
    os.chdir(PACKAGE)  # scan the project only, never the virtualenv
    call_command(
        "makemessages",
        locale=LANGUAGES,
        no_location=True,
        ignore_patterns=["static/*"],
        verbosity=0,
    )

    vi_po = LOCALE / "vi" / "LC_MESSAGES" / "django.po"
    problems = _problems(vi_po)
    if problems:
        print(f"{vi_po.relative_to(REPO)}: {len(problems)} entries to fix")
        for problem in problems:
            print("  " + problem)
        return 1

    if not args.no_compile:
        call_command("compilemessages", locale=LANGUAGES, verbosity=0)
    print(f"{vi_po.relative_to(REPO)}: every entry is translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
