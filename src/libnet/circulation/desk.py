"""The state of one circulation desk, kept in the clerk's session.

A clerk picks the desk library once; then one scan field does everything: a card opens a
reader, a copy is lent to that reader, returned, or counted as read in place, depending on
the mode. The last outcomes stay on screen so a queue of readers can be served by scanner
alone. Nothing here writes to the database: the views call the circulation services.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import ClassVar

from django.contrib.sessions.backends.base import SessionBase
from django.db import models
from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages

LIBRARY_KEY = "desk_library_id"
MODE_KEY = "desk_mode"
READER_KEY = "desk_patron_id"
READER_CARD_KEY = "desk_patron_card"
EVENTS_KEY = "desk_events"
SCAN_KEY = "desk_scan_number"
MAX_EVENTS = 12


class Mode(models.TextChoices):
    LEND = "lend", _("Lend")
    RETURN = "return", _("Return")
    IN_LIBRARY_USE = "use", _("Read in place")


class EventLevel(models.TextChoices):
    DONE = "done", _("Done")
    ACTION = "action", _("To do")  # the copy must go somewhere: home, or the hold shelf
    REFUSED = "refused", _("Refused")
    INFO = "info", _("Note")


class DeskRefused(LibnetError):
    """A scan the desk cannot act on before any service is called."""

    status = 404
    messages: ClassVar[Messages] = {
        "unknown_barcode": _(
            "No copy or reader card has the barcode %(barcode)s. Check the number and scan again."
        ),
        "no_reader": _("Copy %(barcode)s: scan the reader's card first, then the copies to lend."),
    }


@dataclass(frozen=True)
class DeskEvent:
    """One outcome shown at the desk: a plain sentence, already translated, and its code."""

    level: str
    code: str
    text: str
    time: str
    scan: int = 0  # outcomes of one scan share the number: a return may also say "send home"
    # The copy a "not on loan" return was about, for the button that counts it as read in place.
    barcode: str = ""

    @property
    def is_refusal(self) -> bool:
        return self.level == EventLevel.REFUSED


class DeskState:
    """Read and change the desk's session keys; the view saves nothing else there."""

    def __init__(self, session: SessionBase) -> None:
        self.session = session

    @property
    def library_id(self) -> int | None:
        value = self.session.get(LIBRARY_KEY)
        return value if isinstance(value, int) else None

    def set_library(self, library_id: int) -> None:
        if self.library_id != library_id:
            self.end_reader()
            self.session[EVENTS_KEY] = []
        self.session[LIBRARY_KEY] = library_id

    @property
    def mode(self) -> str:
        value = self.session.get(MODE_KEY)
        return value if value in Mode.values else Mode.LEND

    def set_mode(self, mode: str) -> None:
        self.session[MODE_KEY] = mode if mode in Mode.values else Mode.LEND

    @property
    def reader_id(self) -> int | None:
        value = self.session.get(READER_KEY)
        return value if isinstance(value, int) else None

    @property
    def reader_card(self) -> str:
        """The card scanned for the reader at the desk: each request finds the reader again
        by this card, as the scan did (a joint card is valid here without the reader having
        used the library before)."""
        value = self.session.get(READER_CARD_KEY)
        return value if isinstance(value, str) else ""

    def set_reader(self, patron_id: int, card_number: str) -> None:
        self.session[READER_KEY] = patron_id
        self.session[READER_CARD_KEY] = card_number

    def end_reader(self) -> None:
        self.session.pop(READER_KEY, None)
        self.session.pop(READER_CARD_KEY, None)

    @property
    def events(self) -> list[DeskEvent]:
        return [DeskEvent(**event) for event in self.session.get(EVENTS_KEY, [])]

    @property
    def latest_events(self) -> list[DeskEvent]:
        """The outcomes of the last action, oldest first: what the live region announces."""
        events = self.events
        if not events:
            return []
        return [event for event in reversed(events) if event.scan == events[0].scan]

    def begin_action(self) -> None:
        """Start a new group of outcomes (one scan, one button)."""
        self.session[SCAN_KEY] = int(self.session.get(SCAN_KEY, 0)) + 1

    def add_event(self, level: str, code: str, text: str, time: str, barcode: str = "") -> None:
        """Put an outcome on top of the list; the oldest beyond MAX_EVENTS is dropped."""
        event = DeskEvent(
            level=str(level),
            code=code,
            text=str(text),
            time=time,
            scan=int(self.session.get(SCAN_KEY, 0)),
            barcode=barcode,
        )
        kept = self.session.get(EVENTS_KEY, [])[: MAX_EVENTS - 1]
        self.session[EVENTS_KEY] = [asdict(event), *kept]

    def clear_events(self) -> None:
        self.session[EVENTS_KEY] = []
