"""An official statistics form of a library for a period, row by row.

Each row of the layout gives one figure for the period ("Thực hiện kỳ báo cáo") and, for a
figure that adds up over time, one since the start of the plan year ("Lũy kế từ đầu năm");
a breakdown adds one row per class, format, group or level under it. What each row counts is
in its `counts`, printed with the form. The form is in Vietnamese whatever the user's
language: it is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import translation

from libnet.catalog import selectors as catalog_selectors
from libnet.catalog.policies import MAIN_CLASSES, UNCLASSED
from libnet.network.models import SCHOOL_KINDS, Library, LibraryKind
from libnet.planning import selectors
from libnet.planning.errors import OfficialFormRefused
from libnet.planning.models import Aggregation
from libnet.planning.official import layouts
from libnet.planning.official.figures import FormFigures, scope_ids
from libnet.planning.official.layouts import DISTINCT, FLOW, Layout
from libnet.planning.periods import Period

Value = int | Decimal | None

# DDC 23 main classes, as Vietnamese libraries name them.
CLASS_NAMES = {
    "0": "Tin học, thông tin và tác phẩm tổng quát (000)",
    "1": "Triết học và tâm lý học (100)",
    "2": "Tôn giáo (200)",
    "3": "Khoa học xã hội (300)",
    "4": "Ngôn ngữ (400)",
    "5": "Khoa học tự nhiên và toán học (500)",
    "6": "Công nghệ, khoa học ứng dụng (600)",
    "7": "Nghệ thuật và giải trí (700)",
    "8": "Văn học (800)",
    "9": "Lịch sử và địa lý (900)",
    UNCLASSED: "Chưa có ký hiệu phân loại DDC",
}
NOT_PER_COPY_LABEL = "Không ghi theo từng bản (số liệu chuyển từ trước khi dùng libnet)"
NO_COPY_LABEL = "Không ghi theo bản tài liệu (đếm trong ngày, điểm gửi sách, lưu động)"


@dataclass
class FormRow:
    """One line of the form. `part_of` is the number of the row it splits (`splits`) or is
    a part of ("trong đó"); `adds_up` says whether the rows splitting it add up to it (a
    title held in two formats is in both, so formats of titles do not)."""

    number: str
    label: str
    unit: str
    counts: str
    kind: str
    period: Value
    to_date: Value
    part_of: str | None = None
    splits: bool = False
    adds_up: bool = True
    depth: int = 0


@dataclass
class OfficialForm:
    code: str
    title: str
    library: Library
    period: Period
    rows: list[FormRow]
    library_count: int
    libnet_own: bool
    province_layout: bool
    public_only: bool
    notes: list[str] = field(default_factory=list)

    def row(self, number: str) -> FormRow:
        return next(row for row in self.rows if row.number == number)


def _kind(row: Layout, aggregation: dict[str, str]) -> str:
    kind = layouts.MEASURES[row["measure"]]
    if row["measure"] == "indicator" and aggregation.get(row["indicator"]) == Aggregation.DISTINCT:
        return DISTINCT
    return kind


def _values(row: Layout, kind: str, figures: FormFigures) -> tuple[Value, Value]:
    measure = row["measure"]
    period_counters, to_date_counters = figures.counters
    if measure == "indicator":
        code = row["indicator"]
        return period_counters.get(code, 0), to_date_counters.get(code, 0)
    if measure == "indicators":
        return (
            sum(period_counters.get(code, 0) for code in row["indicators"]),
            sum(to_date_counters.get(code, 0) for code in row["indicators"]),
        )
    if measure == "stock_titles":
        return sum(titles for titles, _c in figures.holdings_by_class.values()), None
    if measure == "stock_copies":
        return figures.copies_held(), None
    if measure == "card_holders":
        return sum(figures.card_holders_by_category.values()), None
    if measure == "card_holders_disability":
        return figures.card_holders_recording_disability, None
    if measure == "libraries":
        return len(figures.active_ids), None
    if measure == "population":
        population = figures.population
        return (population.population if population else None), None
    if measure == "copies_per_inhabitant":
        return figures.copies_per_inhabitant(), None
    raise ValueError(measure)  # layout_problems refuses any other measure


def _breakdown(row: Layout, figures: FormFigures) -> list[tuple[str, Value, Value]]:
    """The rows under `row`: (label, period value, since the start of the year)."""
    breakdown = row["breakdown"]
    measure = row["measure"]
    if breakdown == "class":
        if measure == "indicator":
            now, since = figures.additions_by_class
            rows = [(_class(key), now.get(key, 0), since.get(key, 0)) for key in _class_keys()]
            return [*rows, _rest(rows, figures, row["indicator"], NOT_PER_COPY_LABEL)]
        index = 0 if measure == "stock_titles" else 1
        held = figures.holdings_by_class
        return [(_class(key), held.get(key, (0, 0))[index], None) for key in _class_keys()]
    if breakdown == "format":
        with translation.override("vi"):
            names = {value: str(label) for value, label in catalog_selectors.item_types()}
        if measure == "indicator":
            now, since = figures.additions_by_format
            rows = [(names[key], now.get(key, 0), since.get(key, 0)) for key in names]
            return [*rows, _rest(rows, figures, row["indicator"], NOT_PER_COPY_LABEL)]
        index = 0 if measure == "stock_titles" else 1
        formats = figures.holdings_by_format
        return [(names[key], formats.get(key, (0, 0))[index], None) for key in names]
    if breakdown in ("use_class", "loan_class"):
        index = 0 if breakdown == "use_class" else 1
        code = row["indicator"]
        uses_now, uses_since = figures.uses_by_class
        rows = [
            (_class(key), uses_now.get(key, (0, 0))[index], uses_since.get(key, (0, 0))[index])
            for key in _class_keys()
        ]
        return [*rows, _rest(rows, figures, code, NO_COPY_LABEL)]
    if breakdown == "reader_group":
        counts = dict(figures.card_holders_by_category)
        return [
            (group["label"], value, None)
            for group, value in _grouped(row["groups"], counts, "categories")
        ]
    if breakdown == "kind":
        # One row per kind of library the public network has (LibraryKind, in its order).
        grouped = figures.group_kinds(figures.active_ids if measure == "libraries" else figures.ids)
        with translation.override("vi"):
            kinds = [
                (str(value), str(name))
                for value, name in LibraryKind.choices
                if value not in SCHOOL_KINDS or not figures.public_only
            ]
        counted = {value for value, _name in kinds}
        kind_rows: list[tuple[str, Value, Value]] = []
        for value, name in kinds:
            ids = grouped.get(value, set())
            kind_rows.append((name, _count(measure, ids, figures), None))
        rest = set().union(*(ids for kind, ids in grouped.items() if kind not in counted))
        if rest:
            kind_rows.append(("Khác", _count(measure, rest, figures), None))
        return kind_rows
    if breakdown == "level":
        by_kind: dict[str, int] = {}
        for kind, ids in figures.group_kinds(
            figures.active_ids if measure == "libraries" else figures.ids
        ).items():
            by_kind[kind] = (
                len(ids)
                if measure == "libraries"
                else sum(figures.copies_by_library.get(library_id, 0) for library_id in ids)
            )
        return [
            (group["label"], value, None)
            for group, value in _grouped(row["groups"], by_kind, "kinds")
        ]
    raise ValueError(breakdown)  # layout_problems refuses any other breakdown


def _rest(
    rows: Sequence[tuple[str, Value, Value]], figures: FormFigures, code: str, label: str
) -> tuple[str, Value, Value]:
    """The part of counter `code` that no copy accounts for: the row that makes a breakdown
    add up to the counter (a negative figure here means the two disagree: checks says so)."""
    period, to_date = figures.counters
    return (
        label,
        period.get(code, 0) - sum(int(value or 0) for _label, value, _since in rows),
        to_date.get(code, 0) - sum(int(since or 0) for _label, _value, since in rows),
    )


def _count(measure: str, ids: set[int], figures: FormFigures) -> int:
    """Libraries among `ids`, or the copies they hold."""
    if measure == "libraries":
        return len(ids)
    return sum(figures.copies_by_library.get(library_id, 0) for library_id in ids)


def _class_keys() -> list[str]:
    return [*MAIN_CLASSES, UNCLASSED]


def _class(key: str) -> str:
    return f"Lớp {key}: {CLASS_NAMES[key]}" if key else CLASS_NAMES[key]


def _grouped(groups: list[Layout], counts: dict[str, int], member: str) -> list[tuple[Layout, int]]:
    """Each group's count: the sum of its members'; the group listing none takes the rest."""
    named = {key for group in groups for key in group[member]}
    rest = sum(value for key, value in counts.items() if key not in named)
    return [
        (group, sum(counts.get(key, 0) for key in group[member]) if group[member] else rest)
        for group in groups
    ]


def official_form(code: str, library: Library, period: Period) -> OfficialForm:
    """Return form `code` of `library` for `period`.

    OfficialFormRefused("unknown_form") for a form libnet does not have;
    ("public_libraries_only") for the Ministry's table of a library outside the public network.
    """
    layout, province_layout = layouts.layout_for(code)
    public_only = bool(layout.get("public_only"))
    ids = scope_ids(library, period, public_only=public_only)
    if library.pk not in ids:
        raise OfficialFormRefused("public_libraries_only", library=library.name)
    figures = FormFigures(library=library, period=period, ids=ids, public_only=public_only)
    aggregation = {indicator.code: indicator.aggregation for indicator in selectors.indicators()}
    rows: list[FormRow] = []
    for spec in layout["rows"]:
        kind = _kind(spec, aggregation)
        value, to_date = _values(spec, kind, figures)
        number = str(spec["number"])
        breakdown = spec.get("breakdown")
        rows.append(
            FormRow(
                number=number,
                label=spec["label"],
                unit=spec["unit"],
                counts=spec["counts"],
                kind=kind,
                period=value,
                to_date=to_date,
                part_of=str(spec["part_of"]) if spec.get("part_of") is not None else None,
                adds_up=not (breakdown == "format" and spec["measure"] == "stock_titles"),
                depth=1 if spec.get("part_of") is not None else 0,
            )
        )
        if breakdown:
            for position, (label, part, part_to_date) in enumerate(
                _breakdown(spec, figures), start=1
            ):
                rows.append(
                    FormRow(
                        number=f"{number}.{position}",
                        label=label,
                        unit=spec["unit"],
                        counts=f"Phần của dòng {number}: {label}.",
                        kind=kind,
                        period=part,
                        to_date=part_to_date if kind in (FLOW, DISTINCT) else None,
                        part_of=number,
                        splits=True,
                        depth=1,
                    )
                )
    notes = []
    population = figures.population
    if any(spec["measure"] in ("population", "copies_per_inhabitant") for spec in layout["rows"]):
        if population is None:
            notes.append(
                "Dân số: tỉnh chưa nhập dân số của đơn vị hành chính này; bình quân bản sách "
                "trên một người dân để trống."
            )
        else:
            day = population.as_of
            notes.append(
                f"Dân số {population.population:,} người".replace(",", ".")
                + f" ({population.unit.name}, ngày {day.day}/{day.month}/{day.year}"
                + (f", {population.source}" if population.source else "")
                + ")."
            )
    return OfficialForm(
        code=code,
        title=layout["title"],
        library=library,
        period=period,
        rows=rows,
        library_count=len(ids),
        libnet_own=bool(layout.get("libnet_own")) and not province_layout,
        province_layout=province_layout,
        public_only=public_only,
        notes=notes,
    )
