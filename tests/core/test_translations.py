"""Vietnamese is the default language: every UI string has a Vietnamese translation."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import polib
import pytest
from django.utils import translation

import libnet
from libnet.core.errors import LibnetError, NotFound

LOCALE = Path(libnet.__file__).parent / "locale"


@pytest.fixture(scope="module")
def vietnamese_catalogue() -> polib.POFile:
    return polib.pofile(str(LOCALE / "vi" / "LC_MESSAGES" / "django.po"))


def test_no_vietnamese_translation_is_missing_or_fuzzy(vietnamese_catalogue):
    untranslated = [entry.msgid for entry in vietnamese_catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in vietnamese_catalogue.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_the_catalogue_is_compiled():
    po = LOCALE / "vi" / "LC_MESSAGES" / "django.po"
    mo = LOCALE / "vi" / "LC_MESSAGES" / "django.mo"
    assert mo.exists(), "run `make messages`"
    assert mo.stat().st_mtime >= po.stat().st_mtime - 1, (
        "django.mo is older than django.po: run `make messages`"
    )


def _msgid(message: object) -> str:
    """The English source of a gettext_lazy message (Django keeps the call's arguments)."""
    args = getattr(message, "_args", None) or getattr(message, "_proxy____args", None)
    assert args, f"{message!r} is not a gettext_lazy message"
    return str(args[0])


def _refusal_classes() -> list[type[LibnetError]]:
    """Every LibnetError subclass of the project, found by importing its modules: a new
    refusal class cannot be forgotten here."""
    for module in pkgutil.walk_packages(libnet.__path__, "libnet."):
        parts = module.name.split(".")
        if {"migrations", "management", "wsgi", "cli"} & set(parts):
            continue
        importlib.import_module(module.name)
    found: list[type[LibnetError]] = []
    pending = [LibnetError]
    while pending:
        for subclass in pending.pop().__subclasses__():
            found.append(subclass)
            pending.append(subclass)
    return sorted(set(found), key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def test_the_refusal_classes_are_found_in_every_app():
    names = {cls.__qualname__ for cls in _refusal_classes()}
    assert {
        "CheckoutRefused",
        "DeskRefused",
        "RoleRequired",
        "SignInRefused",
        "TripRefused",
    } <= names
    assert len(names) >= 36


@pytest.mark.parametrize("error_class", _refusal_classes(), ids=lambda cls: cls.__qualname__)
def test_every_refusal_message_is_translated(vietnamese_catalogue, error_class):
    translated = {entry.msgid for entry in vietnamese_catalogue.translated_entries()}
    missing = [
        _msgid(message)
        for message in error_class.messages.values()
        if _msgid(message) not in translated
    ]
    assert missing == []


def test_a_refusal_speaks_vietnamese_by_default_and_english_on_request():
    with translation.override("vi"):
        vietnamese = NotFound("item_not_found").message
    with translation.override("en"):
        english = NotFound("item_not_found").message
    assert english == "No copy with this identifier in your libraries."
    assert vietnamese != english
