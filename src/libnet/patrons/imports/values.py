"""The values of a class list's cells: dates of birth as Excel and schools write them,
genders in Vietnamese or English, text and phone numbers Excel has turned into numbers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext as _

from libnet.core import text
from libnet.patrons.models import Gender

_DATE_PATTERNS = (
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
)
_TRAILING_TIME = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")
# Excel counts days from 30/12/1899 (it believes 1900 was a leap year).
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class RowError(Exception):
    """A row that cannot be imported; the message is for the librarian, in their language."""


def parse_birth_date(value: Any) -> dt.date:
    """Return a date of birth from an Excel date, a serial number, or dd/mm/yyyy text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and 10000 < value < 80000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    raw = str(value or "").strip()
    if not raw:
        raise RowError(_("the date of birth is missing"))
    if raw.isdigit() and 10000 < int(raw) < 80000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(raw))
    # "10/02/2014 00:00:00" from a sheet saved as text: the time is dropped.
    day_part = _TRAILING_TIME.sub("", raw)
    for pattern in _DATE_PATTERNS:
        match = pattern.match(day_part)
        if match:
            try:
                return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                break
    raise RowError(
        _("the date of birth %(value)s is not a date (write it as dd/mm/yyyy)") % {"value": raw}
    )


_GENDERS = {
    "nam": Gender.MALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "trai": Gender.MALE,
    "nu": Gender.FEMALE,
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
    "gai": Gender.FEMALE,
}


def parse_gender(value: Any) -> str:
    """Return male/female from Nam/Nữ (or English); blank stays blank."""
    folded = text.fold(str(value or "")).strip()
    if not folded:
        return ""
    gender = _GENDERS.get(folded)
    if gender is None:
        raise RowError(_("the gender %(value)s is neither Nam nor Nữ") % {"value": value})
    return str(gender)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number Excel turned into 912345678.0
    return text.clean(str(value))


def phone_from_cell(value: Any) -> str:
    phone = cell_text(value)
    if phone.isdigit() and len(phone) in (9, 10) and not phone.startswith("0"):
        phone = "0" + phone  # Excel drops the leading zero of 0912345678
    return phone
