"""Readers of the demo: about thirty per commune library, a class list per school, and Bình.

Planned as plain data (`plan_readers`), the same list on every run for a given school year;
the loader bulk-inserts the readers whose card number is new. Dates follow the day the demo
is loaded, so cards are current whenever it is loaded: Bình's card runs to the end of this
school year.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from libnet.demo import people, places
from libnet.network.models import SCHOOL_KINDS, LibraryKind
from libnet.patrons import policies

SEED = "songlam-readers"
READERS_PER_COMMUNE = 30
PUPILS_PER_CLASS = 24
# Bình (STYLE.md): pupil of class 7A at Tân Lập lower-secondary school, also a reader at the
# commune library; his PIN lets the OPAC self-service be shown.
BINH_CARD = "HS2026000123"
BINH_SCHOOL = "SL-THCS-TANLAP"
BINH_COMMUNE = "SL-TANLAP"
BINH_PIN = "1234"
# Commune readers, by category: families, farmers, pensioners (weights, not shares).
_CATEGORIES = (
    ("adult", 46),
    ("child", 22),
    ("elderly", 14),
    ("student", 6),
    ("poor_household", 6),
    ("disabled", 3),
    ("war_invalid", 3),
)
_VILLAGES = (
    "Thôn Trung Lập",
    "Thôn Đồng Xuân",
    "Thôn Bắc Sơn",
    "Thôn Yên Hòa",
    "Xóm Mới",
    "Thôn Hạ",
    "Bản Pà Khốm",
)
_BLOCK_REASONS = (
    "Chưa trả 2 cuốn sách quá hạn 3 tháng",
    "Làm rách sách, chưa bồi thường",
)


@dataclass(frozen=True)
class DemoReader:
    card_number: str
    library_code: str  # home library
    full_name: str
    birth_date: dt.date
    gender: str
    category: str
    card_issued_on: dt.date
    phone: str = ""
    address: str = ""
    school_code: str = ""
    school_class: str = ""
    blocked_reason: str = ""
    guardian_name: str = ""
    also_used: tuple[str, ...] = ()
    pin: str = ""


def school_year_start(today: dt.date) -> dt.date:
    """5 September of the school year `today` belongs to (the opening day, khai giảng)."""
    year = today.year if today.month >= 6 else today.year - 1
    return dt.date(year, 9, 5)


def _gender(name: str) -> str:
    middle = name.split()[1] if len(name.split()) > 2 else ""
    return "female" if middle in people.MIDDLE_NAMES_FEMALE and middle != "Minh" else "male"


def _phone(rng: random.Random) -> str:
    return f"09{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}"


def _guardian(rng: random.Random, child_name: str) -> str:
    family = child_name.split()[0]
    return f"{family} {rng.choice(people.MIDDLE_NAMES_MALE)} {rng.choice(people.GIVEN_NAMES_MALE)}"


def _birth_date(rng: random.Random, category: str, today: dt.date) -> dt.date:
    ages = {
        "child": (4, 15),
        "elderly": (60, 85),
        "student": (18, 23),
    }.get(category, (18, 59))
    age = rng.randint(*ages)
    return dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))


def _commune_readers(code: str, today: dt.date) -> list[DemoReader]:
    rng = random.Random(f"{SEED}-{code}")
    prefix = policies.card_prefix(code, places.PROVINCE_CODE)
    categories = [name for name, _ in _CATEGORIES]
    weights = [weight for _, weight in _CATEGORIES]
    readers: list[DemoReader] = []
    for index in range(READERS_PER_COMMUNE):
        category = rng.choices(categories, weights)[0]
        name = people.person_name(rng)
        birth_date = _birth_date(rng, category, today)
        # Most cards were issued this past year; one in ten is older and has run out.
        days_ago = rng.randint(430, 700) if rng.random() < 0.1 else rng.randint(1, 330)
        issued_on = today - dt.timedelta(days=days_ago)
        minor = policies.age_on(birth_date, today) < policies.ADULT_CONSENT_FROM_AGE
        readers.append(
            DemoReader(
                card_number=policies.card_number(prefix, issued_on.year, index + 1),
                library_code=code,
                full_name=name,
                birth_date=birth_date,
                gender=_gender(name),
                category=category,
                card_issued_on=issued_on,
                phone="" if minor else _phone(rng),
                address=rng.choice(_VILLAGES),
                blocked_reason=_BLOCK_REASONS[index % 2] if index in (7, 19) else "",
                guardian_name=_guardian(rng, name) if minor else "",
            )
        )
    return readers


def _class_name(grades: tuple[int, int]) -> str:
    low, high = grades
    return f"{min(low + 1, high)}A"


def _class_list(code: str, grades: tuple[int, int], today: dt.date) -> list[DemoReader]:
    rng = random.Random(f"{SEED}-{code}")
    prefix = policies.card_prefix(code, places.PROVINCE_CODE)
    school_class = _class_name(grades)
    grade = policies.grade_of(school_class) or grades[0]
    opening = school_year_start(today)
    # A pupil in grade g turns 5 + g during the school year that starts this September.
    birth_year = opening.year - 5 - grade
    pupils: list[DemoReader] = []
    for index in range(PUPILS_PER_CLASS):
        name = people.person_name(rng)
        pupils.append(
            DemoReader(
                card_number=policies.card_number(prefix, opening.year, index + 1),
                library_code=code,
                full_name=name,
                birth_date=dt.date(birth_year, rng.randint(1, 12), rng.randint(1, 28)),
                gender=_gender(name),
                category=policies.PUPIL_CATEGORY,
                card_issued_on=opening,
                phone=_phone(rng),
                address=rng.choice(_VILLAGES),
                school_code=code,
                school_class=school_class,
                guardian_name=_guardian(rng, name),
            )
        )
    return pupils


def binh(today: dt.date) -> DemoReader:
    return DemoReader(
        card_number=BINH_CARD,
        library_code=BINH_SCHOOL,
        full_name="Phạm Văn Bình",
        birth_date=dt.date(2014, 2, 10),
        gender="male",
        category=policies.PUPIL_CATEGORY,
        card_issued_on=school_year_start(today),
        phone="0912 345 021",
        address="Thôn Trung Lập",
        school_code=BINH_SCHOOL,
        school_class="7A",
        guardian_name="Phạm Thị Mai",
        also_used=(BINH_COMMUNE,),
        pin=BINH_PIN,
    )


def plan_readers(library_codes: set[str], today: dt.date) -> list[DemoReader]:
    """Return the demo readers of the libraries in `library_codes`, Bình first."""
    readers: list[DemoReader] = []
    if BINH_SCHOOL in library_codes:
        readers.append(binh(today))
    for library in places.ALL_LIBRARIES:
        if library.code not in library_codes or not library.runs_libnet:
            continue
        if library.kind == LibraryKind.COMMUNE:
            readers.extend(_commune_readers(library.code, today))
        # A kindergarten lends to its teachers and to parents, not on pupils' cards.
        elif library.kind in SCHOOL_KINDS and library.grades and library.grades[1] >= 1:
            readers.extend(_class_list(library.code, library.grades, today))
    return readers
