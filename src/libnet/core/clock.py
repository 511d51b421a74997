"""The one place libnet reads the time. Dates are Vietnam's calendar days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> dt.datetime:
    """Return the current moment, aware, in UTC."""
    return timezone.now()


def local_date(at: dt.datetime | None = None) -> dt.date:
    """Return Vietnam's calendar day at `at` (default now): at 17:30 UTC it is already tomorrow."""
    moment = at or now()
    return moment.astimezone(VIETNAM).date()


def today() -> dt.date:
    """Return today's date in Vietnam."""
    return local_date()
