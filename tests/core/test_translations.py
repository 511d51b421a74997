"""Vietnamese is the default language: every UI string has a Vietnamese translation."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.utils import translation

import libnet
from libnet.catalog.errors import CatalogRefused
from libnet.circulation.desk import DeskRefused
from libnet.circulation.errors import (
    CheckinRefused,
    CheckoutRefused,
    CirculationNotFound,
    HoldRefused,
    RenewalRefused,
    VisitRefused,
)
from libnet.core.errors import NotFound, PermissionDenied, ValidationFailed
from libnet.mobile.errors import LoadRefused, MobileNotFound, StopScanRefused, TripRefused
from libnet.network.errors import NetworkRefused
from libnet.opac.errors import AccountNotFound, ExportRefused, PublicNotFound, SignInRefused
from libnet.patrons.errors import CardRefused, DuplicateReader, PatronNotFound, PatronRefused
from libnet.planning.errors import (
    FigureRefused,
    GroupingRefused,
    PeriodRefused,
    PlanRefused,
    ReportRefused,
)
from libnet.rotation.errors import BatchRefused, RotationNotFound, TransferRefused, UsageRefused
from libnet.search.errors import QuerySyntaxError, SearchRefused

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


@pytest.mark.parametrize(
    "error_class",
    [
        NotFound,
        PermissionDenied,
        ValidationFailed,
        NetworkRefused,
        CatalogRefused,
        PatronNotFound,
        CardRefused,
        PatronRefused,
        DuplicateReader,
        CirculationNotFound,
        CheckoutRefused,
        CheckinRefused,
        RenewalRefused,
        HoldRefused,
        VisitRefused,
        DeskRefused,
        PeriodRefused,
        PlanRefused,
        ReportRefused,
        GroupingRefused,
        FigureRefused,
        PublicNotFound,
        AccountNotFound,
        ExportRefused,
        SignInRefused,
        QuerySyntaxError,
        SearchRefused,
        MobileNotFound,
        TripRefused,
        LoadRefused,
        StopScanRefused,
        RotationNotFound,
        BatchRefused,
        UsageRefused,
        TransferRefused,
    ],
)
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
