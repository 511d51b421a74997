"""Pure rules of the catalogue: status changes, who may change a shared record, and the
ranges of the numbers cataloguers type."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from stdnum import ean as stdnum_ean
from stdnum import issn as stdnum_issn
from stdnum.exceptions import ValidationError

from libnet.catalog.models import (
    MAX_ACCESSION_SEQUENCE,
    MAX_PRICE_VND,
    ItemStatus,
    SerialFrequency,
)

S = ItemStatus
# From → the statuses a service may move a copy to. Loans, transfers and rotation move copies
# through their own services, which call change_item_status with these same rules.
ALLOWED_STATUS_CHANGES: dict[str, frozenset[str]] = {
    S.PROCESSING: frozenset({S.AVAILABLE, S.DAMAGED, S.LOST, S.WITHDRAWN, S.MISSING}),
    S.AVAILABLE: frozenset(
        {
            S.PROCESSING,
            S.ON_LOAN,
            S.IN_TRANSIT,
            S.ON_ROTATION,
            S.LOST,
            S.DAMAGED,
            S.WITHDRAWN,
            S.MISSING,
        }
    ),
    # A rotation copy lent at its point goes back on the point's shelf when returned there.
    S.ON_LOAN: frozenset({S.AVAILABLE, S.IN_TRANSIT, S.ON_ROTATION, S.LOST, S.DAMAGED, S.MISSING}),
    S.IN_TRANSIT: frozenset({S.AVAILABLE, S.ON_ROTATION, S.LOST, S.DAMAGED, S.MISSING}),
    S.ON_ROTATION: frozenset({S.AVAILABLE, S.ON_LOAN, S.IN_TRANSIT, S.LOST, S.DAMAGED, S.MISSING}),
    # A lost or missing copy that turns up goes back on the shelf; damaged ones get repaired.
    S.LOST: frozenset({S.AVAILABLE, S.WITHDRAWN}),
    S.MISSING: frozenset({S.AVAILABLE, S.LOST, S.WITHDRAWN}),
    S.DAMAGED: frozenset({S.AVAILABLE, S.PROCESSING, S.WITHDRAWN}),
    # Withdrawal is final (TT 02/2020): the copy leaves the stock and the register says so.
    S.WITHDRAWN: frozenset(),
}


def status_change_refusal(current: str, target: str, withdrawal_reference: str) -> str | None:
    """Return the refusal code for moving a copy from `current` to `target`, or None."""
    if current == target:
        return "same_status"
    if target not in ALLOWED_STATUS_CHANGES.get(current, frozenset()):
        return "invalid_status_change"
    if target == S.WITHDRAWN and not withdrawal_reference.strip():
        return "withdrawal_needs_decision"
    return None


# ---------------------------------------------------------------- shared records


@dataclass(frozen=True)
class RecordEditor:
    """Who asks to change a shared record, as the rule needs it: where they catalogue.

    `catalog_library_ids` are the libraries where the person (or, for the command line, the
    library named by --library) holds the catalogue permission, subtrees included.
    """

    catalog_library_ids: frozenset[int]
    is_provincial_cataloguer: bool = False
    is_superuser: bool = False


def record_change_refusal(*, created_at_library_id: int | None, editor: RecordEditor) -> str | None:
    """Return why `editor` may not change (replace, merge into, delete) a shared record, or None.

    A record is the whole network's (NĐ 93/2020 Art. 26: the lead library controls the
    quality and consistency of the shared records). Its creating library keeps it up to
    date, and the provincial library's cataloguers, who lead the union catalogue, may change
    any record. Everyone else catalogues their copies on it as it is.
    """
    if editor.is_superuser or editor.is_provincial_cataloguer:
        return None
    if created_at_library_id is None:
        return "record_without_library"
    if created_at_library_id in editor.catalog_library_ids:
        return None
    return "record_of_another_library"


def authority_change_refusal(editor: RecordEditor) -> str | None:
    """Return why `editor` may not create, change or rename an authority record, or None.

    Authorities are the network's, as records are, but a heading controls the records of
    every library: only the lead library's cataloguers (NĐ 93/2020 Art. 26) keep them.
    """
    if editor.is_superuser or editor.is_provincial_cataloguer:
        return None
    return "authority_provincial_only"


# ---------------------------------------------------------------- numbers people type

# A typed accession number more than this far past the register's next free number is
# more often a slip (TN.999993 for TN.000093) than a box of books numbered ahead: the
# cataloguer confirms it before the register continues from there. A hundred covers the
# usual batch of pre-stamped copies.
ACCESSION_JUMP_LIMIT = 100


def price_refusal(price_vnd: int | None) -> str | None:
    """Return "invalid_price" for a price outside 0 … MAX_PRICE_VND đồng, else None."""
    if price_vnd is not None and not 0 <= price_vnd <= MAX_PRICE_VND:
        return "invalid_price"
    return None


def accession_sequence_refusal(sequence: int) -> str | None:
    """Return "accession_number_too_large" past the largest number a register holds."""
    return "accession_number_too_large" if sequence > MAX_ACCESSION_SEQUENCE else None


def is_accession_jump(*, sequence: int, next_free: int) -> bool:
    """Whether a typed number lies so far past the register's next free one that it needs a
    confirmation before the register continues from it."""
    return sequence - next_free > ACCESSION_JUMP_LIMIT


# ---------------------------------------------------------------- serials

# Months between two issues of the titles that come out by the month or less often.
_MONTHS_APART: dict[str, int] = {
    SerialFrequency.MONTHLY: 1,
    SerialFrequency.BIMONTHLY: 2,
    SerialFrequency.QUARTERLY: 3,
    SerialFrequency.SEMIANNUAL: 6,
    SerialFrequency.ANNUAL: 12,
}
# Days between two issues of the titles that come out by the week or more often.
_DAYS_APART: dict[str, int] = {
    SerialFrequency.DAILY: 1,
    SerialFrequency.WEEKLY: 7,
    SerialFrequency.BIWEEKLY: 14,
}
# A subscription runs at most three years (a library renews it as its budget allows): a
# daily's expected issues stay a few hundred rows per year.
MAX_SUBSCRIPTION_DAYS = 3 * 366


def _add_months(day: dt.date, months: int, *, on_day: int) -> dt.date:
    """The day `months` after `day`, on the day of the month `on_day` (or the month's last)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(on_day, last))


def issue_dates(
    *, frequency: str, starts_on: dt.date, ends_on: dt.date, weekday: int | None = None
) -> list[dt.date]:
    """The days the issues of a subscription are expected, from `starts_on` to `ends_on`.

    Vietnamese dailies come out every day of the week, Sundays and holidays included (Nhân
    Dân has a Sunday edition), so a daily skips no day. A weekly or fortnightly title comes
    out on `weekday` (0 Monday … 6 Sunday; by default the weekday of the first day); a monthly
    or rarer one on the day of the month of the first day (the month's last day when the
    month is shorter). An irregular title has no schedule: its issues are added as they come.
    """
    if ends_on < starts_on or frequency == SerialFrequency.IRREGULAR:
        return []
    if frequency in _DAYS_APART:
        step = _DAYS_APART[frequency]
        first = starts_on
        if frequency != SerialFrequency.DAILY and weekday is not None:
            first = starts_on + dt.timedelta(days=(weekday - starts_on.weekday()) % 7)
        count = (ends_on - first).days // step + 1 if first <= ends_on else 0
        return [first + dt.timedelta(days=step * index) for index in range(count)]
    months = _MONTHS_APART.get(frequency)
    if months is None:
        return []
    days: list[dt.date] = []
    day = starts_on
    while day <= ends_on:
        days.append(day)
        day = _add_months(starts_on, months * len(days), on_day=starts_on.day)
    return days


def normalise_issn(value: str) -> str | None:
    """The ISSN in `value` as python-stdnum writes it (0317-8471), checked; None otherwise."""
    try:
        return str(stdnum_issn.format(stdnum_issn.validate(value.strip())))
    except ValidationError:
        return None


@dataclass(frozen=True)
class ScannedSerial:
    """What a scan at the check-in desk says: the title's ISSN, and the issue number when the
    barcode carries it in its add-on."""

    issn: str
    number: int | None = None


def read_serial_scan(code: str) -> ScannedSerial | None:
    """Read an ISSN typed or scanned at the check-in desk: an ISSN (0317-8471, 03178471) or
    the EAN-13 printed on the cover (977 + the ISSN's first seven digits + two price digits +
    check digit), optionally followed by the 2- or 5-digit add-on that gives the issue number.
    None when it is neither.
    """
    digits = "".join(ch for ch in code if ch.isdigit() or ch in "Xx").upper()
    if digits.startswith("977") and len(digits) in (13, 15, 18):
        ean, add_on = digits[:13], digits[13:]
        try:
            stdnum_ean.validate(ean)
        except ValidationError:
            return None
        stem = ean[3:10]
        issn = stdnum_issn.format(stem + stdnum_issn.calc_check_digit(stem))
        return ScannedSerial(issn=str(issn), number=int(add_on) if add_on else None)
    typed = normalise_issn(code)
    return ScannedSerial(issn=typed) if typed else None


def is_late(*, expected_on: dt.date, grace_days: int, today: dt.date) -> bool:
    """Whether an issue still not received on `today` is late enough to be claimed."""
    return expected_on + dt.timedelta(days=grace_days) < today


# TT 02/2020 Art. 19: popular newspapers and magazines may be weeded two years after
# publication.
OLD_SERIAL_YEARS = 2


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


# --- content classes in the statistics (TT 18/2014 Art. 13: counts by content) ---------------

# The ten main classes of the DDC (and of the BBK "19 lớp" digits shared with it in Vietnamese
# practice is NOT assumed: DOMAIN §8.6 says which scheme the province uses is unconfirmed). A
# class number whose first character is a digit falls in that digit's main class; anything
# else (no class number, letters of another scheme) is "unclassed" and counted apart.
MAIN_CLASSES = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
UNCLASSED = ""


def main_class(class_number: str) -> str:
    """Return the DDC main class of `class_number` ("895.9223" → "8"), UNCLASSED for none."""
    first = (class_number or "").strip()[:1]
    return first if first in MAIN_CLASSES else UNCLASSED
