"""A demo title as a MARC 21 bibliographic record, catalogued the way the provincial library would.

The records follow Vietnamese practice: RDA with ISBD punctuation, 040 in Vietnamese,
personal names of Vietnamese authors in direct order (100 0#), Western names inverted
(100 1#), subjects from the National Library's subject list (650 #7 $2 Bộ TK TVQG), the
price in 020 $c. Every value is NFC.
"""

from __future__ import annotations

import datetime as dt
import re

import pymarc

from libnet.core import text
from libnet.demo import titles
from libnet.demo.titles import DemoTitle

# MARC organization code used for the demo's cataloguing agency (the provincial library). It
# is invented: Sông Lam is fictional.
AGENCY_CODE = "VN-SLTVT"
CONTROL_NUMBER_PREFIX = "SL-DEMO-"
SUBJECT_SOURCE = "Bộ TK TVQG"  # the National Library of Vietnam's subject heading list
DDC_EDITION = "23"

LANGUAGE_NAMES = {
    "vie": "tiếng Việt",
    "eng": "tiếng Anh",
    "fre": "tiếng Pháp",
    "rus": "tiếng Nga",
    "ita": "tiếng Ý",
    "jpn": "tiếng Nhật",
    "por": "tiếng Bồ Đào Nha",
    "spa": "tiếng Tây Ban Nha",
    "dan": "tiếng Đan Mạch",
    "ger": "tiếng Đức",
}
_TERMINAL = re.compile(r"[.?!…]$")


def control_number(number: int) -> str:
    """Return the 001 of the demo record with sequence `number` (1-based): SL-DEMO-000042."""
    return f"{CONTROL_NUMBER_PREFIX}{number:06d}"


def natural_order(name: str) -> str:
    """Return a heading in reading order: `Hugo, Victor` → `Victor Hugo`; Vietnamese names as is."""
    if ", " not in name:
        return name
    family, given = name.split(", ", 1)
    return f"{given} {family}"


def _contributor_phrase(name: str, role: str) -> str:
    phrases = {
        "dịch": f"{name} dịch",
        "biên soạn": f"{name} biên soạn",
        "chủ biên": f"{name} (chủ biên)",
        "tổng chủ biên": f"{name} (tổng chủ biên)",
        "vẽ tranh": f"tranh: {name}",
        "translator": f"translated by {name}",
        "traduction": f"traduit par {name}",
    }
    return phrases.get(role, f"{name} ({role})")


def responsibility(title: DemoTitle) -> str:
    """Return the statement of responsibility (245 $c) as printed on the title page."""
    if title.responsibility:
        return title.responsibility
    first = ", ".join(natural_order(author) for author in title.authors) or title.corporate_author
    others = [_contributor_phrase(name, role) for name, role in title.contributors]
    return " ; ".join(part for part in (first, *others) if part)


def _ended(value: str, mark: str = ".") -> str:
    """Return `value` ending with `mark`, unless it already ends with it (`Rowling, J. K.`)."""
    return value if value.endswith(mark) else value + mark


def _field(tag: str, indicators: str, *subfields: tuple[str, str]) -> pymarc.Field:
    return pymarc.Field(
        tag=tag,
        indicators=pymarc.Indicators(indicators[0], indicators[1]),
        subfields=[pymarc.Subfield(code, text.clean(value)) for code, value in subfields if value],
    )


# ISBD: the mark that introduces a subfield, written at the end of the one before it.
_TITLE_MARKS = {"b": " :", "c": " /", "n": ".", "p": ","}
_EXTENT_MARKS = {"b": " :", "c": " ;"}


def _punctuated(
    subfields: list[tuple[str, str]], marks: dict[str, str], *, final: str = ""
) -> list[tuple[str, str]]:
    """Add ISBD punctuation: each subfield ends with the mark that introduces the next one."""
    result: list[tuple[str, str]] = []
    for index, (code, value) in enumerate(subfields):
        if index + 1 < len(subfields):
            next_code = subfields[index + 1][0]
            # A part name follows its number with a comma, a title with a full stop.
            mark = "." if next_code == "p" and code != "n" else marks.get(next_code, "")
            value += mark
        elif final and not _TERMINAL.search(value):
            value += final
        result.append((code, value))
    return result


def _title_field(title: DemoTitle, has_main_entry: bool) -> pymarc.Field:
    parts: list[tuple[str, str]] = [("a", title.title)]
    if title.subtitle:
        parts.append(("b", title.subtitle))
    if title.part:
        number, _, name = title.part.partition(": ")
        parts.append(("n", number))
        if name:
            parts.append(("p", name))
    statement = responsibility(title)
    if statement:
        parts.append(("c", statement))
    return _field(
        "245",
        f"{1 if has_main_entry else 0}{title.nonfiling}",
        *_punctuated(parts, _TITLE_MARKS, final="."),
    )


def _entered_on(title: DemoTitle, number: int) -> dt.date:
    # The day the record was catalogued: in its year of publication, spread over the year.
    return dt.date(max(title.year, 2005), 1 + number % 12, 1 + number % 28)


def _fixed_field(title: DemoTitle, entered_on: dt.date) -> str:
    """Return the 40 positions of 008 for a book (or, for leader/06 `e`, a map)."""
    if title.material == "e":
        # 18-21 relief, 22-23 projection, 24, 25 type (e: atlas), 26-27, 28 government
        # publication, 29 form of item, 30, 31 index, 32, 33-34 special format.
        material_positions = "    " + "  " + " " + "e" + "  " + " " + " " + " " + "0" + " " + "  "
    else:
        illustrations = "a   " if title.illustrations else "    "
        contents = "    "
        if title.category == titles.REFERENCE:
            contents = ("d" if title.title.startswith("Từ điển") else "e") + "   "
        elif title.title.startswith("Thư mục"):
            contents = "b   "
        # 18-21 illustrations, 22 audience, 23 form of item, 24-27 contents, 28 government
        # publication, 29 conference, 30 festschrift, 31 index, 32, 33 literary form, 34 biography.
        material_positions = (
            (illustrations + title.audience + " " + contents + " " + "0" + "0" + "0" + " ")
            + title.literary_form
            + " "
        )
    fixed = (
        f"{entered_on:%y%m%d}s{title.year:04d}    vm " + material_positions + title.language + " d"
    )
    if len(fixed) != 40:  # a wrong length would shift every position after it
        raise ValueError(f"008 of {title.title!r} has {len(fixed)} positions: {fixed!r}")
    return fixed


def build_marc(title: DemoTitle, *, number: int) -> pymarc.Record:
    """Return the MARC 21 record of `title`, the demo record with sequence `number` (1-based).

    The same title and number always give the same record, field for field.
    """
    publisher = titles.PUBLISHERS[title.publisher]
    entered_on = _entered_on(title, number)
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader(f"00000n{title.material}m a2200000 i 4500")
    fields = [
        pymarc.Field(tag="001", data=control_number(number)),
        pymarc.Field(tag="003", data=AGENCY_CODE),
        pymarc.Field(tag="005", data=f"{entered_on:%Y%m%d}090000.0"),
        pymarc.Field(tag="008", data=_fixed_field(title, entered_on)),
    ]
    if title.isbn:
        price = f"{title.price_vnd}đ" if title.price_vnd else ""
        fields.append(_field("020", "  ", ("a", title.isbn.replace("-", "")), ("c", price)))
    fields.append(
        _field("040", "  ", ("a", AGENCY_CODE), ("b", "vie"), ("c", AGENCY_CODE), ("e", "rda"))
    )
    if title.original_language:
        fields.append(_field("041", "1 ", ("a", title.language), ("h", title.original_language)))
    else:
        fields.append(_field("041", "0 ", ("a", title.language)))
    fields.append(_field("082", "04", ("a", title.ddc), ("2", DDC_EDITION)))

    personal = list(title.authors)
    main_entry = personal[0] if personal else ""
    if main_entry:
        inverted = ", " in main_entry
        fields.append(_field("100", "1 " if inverted else "0 ", ("a", _ended(main_entry))))
    elif title.corporate_author:
        fields.append(_field("110", "2 ", ("a", _ended(title.corporate_author))))
    has_main_entry = bool(main_entry or title.corporate_author)
    if title.original_title and main_entry:
        fields.append(_field("240", "10", ("a", _ended(title.original_title)), ("l", "Tiếng Việt")))
    fields.append(_title_field(title, has_main_entry))
    if title.edition:
        fields.append(_field("250", "  ", ("a", title.edition)))
    fields.append(
        _field(
            "264",
            " 1",
            ("a", publisher.place + " :"),
            ("b", publisher.name + ","),
            ("c", str(title.year)),
        )
    )
    fields.append(_physical_description(title))
    content, content_code = (
        ("hình ảnh bản đồ", "cri") if title.material == "e" else ("văn bản", "txt")
    )
    fields.append(_field("336", "  ", ("a", content), ("b", content_code), ("2", "rdacontent")))
    fields.append(
        _field("337", "  ", ("a", "không qua thiết bị trung gian"), ("b", "n"), ("2", "rdamedia"))
    )
    fields.append(_field("338", "  ", ("a", "tập"), ("b", "nc"), ("2", "rdacarrier")))
    if title.series:
        fields.append(_field("490", "0 ", ("a", title.series)))
    for note in _notes(title):
        fields.append(_field("500", "  ", ("a", note)))
    if title.summary:
        fields.append(_field("520", "  ", ("a", title.summary)))
    for subject in title.subjects:
        fields.append(_field("650", " 7", ("a", subject), ("2", SUBJECT_SOURCE)))
    for place in title.geographic:
        fields.append(_field("651", " 7", ("a", place), ("2", SUBJECT_SOURCE)))
    for keyword in title.keywords:
        fields.append(_field("653", "  ", ("a", keyword)))
    for author in personal[1:]:
        fields.append(_field("700", ("1 " if ", " in author else "0 "), ("a", _ended(author))))
    for name, role in title.contributors:
        fields.append(_field("700", "0 ", ("a", name + ","), ("e", role + ".")))
    if title.corporate_author and main_entry:
        fields.append(_field("710", "2 ", ("a", _ended(title.corporate_author))))
    record.add_field(*fields)  # type: ignore[no-untyped-call]  # pymarc is untyped
    return record


def _physical_description(title: DemoTitle) -> pymarc.Field:
    extent = f"1 tập bản đồ ({title.pages} tr.)" if title.material == "e" else f"{title.pages} tr."
    parts: list[tuple[str, str]] = [("a", extent)]
    if title.illustrations:
        parts.append(("b", title.illustrations))
    parts.append(("c", f"{title.height_cm} cm"))
    return _field("300", "  ", *_punctuated(parts, _EXTENT_MARKS))


def _notes(title: DemoTitle) -> list[str]:
    notes: list[str] = []
    if title.category in {titles.TEXTBOOK, titles.TEACHER} and title.series:
        notes.append("ĐTTS ghi: Bộ Giáo dục và Đào tạo")
    if title.original_language:
        language = LANGUAGE_NAMES.get(title.original_language, title.original_language)
        source = f"Dịch từ nguyên bản {language}"
        if title.original_title:
            source += f": {title.original_title}"
        notes.append(source)
    if title.category == titles.TEXTBOOK and title.grade:
        notes.append(f"Sách giáo khoa lớp {title.grade} theo Chương trình giáo dục phổ thông 2018")
    return notes
