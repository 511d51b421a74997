"""What every official paper of libnet shares, whatever its format (PDF or XLSX).

The national heading (Quốc hiệu and Tiêu ngữ), the issuing unit under the body that governs
it, and the place-and-date line, as NĐ 30/2020/NĐ-CP (Phụ lục I) lays out an administrative
document. These parts are Vietnamese in every language of the interface: they are the form,
not its labels. `network/documents.py` works out a library's letterhead; the PDF and XLSX
helpers (core/pdf.py, core/xlsx.py) print it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BLANK_PLACE = "……………"


@dataclass(frozen=True)
class Letterhead:
    """The left-hand heading of a document and the place it is written in.

    `governing`: the bodies above the issuing unit, the highest first (printed in capitals,
    regular weight); `issuer`: the unit that issues the document (capitals, bold); `place`:
    the place name of the date line ("Tân Lập", "Sông Lam").
    """

    governing: tuple[str, ...]
    issuer: str
    place: str


def format_number(value: int | None) -> str:
    """A whole number the Vietnamese way, with dots between thousands: 12500 → 12.500."""
    return "" if value is None else f"{value:,}".replace(",", ".")


def day_number(day: dt.date) -> str:
    """The day of the month as a date line writes it: 05, 15."""
    # NĐ 30/2020 Phụ lục I: a day below 10 and the months 1 and 2 are written with a
    # leading zero ("ngày 05 tháng 02", but "tháng 3").
    return f"{day.day:02d}"


def month_number(day: dt.date) -> str:
    """The month as a date line writes it: 01, 02, then 3 … 12."""
    return f"{day.month:02d}" if day.month < 3 else str(day.month)


def place_and_date(place: str, day: dt.date | None) -> str:
    """Return the date line: "Tân Lập, ngày 05 tháng 3 năm 2026".

    Without a day (a record printed before the handover it records) the line keeps dots to
    be filled in by hand, as a printed paper form does.
    """
    place = place or BLANK_PLACE
    if day is None:
        return f"{place}, ngày …… tháng …… năm ……"
    return f"{place}, ngày {day_number(day)} tháng {month_number(day)} năm {day.year}"
