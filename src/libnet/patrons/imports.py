"""Bulk import of a school's pupils from the class lists schools keep in Excel or CSV.

Columns are found by their header, in Vietnamese or English, wherever the header row is (school
lists often start with the school's name and a title). Each row is imported in its own
savepoint: a bad row is reported with its number and a reason, and leaves nothing behind. A
pupil already at the school (same folded name and date of birth) is updated, not duplicated.
A dry run does the whole import and rolls it back, so the preview is exactly what will happen.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from libnet.core import audit, clock, inputs, text, validation
from libnet.core.audit import Actor
from libnet.core.errors import LibnetError
from libnet.network.models import SCHOOL_KINDS, Library
from libnet.patrons import policies, selectors, services
from libnet.patrons.errors import PatronRefused
from libnet.patrons.models import ConsentRole, Gender, Patron, PatronStatus

MAX_FILE_BYTES = 5 * 1024 * 1024  # a whole school is a few hundred kilobytes
HEADER_SEARCH_ROWS = 15

# Folded header → column. Schools type headers many ways; all are folded before comparing.
HEADERS: dict[str, tuple[str, ...]] = {
    "full_name": (
        "ho va ten",
        "ho ten",
        "ho va ten hoc sinh",
        "ho ten hoc sinh",
        "ten hoc sinh",
        "full name",
        "name",
        "pupil",
        "student name",
    ),
    "birth_date": (
        "ngay sinh",
        "ngay thang nam sinh",
        "ngay, thang, nam sinh",
        "sinh ngay",
        "birth date",
        "date of birth",
        "dob",
        "birthday",
    ),
    "gender": ("gioi tinh", "gioi", "nam/nu", "gender", "sex"),
    "school_class": ("lop", "lop hoc", "class", "form"),
    "phone": (
        "sdt phu huynh",
        "so dien thoai phu huynh",
        "dien thoai phu huynh",
        "dt phu huynh",
        "sdt",
        "so dien thoai",
        "dien thoai",
        "phone",
        "parent phone",
        "guardian phone",
        "parent's phone",
    ),
    "address": ("dia chi", "noi o", "cho o", "cho o hien nay", "address", "home address"),
    "card_number": ("so the", "ma the", "so the thu vien", "card number", "card"),
    # Who signs the consent for a pupil under 16 (policies.consents_needed).
    "guardian_name": (
        "ho ten phu huynh",
        "ho va ten phu huynh",
        "ten phu huynh",
        "phu huynh",
        "cha me",
        "ho ten cha me",
        "nguoi giam ho",
        "parent",
        "parent name",
        "guardian",
        "guardian name",
    ),
}
_HEADER_NOISE = re.compile(r"[\s:*()\[\]]+")


def _header_key(value: Any) -> str:
    folded = text.fold(str(value or ""))
    return _HEADER_NOISE.sub(" ", folded.replace("đ", "d")).strip().rstrip(".")


_HEADER_LOOKUP = {variant: column for column, variants in HEADERS.items() for variant in variants}


# Excel saves "CSV" in the Windows code page, and a letter the code page lacks becomes "?"
# (Họ → H?, Nguyễn → Nguy?n): the file has lost its Vietnamese before libnet sees it.
LOST_LETTER = re.compile(r"[?\ufffd]")


def _column_of(key: str) -> str | None:
    column = _HEADER_LOOKUP.get(key)
    if column is None and LOST_LETTER.search(key):
        # "h? va ten": a header whose letters Excel replaced still says which column it is.
        pattern = re.compile(LOST_LETTER.sub(".", re.escape(key).replace(r"\?", "?")) + "$")
        column = next(
            (name for variant, name in _HEADER_LOOKUP.items() if pattern.match(variant)), None
        )
    return column


def columns_of(header_row: Sequence[Any]) -> dict[str, int]:
    """Return column name → position for a header row; unknown headers are left out."""
    found: dict[str, int] = {}
    for position, cell in enumerate(header_row):
        column = _column_of(_header_key(cell))
        if column and column not in found:
            found[column] = position
    return found


# ---------------------------------------------------------------- reading the file


@dataclass(frozen=True)
class SourceRow:
    """One data row of the file, with its row number as the spreadsheet shows it."""

    number: int
    values: dict[str, Any]


@dataclass
class ReadFile:
    rows: list[SourceRow]
    columns: list[str]
    ignored_headers: list[str]


# Magic numbers of the files people upload instead of a class list.
_ZIP_MAGIC = b"PK\x03\x04"  # .xlsx (and .docx, .odt: caught when openpyxl cannot read them)
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and .doc, Office 97-2003
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode Text": UTF-16, tab-separated
# Pictures and documents sent by mistake (a photo of the list, its PDF).
_NOT_TEXT_MAGICS = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"II*\x00", b"MM\x00*")
# A text file has few control characters besides tab and line ends; a picture or a PDF
# decoded as Windows-1258 is full of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes), UTF-16 with its BOM (Excel's Unicode
    text), else Windows-1258, the old Vietnamese Windows code page, whose tone marks are
    combining characters (text.clean makes them NFC when a value is read).

    Raises PatronRefused("not_a_class_list") when the bytes are not text at all.
    """
    if raw.startswith(_UTF16_BOMS):
        try:
            content = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise PatronRefused("not_a_class_list") from None
    else:
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            content = raw.decode("cp1258", errors="replace")
    if len(_CONTROL.findall(content)) > max(1, len(content) * _MAX_CONTROL_SHARE):
        raise PatronRefused("not_a_class_list")
    return content


def _csv_rows(raw: bytes) -> Iterator[list[str]]:
    content = _decode(raw)
    sample = content[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(content), dialect)


def _xlsx_rows(raw: bytes) -> Iterator[list[Any]]:
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # zipfile, XML and openpyxl errors: a damaged or foreign file
        raise PatronRefused("damaged_xlsx") from error
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _xls_rows(raw: bytes) -> Iterator[list[Any]]:
    """The first sheet of an Excel 97-2003 file (.xls), still what many schools' software
    exports, read by python-calamine; dates come as dates, as from openpyxl."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as error:  # calamine's errors for a damaged file, or a Word .doc
        raise PatronRefused("old_excel_file") from error
    yield from (list(row) for row in rows)


def _file_kind(raw: bytes, filename: str) -> str:
    """Return "xlsx", "xls" or "csv" from the file's first bytes (the name may lie), or refuse
    a file that is none of them."""
    if raw.startswith(_ZIP_MAGIC):
        return "xlsx"
    if raw.startswith(_OLE2_MAGIC):
        return "xls"
    if raw.startswith(_NOT_TEXT_MAGICS):
        raise PatronRefused("not_a_class_list")
    if Path(filename).suffix.lower() in {".xlsx", ".xlsm"}:
        raise PatronRefused("damaged_xlsx")
    return "csv"


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def read_pupil_file(raw: bytes, filename: str) -> ReadFile:
    """Read a class list (XLSX, XLS or CSV): find the header row, then return the data rows.

    Raises PatronRefused: "file_too_large", "old_excel_file", "damaged_xlsx",
    "not_a_class_list" (a picture, a PDF…), "no_name_column", "letters_lost" (Excel saved the
    CSV in the Windows code page and wrote "?" for the letters it lacks).
    """
    if len(raw) > MAX_FILE_BYTES:
        raise PatronRefused("file_too_large", limit=MAX_FILE_BYTES // (1024 * 1024))
    kind = _file_kind(raw, filename)
    try:
        readers = {"xlsx": _xlsx_rows, "xls": _xls_rows, "csv": _csv_rows}
        source = readers[kind](raw)
        header: list[Any] | None = None
        columns: dict[str, int] = {}
        rows: list[SourceRow] = []
        for number, cells in enumerate(source, start=1):
            if header is None:
                columns = columns_of(cells)
                if "full_name" in columns:
                    header = cells
                elif number >= HEADER_SEARCH_ROWS:
                    break
                continue
            values = {
                column: cells[position] if position < len(cells) else None
                for column, position in columns.items()
            }
            if _blank(values.get("full_name")) and _blank(values.get("birth_date")):
                continue  # blank lines and the signature block under the list
            rows.append(SourceRow(number, values))
    except LibnetError:
        raise
    except Exception as error:  # the csv module and openpyxl raise many kinds for a bad file
        # Their messages are English and technical: the librarian gets one that says what to do.
        refusal = {"xlsx": "damaged_xlsx", "xls": "old_excel_file"}.get(kind, "not_a_class_list")
        raise PatronRefused(refusal) from error
    if header is None:
        raise PatronRefused("no_name_column")
    if any(LOST_LETTER.search(str(row.values.get("full_name") or "")) for row in rows):
        raise PatronRefused("letters_lost")
    ignored = [
        str(cell).strip()
        for position, cell in enumerate(header)
        if cell not in (None, "") and position not in columns.values()
    ]
    return ReadFile(rows=rows, columns=sorted(columns), ignored_headers=ignored)


# ---------------------------------------------------------------- parsing values

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


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number Excel turned into 912345678.0
    return text.clean(str(value))


def _phone(value: Any) -> str:
    phone = _cell_text(value)
    if phone.isdigit() and len(phone) in (9, 10) and not phone.startswith("0"):
        phone = "0" + phone  # Excel drops the leading zero of 0912345678
    return phone


# ---------------------------------------------------------------- importing


@dataclass(frozen=True)
class CollectedConsents:
    """The school says it collected signed consent forms for the pupils of this list: when
    (the forms' date) and who gathered them. Recorded with each pupil's consents; without
    this, or without a parent's name for a pupil under 16, the card waits for consent."""

    given_on: dt.date
    collected_by: str


@dataclass(frozen=True)
class RowResult:
    number: int
    full_name: str
    school_class: str
    action: str  # "created", "updated" or "failed"
    card_number: str = ""
    message: str = ""
    # Whose consent the pupil's card still waits for (ConsentRole values); empty: usable.
    waiting_for: tuple[str, ...] = ()


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do), row by row."""

    school: Library
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self._count("created")

    @property
    def updated(self) -> int:
        return self._count("updated")

    @property
    def failed(self) -> int:
        return self._count("failed")

    @property
    def waiting(self) -> int:
        """Pupils whose card cannot be used until their consents are recorded."""
        return sum(1 for row in self.rows if row.action != "failed" and row.waiting_for)

    @property
    def failures(self) -> list[RowResult]:
        return [row for row in self.rows if row.action == "failed"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "school": self.school.code,
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "failed": self.failed,
            "waiting_for_consent": self.waiting,
        }


class _DryRunRollback(Exception):
    """Raised at the end of a dry run to roll the whole import back."""


def import_pupils(
    *,
    school: Library,
    raw: bytes,
    filename: str,
    by: Actor,
    at: dt.datetime | None = None,
    dry_run: bool = False,
    default_class: str = "",
    consents: CollectedConsents | None = None,
) -> ImportReport:
    """Import a class list into `school`: new pupils get cards, known pupils are updated.

    `default_class` fills rows without a class (a file that is one class's list). With
    `consents`, the consents the school collected are recorded for each pupil (the pupil's
    own from 7, a parent's, named in the file, under 16); a card whose consents are not all
    recorded waits (selectors.card_refusal) and the report says so. Raises PatronRefused when
    the file itself is unusable; row problems go into the report.
    """
    if school.kind not in SCHOOL_KINDS:
        raise PatronRefused("not_a_school", library=school.name)
    at = at or clock.now()
    if consents is not None:
        if not text.clean(consents.collected_by or ""):
            raise PatronRefused("consent_collector_required")
        validation.check_date(
            consents.given_on,
            field=_("Date of the consent forms"),
            window="operational",
            today=clock.local_date(at),
        )
    source = read_pupil_file(raw, filename)
    report = ImportReport(school=school, dry_run=dry_run, ignored_headers=source.ignored_headers)
    pupil = services.category_by_code(policies.PUPIL_CATEGORY)
    fallback_class = policies.normalize_class_name(default_class)
    try:
        with transaction.atomic():
            for row in source.rows:
                report.rows.append(
                    _import_row(row, school, pupil, fallback_class, consents, by, at)
                )
            audit.record(
                "patrons.import_pupils",
                subject=school,
                by=by,
                at=at,
                library_id=school.pk,
                after={
                    "file": filename[:200],
                    "consents_collected_on": consents.given_on.isoformat() if consents else None,
                    **report.as_dict(),
                },
            )
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return report


def _import_row(
    row: SourceRow,
    school: Library,
    pupil: Any,
    fallback_class: str,
    consents: CollectedConsents | None,
    by: Actor,
    at: dt.datetime,
) -> RowResult:
    values = row.values
    name = text.clean(_cell_text(values.get("full_name")))
    school_class = policies.normalize_class_name(_cell_text(values.get("school_class")))
    school_class = school_class or fallback_class
    try:
        if not name:
            raise RowError(_("the name is missing"))
        birth_date = parse_birth_date(values.get("birth_date"))
        gender = parse_gender(values.get("gender"))
        if not school_class:
            raise RowError(_("the class is missing"))
        phone = _phone(values.get("phone"))
        address = _cell_text(values.get("address"))
        card_number = _cell_text(values.get("card_number"))
        guardian = _cell_text(values.get("guardian_name"))
        with transaction.atomic():
            existing = (
                Patron.objects.select_for_update()
                .filter(school=school, name_folded=text.fold(name), birth_date=birth_date)
                .exclude(status=PatronStatus.ERASED)
                .first()
            )
            if existing is not None:
                _update_pupil(existing, school_class, gender, phone, address, by, at)
                _record_collected(existing, consents, guardian, by, at)
                return RowResult(
                    row.number,
                    name,
                    school_class,
                    "updated",
                    existing.card_number,
                    waiting_for=_waiting_for(existing, at),
                )
            patron = services.issue_card(
                library=school,
                full_name=name,
                category=pupil,
                by=by,
                at=at,
                birth_date=birth_date,
                gender=gender,
                phone=phone,
                address=address,
                school=school,
                school_class=school_class,
                card_number=card_number,
                # The rule for this file is the school's own: same name and date of birth.
                confirm_duplicate=True,
            )
            _record_collected(patron, consents, guardian, by, at)
            return RowResult(
                row.number,
                name,
                school_class,
                "created",
                patron.card_number,
                waiting_for=_waiting_for(patron, at),
            )
    except RowError as error:
        return RowResult(row.number, name, school_class, "failed", message=str(error))
    except LibnetError as error:
        return RowResult(row.number, name, school_class, "failed", message=error.message)


def _record_collected(
    patron: Patron,
    consents: CollectedConsents | None,
    guardian: str,
    by: Actor,
    at: dt.datetime,
) -> None:
    """Record the consents the school collected for this pupil: the pupil's own, and the
    parent's when the file names the parent. Nothing is assumed: without a name, no record."""
    if consents is None or patron.birth_date is None:
        return
    age = policies.age_on(patron.birth_date, clock.local_date(at))
    for role in sorted(policies.consents_needed(age)):
        giver = patron.full_name if role == ConsentRole.READER else guardian
        if not giver:
            continue
        services.record_consent(
            patron=patron,
            given_by=role,
            giver_name=giver,
            by=by,
            at=at,
            given_on=consents.given_on,
            collected_by=consents.collected_by,
        )


def _waiting_for(patron: Patron, at: dt.datetime) -> tuple[str, ...]:
    return tuple(selectors.card_consents_missing(patron=patron, on=clock.local_date(at)))


def _update_pupil(
    patron: Patron,
    school_class: str,
    gender: str,
    phone: str,
    address: str,
    by: Actor,
    at: dt.datetime,
) -> None:
    """Bring a known pupil up to date with the list; blank cells keep what is stored."""
    before = {"school_class": patron.school_class}
    changed: list[str] = []
    updates = {
        "school_class": services.clean_class(school_class),
        "gender": gender,
        "phone": services.clean_phone(phone),
        "address": inputs.check_column(Patron, "address", text.clean(address)),
    }
    for name, value in updates.items():
        if value and getattr(patron, name) != value:
            setattr(patron, name, value)
            changed.append(name)
    if patron.left_school_on is not None:
        patron.left_school_on = None
        changed.append("left_school_on")
    if not changed:
        return
    patron.updated_at = at
    patron.save(update_fields=[*changed, "updated_at"])
    audit.record(
        "patron.import_update",
        subject=patron,
        by=by,
        at=at,
        library_id=patron.school_id,
        before=before,
        after={"school_class": patron.school_class, "changed": changed},
    )
