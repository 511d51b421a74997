"""Checks of plain values every app shares: date windows.

A date a person types belongs in a window: an acquisition date is not in 2099, a rotation
batch is not planned for 1900, visits are not counted for 1990. Two windows, both settings:

- *operational* dates (a batch's plan, a trip, a day's visits, a report's figures): from
  `LIBNET_OPERATIONAL_PAST_DAYS` (default 2 years) before today to
  `LIBNET_OPERATIONAL_FUTURE_DAYS` (default 2 years) after it;
- *historical* dates (when a copy was acquired, a reader's birth): from
  `LIBNET_HISTORICAL_EARLIEST` (default 1 January 1900) to today.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from libnet.core import clock
from libnet.core.errors import Messages, ValidationFailed

Window = Literal["operational", "historical"]

DEFAULT_OPERATIONAL_PAST_DAYS = 2 * 366
DEFAULT_OPERATIONAL_FUTURE_DAYS = 2 * 366
DEFAULT_HISTORICAL_EARLIEST = dt.date(1900, 1, 1)


class DateOutOfRange(ValidationFailed):
    """A date outside the window its field allows."""

    status = 400
    messages: ClassVar[Messages] = {
        "date_out_of_range": _(
            "%(field)s must be between %(earliest)s and %(latest)s (got %(value)s)."
        ),
    }


def date_window(window: Window, *, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """Return the first and last date a field of this window accepts."""
    today = today or clock.today()
    if window == "historical":
        earliest = getattr(settings, "LIBNET_HISTORICAL_EARLIEST", None)
        return (earliest or DEFAULT_HISTORICAL_EARLIEST, today)
    past = int(getattr(settings, "LIBNET_OPERATIONAL_PAST_DAYS", DEFAULT_OPERATIONAL_PAST_DAYS))
    future = int(
        getattr(settings, "LIBNET_OPERATIONAL_FUTURE_DAYS", DEFAULT_OPERATIONAL_FUTURE_DAYS)
    )
    return (today - dt.timedelta(days=past), today + dt.timedelta(days=future))


def check_date(
    value: dt.date, *, field: str, window: Window, today: dt.date | None = None
) -> dt.date:
    """Return `value` if it lies in `window`; raise DateOutOfRange naming `field` otherwise.

    `field` is the field's label as the user sees it (already translated).
    """
    earliest, latest = date_window(window, today=today)
    if not earliest <= value <= latest:
        raise DateOutOfRange(
            "date_out_of_range",
            field=field,
            earliest=formats.date_format(earliest, "d/m/Y"),
            latest=formats.date_format(latest, "d/m/Y"),
            value=formats.date_format(value, "d/m/Y"),
        )
    return value
