"""Load the demo province Sông Lam into the database (`libnet load_demo`).

Everything is keyed on a stable identifier, so a second run adds nothing: administrative
units on (code, valid_from), libraries on their code, registers on (library, prefix), shelf
locations on (library, code), staff on (username, library, role), records on 001/003 and
copies on their barcode.

Which library holds which edition is planned once for the full province (`plan_copies`, no
database); `--scale small` keeps the part of that plan that falls in the small libraries and
the sampled titles. A copy therefore has the same barcode at both scales, and loading the full
province over a small one only adds what is missing. Accession numbers are taken from the
registers when the copies are written, in order of acquisition, as catalog.services would.

Libraries, registers and staff go through the network and catalogue services (a few dozen
calls). Records and copies are bulk-inserted as the MARC importer does, with one audit entry
per record and per record × library instead of one per copy.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from libnet.catalog import changes as catalog_changes
from libnet.catalog import holdings
from libnet.catalog import services as catalog_services
from libnet.catalog.models import (
    AccessionRegister,
    BibRecord,
    Item,
    ItemSource,
    ItemStatus,
    ItemType,
    ShelfLocation,
)
from libnet.core import audit, clock, text
from libnet.core.models import AuditEntry
from libnet.demo import bibliographies as demo_bibliographies
from libnet.demo import bodies as demo_bodies
from libnet.demo import circulation as demo_circulation
from libnet.demo import digital as demo_digital
from libnet.demo import donations as demo_donations
from libnet.demo import events as demo_events
from libnet.demo import mobile as demo_mobile
from libnet.demo import people, places, readers, records, titles
from libnet.demo import planning as demo_planning
from libnet.demo import programmes as demo_programmes
from libnet.demo import register as demo_register
from libnet.demo import rotation as demo_rotation
from libnet.demo import schools as demo_schools
from libnet.demo import serials as demo_serials
from libnet.demo import statistics as demo_statistics
from libnet.demo import stocktake as demo_stocktake
from libnet.demo import training as demo_training
from libnet.demo import weeding as demo_weeding
from libnet.demo.acquisitions import load_acquisitions
from libnet.demo.authorities import load_authorities
from libnet.demo.places import DemoLibrary
from libnet.demo.titles import DemoTitle
from libnet.network import services as network_services
from libnet.network.models import (
    SCHOOL_KINDS,
    AdminUnit,
    AdminUnitLevel,
    Library,
    LibraryKind,
    Membership,
)
from libnet.patrons import policies as patron_policies
from libnet.patrons import stats_sources as patron_stats
from libnet.patrons.models import (
    Consent,
    ConsentRole,
    JointCardArea,
    Patron,
    PatronCategory,
    PatronLibrary,
    PatronStatus,
)

SCALES = ("full", "small")
# Enough for every kind of page to show something, small enough for a test to load in a second.
SMALL_RECORD_COUNT = 200
# Acquisition dates stop here, whatever today is, so that every run gives the same copies.
ACQUIRED_UNTIL = dt.date(2025, 12, 31)
BARCODE_PREFIX = places.PROVINCE_CODE  # the province buys one roll of barcode labels: SL00000001
AUDIT_NOTE = gettext_lazy("demo data (libnet load_demo)")
_PLAN_SEED = f"{titles.SEED}-copies"
_BATCH = 1000

L = LibraryKind


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


# ---------------------------------------------------------------- registers and shelves


@dataclass(frozen=True)
class RegisterPlan:
    prefix: str
    name: str
    digits: int = 6
    is_default: bool = False


@dataclass(frozen=True)
class ShelfPlan:
    code: str
    name: str
    is_closed_stack: bool = False
    is_reference: bool = False


_VV = RegisterPlan("VV", "Sổ đăng ký cá biệt sách tiếng Việt", is_default=True)
_TN = RegisterPlan("TN", "Sổ đăng ký cá biệt sách thiếu nhi")
_SCHOOL_REGISTERS = (
    RegisterPlan("STK", "Sổ đăng ký cá biệt sách tham khảo", digits=5, is_default=True),
    RegisterPlan("SGK", "Sổ đăng ký cá biệt sách giáo khoa", digits=5),
    RegisterPlan("SNV", "Sổ đăng ký cá biệt sách nghiệp vụ", digits=5),
)
# Primary pupils have their own picture books and comics.
_STN = RegisterPlan("STN", "Sổ đăng ký cá biệt sách thiếu nhi", digits=5)


def registers_for(library: DemoLibrary) -> tuple[RegisterPlan, ...]:
    """The accession registers `library` keeps; deposit points keep none."""
    if not library.runs_libnet:
        return ()
    if library.kind == L.PROVINCIAL:
        return (
            _VV,
            RegisterPlan("VN", "Sổ đăng ký cá biệt sách ngoại văn"),
            _TN,
            RegisterPlan("ĐC", "Sổ đăng ký cá biệt tài liệu địa chí"),
        )
    if library.kind in SCHOOL_KINDS:
        if library.grades and library.grades[0] <= 5:
            return (*_SCHOOL_REGISTERS, _STN)
        return _SCHOOL_REGISTERS
    if library.kind in {L.BRANCH, L.MOBILE}:
        return (_VV, _TN)
    if library.kind == L.COMMUNE:
        return (
            RegisterPlan(_VV.prefix, _VV.name, digits=5, is_default=True),
            RegisterPlan(_TN.prefix, _TN.name, digits=5),
        )
    return (RegisterPlan(_VV.prefix, _VV.name, digits=4, is_default=True),)


def shelves_for(library: DemoLibrary) -> tuple[ShelfPlan, ...]:
    """The shelf locations of `library`; deposit points have none in libnet."""
    if not library.runs_libnet:
        return ()
    if library.kind == L.PROVINCIAL:
        return (
            ShelfPlan("KM", "Kho mở – phòng đọc tự chọn"),
            # One copy of every title is kept in the closed stacks for preservation.
            ShelfPlan("KD", "Kho đóng (kho bảo quản)", is_closed_stack=True),
            ShelfPlan("TC", "Phòng tra cứu", is_reference=True),
            ShelfPlan("DC", "Phòng đọc tài liệu địa chí", is_closed_stack=True, is_reference=True),
            ShelfPlan("NV", "Kho sách ngoại văn"),
            ShelfPlan("TN", "Phòng đọc thiếu nhi"),
        )
    if library.kind == L.MOBILE:
        return (ShelfPlan("XE", "Tủ sách trên xe lưu động"),)
    if library.kind in SCHOOL_KINDS:
        return (
            ShelfPlan("TK", "Kho sách tham khảo"),
            ShelfPlan("SGK", "Kho sách giáo khoa dùng chung"),
            ShelfPlan("GV", "Tủ sách giáo viên"),
        )
    if library.kind in {L.BRANCH, L.COMMUNE}:
        return (ShelfPlan("KM", "Kho sách"), ShelfPlan("TN", "Góc đọc thiếu nhi"))
    return (ShelfPlan("KM", "Tủ sách"),)


# ---------------------------------------------------------------- the copy plan


@dataclass(frozen=True)
class PlannedCopy:
    """One copy of the demo: where it is, how it is registered and shelved, what became of it."""

    library_code: str
    record_number: int  # 1-based position in titles.all_titles(): its 001 is SL-DEMO-000042
    barcode: str
    register_prefix: str
    shelf_code: str
    item_type: str
    status: str
    source: str
    price_vnd: int | None
    acquired_on: dt.date
    withdrawal_reference: str = ""
    notes: str = ""


T = titles
# How many copies the provincial library buys of a title, by category (before ±1 at random).
_PROVINCIAL_COPIES = {
    T.VN_LITERATURE: 3,
    T.WORLD_LITERATURE: 3,
    T.LOCAL_STUDIES: 3,
    T.CHILDREN: 2,
    T.AGRICULTURE: 2,
    T.HEALTH: 2,
    T.LAW_POLITICS: 2,
    T.HISTORY_CULTURE: 2,
    T.SCIENCE_SKILLS: 2,
    T.REFERENCE: 2,
    T.FOREIGN_LANGUAGE: 1,
}
# The chance that a library of this kind holds a title of this category. Commune libraries
# serve farmers and families: farming, health, law, children's books.
_PUBLIC_SHARES: dict[str, dict[str, float]] = {
    L.BRANCH: {
        T.VN_LITERATURE: 0.45,
        T.WORLD_LITERATURE: 0.4,
        T.CHILDREN: 0.35,
        T.AGRICULTURE: 0.3,
        T.HEALTH: 0.35,
        T.LAW_POLITICS: 0.3,
        T.HISTORY_CULTURE: 0.3,
        T.SCIENCE_SKILLS: 0.35,
        T.REFERENCE: 0.3,
        T.LOCAL_STUDIES: 0.3,
    },
    L.MOBILE: {
        T.CHILDREN: 0.2,
        T.AGRICULTURE: 0.2,
        T.HEALTH: 0.2,
        T.LAW_POLITICS: 0.15,
        T.VN_LITERATURE: 0.1,
    },
    L.COMMUNE: {
        T.AGRICULTURE: 0.3,
        T.HEALTH: 0.3,
        T.LAW_POLITICS: 0.25,
        T.CHILDREN: 0.25,
        T.VN_LITERATURE: 0.2,
        T.WORLD_LITERATURE: 0.1,
        T.HISTORY_CULTURE: 0.15,
        T.SCIENCE_SKILLS: 0.1,
        T.REFERENCE: 0.1,
        T.LOCAL_STUDIES: 0.3,
    },
    # A village reading room that runs libnet: a shelf or two.
    L.COMMUNITY_BOOKCASE: {
        T.CHILDREN: 0.05,
        T.AGRICULTURE: 0.05,
        T.HEALTH: 0.05,
        T.VN_LITERATURE: 0.03,
    },
}
# The same for school libraries, by level; a multi-level school takes the larger share.
_SCHOOL_SHARES: dict[str, dict[str, float]] = {
    "kindergarten": {T.CHILDREN: 0.35, T.HEALTH: 0.03},
    "primary": {
        T.CHILDREN: 0.15,
        T.VN_LITERATURE: 0.03,
        T.WORLD_LITERATURE: 0.05,
        T.REFERENCE: 0.25,
        T.SCIENCE_SKILLS: 0.03,
        T.HISTORY_CULTURE: 0.05,
    },
    "lower": {
        T.CHILDREN: 0.06,
        T.VN_LITERATURE: 0.12,
        T.WORLD_LITERATURE: 0.2,
        T.SCIENCE_SKILLS: 0.08,
        T.HISTORY_CULTURE: 0.1,
        T.REFERENCE: 0.35,
        T.LOCAL_STUDIES: 0.1,
    },
    "upper": {
        T.VN_LITERATURE: 0.15,
        T.WORLD_LITERATURE: 0.25,
        T.SCIENCE_SKILLS: 0.12,
        T.HISTORY_CULTURE: 0.12,
        T.REFERENCE: 0.4,
        T.LOCAL_STUDIES: 0.1,
        T.LAW_POLITICS: 0.03,
    },
}


def _school_levels(grades: tuple[int, int]) -> list[str]:
    low, high = grades
    # Grade 0: the kindergarten (mầm non) before grade 1.
    bounds = (("kindergarten", 0, 0), ("primary", 1, 5), ("lower", 6, 9), ("upper", 10, 12))
    return [name for name, first, last in bounds if low <= last and high >= first]


def _multi_school_levels(library: DemoLibrary) -> list[str]:
    """A multi-level school records its levels (the others' come from their kind)."""
    if library.kind != LibraryKind.SCHOOL_MULTI or not library.grades:
        return []
    names = {"primary": "primary", "lower": "lower_secondary", "upper": "upper_secondary"}
    return [names[level] for level in _school_levels(library.grades)]


def textbook_series(library: DemoLibrary) -> str:
    """The textbook series a school chose: each school picks its own, one per level."""
    grades = library.grades or (1, 12)
    # Cánh Diều is only printed for primary grades in the demo.
    choices = titles.TEXTBOOK_SERIES if grades[1] <= 5 else titles.TEXTBOOK_SERIES[:2]
    return random.Random(f"{_PLAN_SEED}-{library.code}").choice(choices)[0]


def _school_copies(
    library: DemoLibrary, title: DemoTitle, rng: random.Random, series: str
) -> list[tuple[str, str]]:
    """(register prefix, shelf code) per copy of `title` held by school `library`."""
    low, high = library.grades or (1, 12)
    if title.category == T.TEXTBOOK:
        if title.series != series or not title.grade or not low <= title.grade <= high:
            return []
        # A shared set for pupils who cannot buy their own (tủ sách giáo khoa dùng chung).
        return [("SGK", "SGK")] * rng.randint(2, 4)
    if title.category == T.TEACHER:
        if title.series:
            wanted = (
                title.series == series and bool(title.grade) and low <= (title.grade or 0) <= high
            )
        elif title.grade:
            wanted = low <= title.grade <= high or low <= title.grade + 2 <= high
        else:
            wanted = rng.random() < 0.5
        return [("SNV", "GV")] if wanted else []
    share = max(
        _SCHOOL_SHARES[level].get(title.category, 0.0) for level in _school_levels((low, high))
    )
    if rng.random() >= share:
        return []
    register = "STN" if title.category == T.CHILDREN and low <= 5 else "STK"
    return [(register, "TK")] * (2 if rng.random() < 0.2 else 1)


def _provincial_copies(title: DemoTitle, rng: random.Random) -> list[tuple[str, str]]:
    base = _PROVINCIAL_COPIES.get(title.category, 0)
    if not base:
        return []
    count = max(1, base + rng.choice((-1, 0, 0, 1)))
    if title.category == T.LOCAL_STUDIES:
        return [("ĐC", "KD")] + [("ĐC", "DC")] * (count - 1)
    if title.category == T.REFERENCE:
        return [("VV", "TC")] * count
    if title.category == T.FOREIGN_LANGUAGE:
        return [("VN", "NV")] * count
    if title.category == T.CHILDREN:
        return [("TN", "KD")] + [("TN", "TN")] * (count - 1)
    return [("VV", "KD")] + [("VV", "KM")] * (count - 1)


def _public_copies(
    library: DemoLibrary, title: DemoTitle, rng: random.Random, commune_name: str
) -> list[tuple[str, str]]:
    shares = _PUBLIC_SHARES.get(library.kind, {})
    own_commune = bool(commune_name) and any(commune_name in place for place in title.geographic)
    if own_commune and library.kind == L.COMMUNE:
        count = 2  # a commune library keeps its own commune's history and gazetteer
    elif title.geographic and title.category == T.LOCAL_STUDIES and len(title.geographic) > 1:
        return []  # another commune's local history
    elif rng.random() < shares.get(title.category, 0.0):
        count = 2 if rng.random() < (0.35 if library.kind == L.BRANCH else 0.2) else 1
    else:
        return []
    register_prefixes = {plan.prefix for plan in registers_for(library)}
    register = "TN" if title.category == T.CHILDREN and "TN" in register_prefixes else "VV"
    shelf_codes = [plan.code for plan in shelves_for(library)]
    shelf = "TN" if title.category == T.CHILDREN and "TN" in shelf_codes else shelf_codes[0]
    return [(register, shelf)] * count


def _acquired_on(title: DemoTitle, library: DemoLibrary, rng: random.Random) -> dt.date:
    earliest = max(dt.date(title.year, 1, 1), library.since)
    if title.category == T.TEXTBOOK:
        # Schools buy textbooks in August, before the school year opens on 5 September.
        august = dt.date(title.year, 8, rng.randint(1, 25))
        return max(august, library.since)
    span = (ACQUIRED_UNTIL - earliest).days
    # Most copies arrive within a year or two of publication; some much later.
    return earliest + dt.timedelta(days=min(span, int(rng.expovariate(1 / 300))))


def _withdrawal_reference(library: DemoLibrary, index: int) -> str:
    short = library.code.removeprefix(f"{places.PROVINCE_CODE}-").replace("-", "")
    return f"Quyết định số {12 + index}/QĐ-{short} ngày 20/12/2024"


# Copies that no longer count as held (rotation.selectors.NOT_HELD).
_NOT_IN_STOCK = (ItemStatus.WITHDRAWN, ItemStatus.LOST, ItemStatus.MISSING)


def _fate(
    library: DemoLibrary, acquired_on: dt.date, rng: random.Random, index: int
) -> tuple[str, str, str]:
    """(status, withdrawal reference, notes) of a copy: most are on the shelf."""
    draw = rng.random()
    if draw < 0.008:
        return ItemStatus.LOST, "", "Bạn đọc làm mất, đã bồi thường theo quy định"
    if draw < 0.02:
        return ItemStatus.DAMAGED, "", "Rách bìa, bong gáy; chờ tu bổ"
    if draw < 0.035 and acquired_on.year <= 2021:
        # TT 02/2020/TT-BVHTTDL (article unchecked): a worn-out copy leaves the stock only by
        # a written withdrawal decision, which the copy keeps as its reference.
        reference = _withdrawal_reference(library, index)
        return ItemStatus.WITHDRAWN, reference, "Rách nát, không còn giá trị sử dụng"
    return ItemStatus.AVAILABLE, "", ""


def _source(library: DemoLibrary, title: DemoTitle, copy_index: int, rng: random.Random) -> str:
    draw = rng.random()
    if library.kind == L.PROVINCIAL:
        if title.category == T.LOCAL_STUDIES and copy_index == 0:
            return ItemSource.DEPOSIT  # local publications deposited with the province
        return ItemSource.DONATION if draw < 0.1 else ItemSource.PURCHASE
    if library.kind in SCHOOL_KINDS:
        return ItemSource.DONATION if draw < 0.25 else ItemSource.PURCHASE
    if draw < 0.25:
        return ItemSource.TRANSFER  # handed down by the provincial library
    return ItemSource.DONATION if draw < 0.45 else ItemSource.PURCHASE


def _item_type(title: DemoTitle) -> str:
    if title.material == "e":
        return ItemType.MAP
    if title.category == T.TEXTBOOK:
        return ItemType.TEXTBOOK
    if title.category == T.REFERENCE:
        return ItemType.REFERENCE
    return ItemType.BOOK


def plan_copies(all_titles: Sequence[DemoTitle]) -> list[PlannedCopy]:
    """Return every copy of the full demo province, the same list on every call.

    `all_titles` is titles.all_titles(); a copy names its edition by position in that list.
    """
    rng = random.Random(_PLAN_SEED)
    commune_names = {commune.code: commune.name for commune in places.NEW_COMMUNES}
    planned: list[PlannedCopy] = []
    for library_index, library in enumerate(places.ALL_LIBRARIES):
        if not library.runs_libnet:
            continue
        series = textbook_series(library) if library.kind in SCHOOL_KINDS else ""
        commune_name = commune_names.get(library.admin_unit, "")
        for number, title in enumerate(all_titles, start=1):
            if library.kind == L.PROVINCIAL:
                copies = _provincial_copies(title, rng)
            elif library.kind in SCHOOL_KINDS:
                copies = _school_copies(library, title, rng, series)
            else:
                copies = _public_copies(library, title, rng, commune_name)
            for copy_index, (register, shelf) in enumerate(copies):
                acquired_on = _acquired_on(title, library, rng)
                status, reference, notes = _fate(library, acquired_on, rng, library_index)
                planned.append(
                    PlannedCopy(
                        library_code=library.code,
                        record_number=number,
                        barcode=f"{BARCODE_PREFIX}{len(planned) + 1:08d}",
                        register_prefix=register,
                        shelf_code=shelf,
                        item_type=_item_type(title),
                        status=status,
                        source=_source(library, title, copy_index, rng),
                        price_vnd=title.price_vnd or None,
                        acquired_on=acquired_on,
                        withdrawal_reference=reference,
                        notes=notes,
                    )
                )
    planned.extend(_mobile_third_copies(planned, all_titles))
    return planned


def _mobile_third_copies(
    planned: Sequence[PlannedCopy], all_titles: Sequence[DemoTitle]
) -> list[PlannedCopy]:
    """A third copy for each title the mobile library holds two of, bought for the vehicle.

    TT 05/2022 Art. 5.1.b: a title goes out only if its library holds at least 3 copies, so
    without these the mobile library could load none of its own stock. Planned after every
    other copy (their own random draws), so no other copy's barcode or fate changes.
    """
    mobile = next(library for library in places.ALL_LIBRARIES if library.kind == L.MOBILE)
    rng = random.Random(f"{_PLAN_SEED}-{mobile.code}")
    copies: dict[int, list[PlannedCopy]] = {}
    for copy in planned:
        if copy.library_code == mobile.code:
            copies.setdefault(copy.record_number, []).append(copy)
    extra: list[PlannedCopy] = []
    for number, held in sorted(copies.items()):
        in_stock = [copy for copy in held if copy.status not in _NOT_IN_STOCK]
        if len(held) < 2 or len(in_stock) >= 3:
            continue
        title = all_titles[number - 1]
        for _copy in range(3 - len(in_stock)):
            extra.append(
                PlannedCopy(
                    library_code=mobile.code,
                    record_number=number,
                    barcode=f"{BARCODE_PREFIX}{len(planned) + len(extra) + 1:08d}",
                    register_prefix=held[0].register_prefix,
                    shelf_code=held[0].shelf_code,
                    item_type=held[0].item_type,
                    status=ItemStatus.AVAILABLE,
                    source=ItemSource.PURCHASE,
                    price_vnd=title.price_vnd or None,
                    acquired_on=_acquired_on(title, mobile, rng),
                )
            )
    return extra


@functools.lru_cache(maxsize=1)
def full_plan() -> tuple[tuple[DemoTitle, ...], tuple[PlannedCopy, ...]]:
    """The full catalogue and copy plan, computed once per process (they never change)."""
    all_titles = tuple(titles.all_titles())
    return all_titles, tuple(plan_copies(all_titles))


@functools.lru_cache(maxsize=len(SCALES))
def record_numbers_for_scale(scale: str) -> tuple[int, ...]:
    """The demo records loaded at `scale`, as 1-based positions in titles.all_titles()."""
    all_titles, _planned = full_plan()
    if scale == "full":
        return tuple(range(1, len(all_titles) + 1))
    positions = {title: number for number, title in enumerate(all_titles, start=1)}
    return tuple(sorted(positions[title] for title in titles.titles_for_scale(SMALL_RECORD_COUNT)))


def libraries_for_scale(scale: str) -> list[DemoLibrary]:
    """The demo libraries loaded at `scale`, parents before children."""
    return [library for library in places.ALL_LIBRARIES if scale == "full" or library.in_small]


# ---------------------------------------------------------------- loading


@dataclass
class DemoSummary:
    """What a run of load_demo created, and what the demo holds afterwards."""

    scale: str
    created: dict[str, int] = field(default_factory=dict)
    libraries_by_kind: dict[str, int] = field(default_factory=dict)
    records: int = 0
    items: int = 0

    @property
    def libraries(self) -> int:
        return sum(self.libraries_by_kind.values())


Say = Callable[[str], None]


def load_demo(*, scale: str = "full", stdout: Writable | None = None) -> DemoSummary:
    """Load the demo province at `scale` ("full" or "small") and return what it did.

    Idempotent: what already exists (by code, username, 001 or barcode) is left as it is.
    Raises ValueError for an unknown scale.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")

    def say(line: str) -> None:
        if stdout is not None:
            stdout.write(line + "\n")

    demo_libraries = libraries_for_scale(scale)
    codes = {library.code for library in demo_libraries}
    summary = DemoSummary(scale=scale)
    at = clock.now()
    with transaction.atomic():
        libraries, registers, shelves = _load_network(demo_libraries, summary, say)
        _load_catalogue(scale, codes, libraries, registers, shelves, summary, say, at)
        summary.created["readers"] = _load_readers(libraries, codes, at)
        say(
            _(
                "Readers: %(count)s created. Bình logs in to the OPAC with card %(card)s, PIN %(pin)s."
            )
            % {
                "count": summary.created["readers"],
                "card": readers.BINH_CARD,
                "pin": readers.BINH_PIN,
            }
        )
        _load_activity(libraries, summary, say, at)
    _count_holdings(summary)
    return summary


def _load_network(
    demo_libraries: list[DemoLibrary], summary: DemoSummary, say: Say
) -> tuple[
    dict[str, Library],
    dict[tuple[str, str], AccessionRegister],
    dict[tuple[str, str], ShelfLocation],
]:
    """The administrative units, the libraries with their registers and shelves, the staff."""
    summary.created["admin_units"] = _load_admin_units()
    say(_("Administrative units: %(count)s created.") % {"count": summary.created["admin_units"]})
    libraries, summary.created["libraries"] = _load_libraries(demo_libraries)
    say(_("Libraries: %(count)s created.") % {"count": summary.created["libraries"]})
    registers, summary.created["registers"] = _load_registers(demo_libraries, libraries)
    shelves, summary.created["shelf_locations"] = _load_shelves(demo_libraries, libraries)
    say(
        _("Accession registers: %(registers)s created; shelf locations: %(shelves)s created.")
        % {
            "registers": summary.created["registers"],
            "shelves": summary.created["shelf_locations"],
        }
    )
    summary.created["memberships"] = _load_staff(libraries)
    say(_("Staff roles: %(count)s granted.") % {"count": summary.created["memberships"]})
    return libraries, registers, shelves


def _load_catalogue(
    scale: str,
    codes: set[str],
    libraries: dict[str, Library],
    registers: dict[tuple[str, str], AccessionRegister],
    shelves: dict[tuple[str, str], ShelfLocation],
    summary: DemoSummary,
    say: Say,
    at: dt.datetime,
) -> None:
    """The records of `scale` and their planned copies at its libraries (`codes`)."""
    all_titles, planned = full_plan()
    numbers = record_numbers_for_scale(scale)
    wanted_numbers = set(numbers)
    copies = [
        copy
        for copy in planned
        if copy.library_code in codes and copy.record_number in wanted_numbers
    ]
    # Through the catalogue's bulk services, as an import: the records and copies are
    # audited, counted in the daily figures and indexed (once, when the block ends).
    with catalog_changes.batch():
        bibs, new_bibs = _load_records(all_titles, numbers, libraries, at)
        summary.created["records"] = len(new_bibs)
        say(_("Catalogue records: %(count)s created.") % {"count": len(new_bibs)})
        new_items = _load_items(copies, bibs, libraries, registers, shelves, at)
        summary.created["items"] = len(new_items)
    say(_("Copies: %(count)s created.") % {"count": len(new_items)})


def _load_activity(
    libraries: dict[str, Library], summary: DemoSummary, say: Say, at: dt.datetime
) -> None:
    """What the province has been doing: loans and visits, the mobile library's trips,
    rotation, plans and reports."""
    circulation = demo_circulation.load_circulation(libraries, at)
    summary.created.update(circulation)
    say(
        _("Loans: %(loans)s made (some overdue); holds: %(holds)s; daily visit figures: %(days)s.")
        % {
            "loans": circulation["loans"],
            "holds": circulation["holds"],
            "days": circulation["visit_days"],
        }
    )
    mobile = demo_mobile.load_mobile(libraries, at)
    summary.created.update(mobile)
    say(
        _("Mobile library: %(routes)s routes, %(trips)s trips created.")
        % {"routes": mobile["mobile_routes"], "trips": mobile["mobile_trips"]}
    )
    rotation = demo_rotation.load_rotation(libraries, at)
    summary.created.update(rotation)
    say(
        _(
            "Rotation: %(batches)s batches, %(transfers)s transfers, %(ill)s inter-library loan requests, %(months)s months of deposit usage."
        )
        % {
            "batches": rotation["batches"],
            "transfers": rotation["transfers"],
            "ill": rotation["ill_requests"],
            "months": rotation["usage_months"],
        }
    )
    stocktakes = demo_stocktake.load_stocktakes(libraries, at)
    summary.created.update(stocktakes)
    say(_("Stocktakes: %(count)s.") % {"count": stocktakes["stocktakes"]})
    summary.created.update(demo_statistics.load_statistics(at))
    summary.created.update(load_acquisitions(libraries, at))
    summary.created.update(demo_register.load_register(libraries, at))
    summary.created.update(load_authorities(libraries, at))
    summary.created.update(demo_weeding.load_weeding(libraries, at))
    summary.created.update(demo_serials.load_serials(libraries, at))
    summary.created.update(demo_donations.load_donations(libraries, at))
    planning = demo_planning.load_planning(libraries, at)
    summary.created.update({f"planning_{key}": value for key, value in planning.items()})
    summary.created.update(demo_bodies.load_bodies(libraries, at))
    summary.created.update(demo_events.load_events(libraries, at))
    summary.created.update(demo_training.load_training(libraries, at))
    summary.created.update(demo_schools.load_schools(libraries, at))
    summary.created.update(demo_bibliographies.load_bibliographies(libraries, at))
    summary.created.update(demo_digital.load_digital(libraries, at))
    summary.created.update(demo_programmes.load_programmes(libraries, at))
    say(
        _("Plans: %(plans)s; daily figures carried over: %(rows)s; reports: %(reports)s.")
        % {
            "plans": planning["plans"],
            "rows": planning["history_rows"],
            "reports": planning["reports"],
        }
    )


def _count_holdings(summary: DemoSummary) -> None:
    """What the demo holds after the run: its libraries by kind, its records and copies."""
    demo_codes = [library.code for library in places.ALL_LIBRARIES]
    for kind in Library.objects.filter(code__in=demo_codes).values_list("kind", flat=True):
        summary.libraries_by_kind[kind] = summary.libraries_by_kind.get(kind, 0) + 1
    demo_records = BibRecord.objects.filter(
        control_number_source=records.AGENCY_CODE,
        control_number__startswith=records.CONTROL_NUMBER_PREFIX,
    )
    summary.records = demo_records.count()
    summary.items = Item.objects.filter(bib__in=demo_records).count()


def _load_admin_units() -> int:
    """Create the province, its districts and communes before 1/7/2025, and the communes after."""
    created = 0

    def ensure(code: str, valid_from: dt.date, **defaults: Any) -> AdminUnit:
        nonlocal created
        unit, is_new = AdminUnit.objects.get_or_create(
            code=code, valid_from=valid_from, defaults=defaults
        )
        created += is_new
        return unit

    province = ensure(
        places.PROVINCE_CODE,
        places.HISTORY_STARTS_ON,
        name=places.PROVINCE_NAME,
        level=AdminUnitLevel.PROVINCE,
    )
    new_communes = {
        commune.code: ensure(
            commune.code,
            places.REFORM_ON,
            name=commune.name,
            level=AdminUnitLevel.COMMUNE,
            parent=province,
        )
        for commune in places.NEW_COMMUNES
    }
    successors = {
        old_code: new_communes[commune.code]
        for commune in places.NEW_COMMUNES
        for old_code in commune.predecessors
    }
    for district in places.OLD_DISTRICTS:
        district_unit = ensure(
            district.code,
            places.HISTORY_STARTS_ON,
            name=district.name,
            level=AdminUnitLevel.DISTRICT,
            parent=province,
            valid_to=places.REFORM_ON,
        )
        for code, name in district.communes:
            ensure(
                code,
                places.HISTORY_STARTS_ON,
                name=name,
                level=AdminUnitLevel.COMMUNE,
                parent=district_unit,
                valid_to=places.REFORM_ON,
                successor=successors[code],
            )
    return created


def _load_libraries(demo_libraries: Iterable[DemoLibrary]) -> tuple[dict[str, Library], int]:
    """Create the missing libraries through network services, moving them on the reform day."""
    libraries = {library.code: library for library in Library.objects.all()}
    current_units = {unit.code: unit for unit in AdminUnit.objects.filter(valid_to__isnull=True)}
    created = 0
    for demo in demo_libraries:
        if demo.code in libraries:
            continue
        library = network_services.create_library(
            code=demo.code,
            name=demo.name,
            kind=demo.kind,
            by=None,
            parent=libraries[demo.parent] if demo.parent else None,
            admin_unit=current_units.get(demo.admin_unit),
            address=demo.address,
            opening_hours=demo.opening_hours,
            runs_libnet=demo.runs_libnet,
            since=demo.since,
            school_levels=_multi_school_levels(demo),
        )
        if demo.moved_to:
            library = network_services.move_library(
                library=library, new_parent=libraries[demo.moved_to], on=places.REFORM_ON, by=None
            )
        libraries[demo.code] = library
        created += 1
    return libraries, created


def _load_registers(
    demo_libraries: Iterable[DemoLibrary], libraries: dict[str, Library]
) -> tuple[dict[tuple[str, str], AccessionRegister], int]:
    demo_list = list(demo_libraries)
    existing = {
        (register.library.code, register.prefix): register
        for register in AccessionRegister.objects.filter(
            library__code__in=[demo.code for demo in demo_list]
        ).select_related("library")
    }
    created = 0
    for demo in demo_list:
        for plan in registers_for(demo):
            if (demo.code, plan.prefix) in existing:
                continue
            existing[(demo.code, plan.prefix)] = catalog_services.create_register(
                library=libraries[demo.code],
                prefix=plan.prefix,
                name=plan.name,
                by=None,
                digits=plan.digits,
                is_default=plan.is_default,
            )
            created += 1
    return existing, created


def _load_shelves(
    demo_libraries: Iterable[DemoLibrary], libraries: dict[str, Library]
) -> tuple[dict[tuple[str, str], ShelfLocation], int]:
    demo_list = list(demo_libraries)
    existing = {
        (shelf.library.code, shelf.code): shelf
        for shelf in ShelfLocation.objects.filter(
            library__code__in=[demo.code for demo in demo_list]
        ).select_related("library")
    }
    new_shelves = [
        ShelfLocation(
            library=libraries[demo.code],
            code=plan.code,
            name=plan.name,
            is_closed_stack=plan.is_closed_stack,
            is_reference=plan.is_reference,
        )
        for demo in demo_list
        for plan in shelves_for(demo)
        if (demo.code, plan.code) not in existing
    ]
    ShelfLocation.objects.bulk_create(new_shelves)
    for shelf in new_shelves:
        existing[(shelf.library.code, shelf.code)] = shelf
    return existing, len(new_shelves)


def _load_staff(libraries: dict[str, Library]) -> int:
    """Give the personas their roles; a login created here gets the demo password."""
    user_model = get_user_model()
    granted = 0
    for persona in people.PERSONAS:
        library = libraries.get(persona.library_code)
        if library is None:
            continue
        for role in persona.roles:
            if Membership.objects.filter(
                user__username=persona.username, library=library, role=role
            ).exists():
                continue
            is_new_user = not user_model.objects.filter(username=persona.username).exists()
            network_services.add_staff(
                username=persona.username,
                library=library,
                role=role,
                by=None,
                covers_subtree=persona.covers_subtree,
                password=people.DEMO_PASSWORD if is_new_user else None,
                full_name=persona.full_name,
            )
            granted += 1
        user = user_model.objects.filter(username=persona.username).first()
        if persona.is_superuser and isinstance(user, AbstractUser) and not user.is_superuser:
            # The installation's administrator: the only demo account that opens /admin/.
            user.is_superuser = True
            user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
    return granted


def _load_records(
    all_titles: Sequence[DemoTitle],
    numbers: Sequence[int],
    libraries: dict[str, Library],
    at: dt.datetime,
) -> tuple[dict[int, BibRecord], list[BibRecord]]:
    """Add the demo records not yet in the catalogue (catalog.services.add_records, as Lan of
    the provincial library); return all of them by number, and the new ones."""
    demo_records = BibRecord.objects.filter(
        control_number_source=records.AGENCY_CODE,
        control_number__startswith=records.CONTROL_NUMBER_PREFIX,
    ).only("pk", "control_number", "title", "authors", "class_number")
    known = {bib.control_number: bib for bib in demo_records}
    cataloguer = get_user_model().objects.filter(username="lan").first()
    missing = [number for number in numbers if records.control_number(number) not in known]
    new_bibs = catalog_services.add_records(
        records=[
            catalog_services.NewRecord(records.build_marc(all_titles[number - 1], number=number))
            for number in missing
        ],
        by=cataloguer,
        library=libraries.get(places.PROVINCIAL.code),
        at=at,
        note=audit.note(AUDIT_NOTE),
    )
    known.update({bib.control_number: bib for bib in new_bibs})
    by_number = {
        number: known[records.control_number(number)]
        for number in numbers
        if records.control_number(number) in known
    }
    return by_number, new_bibs


def _existing_barcodes(barcodes: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(barcodes), _BATCH):
        chunk = barcodes[start : start + _BATCH]
        found.update(Item.objects.filter(barcode__in=chunk).values_list("barcode", flat=True))
    return found


def _load_items(
    copies: Sequence[PlannedCopy],
    bibs: dict[int, BibRecord],
    libraries: dict[str, Library],
    registers: dict[tuple[str, str], AccessionRegister],
    shelves: dict[tuple[str, str], ShelfLocation],
    at: dt.datetime,
) -> list[Item]:
    """Add the planned copies whose barcode is new (catalog.services.add_items).

    Within a register, new copies get the next numbers in order of acquisition, so the
    register reads like the book it replaces.
    """
    taken = _existing_barcodes([copy.barcode for copy in copies])
    new_copies = sorted(
        (copy for copy in copies if copy.barcode not in taken),
        key=lambda copy: (
            copy.library_code,
            copy.register_prefix,
            copy.acquired_on,
            copy.barcode,
        ),
    )
    call_numbers: dict[int, str] = {}
    wanted: list[catalog_services.NewCopy] = []
    for copy in new_copies:
        bib = bibs[copy.record_number]
        if bib.pk not in call_numbers:
            call_numbers[bib.pk] = holdings.proposed_call_number(bib)
        wanted.append(
            catalog_services.NewCopy(
                bib_id=bib.pk,
                library=libraries[copy.library_code],
                barcode=copy.barcode,
                register=registers[(copy.library_code, copy.register_prefix)],
                shelf_location=shelves.get((copy.library_code, copy.shelf_code)),
                call_number=call_numbers[bib.pk],
                item_type=copy.item_type,
                status=copy.status,
                source=copy.source,
                price_vnd=copy.price_vnd,
                acquired_on=copy.acquired_on,
                withdrawal_reference=copy.withdrawal_reference,
                notes=copy.notes,
            )
        )
    added = catalog_services.add_items(copies=wanted, by=None, at=at, note=audit.note(AUDIT_NOTE))
    if added.refused:  # the plan is the demo's own: a refusal is a bug in it
        position, refusal = next(iter(added.refused.items()))
        raise ValueError(f"demo copy {new_copies[position].barcode}: {refusal.message}")
    return added.items


def _load_readers(libraries: dict[str, Library], codes: set[str], at: dt.datetime) -> int:
    """Bulk-insert the planned readers whose card number is new, with their library links,
    consents, Bình's PIN, and the province's joint card for its public libraries."""
    today = clock.local_date(at)
    provincial = libraries.get(places.PROVINCIAL.code)
    if provincial is not None:
        # The province honours every public library's card in all of them (NĐ 93 Art. 27).
        JointCardArea.objects.get_or_create(
            library=provincial, defaults={"since": places.REFORM_ON}
        )
    planned = readers.plan_readers(codes, today)
    taken = set(
        Patron.objects.filter(
            card_number__in=[reader.card_number for reader in planned]
        ).values_list("card_number", flat=True)
    )
    planned = [reader for reader in planned if reader.card_number not in taken]
    if not planned:
        return 0
    categories = {category.code: category for category in PatronCategory.objects.all()}
    new_patrons = [
        _new_patron(reader, categories[reader.category], libraries, at) for reader in planned
    ]
    Patron.objects.bulk_create(new_patrons, batch_size=_BATCH)
    ids = dict(
        Patron.objects.filter(
            card_number__in=[reader.card_number for reader in planned]
        ).values_list("card_number", "pk")
    )
    links: list[PatronLibrary] = []
    consents: list[Consent] = []
    for reader in planned:
        patron_id = ids[reader.card_number]
        issued_at = dt.datetime.combine(reader.card_issued_on, dt.time(9, 0), tzinfo=clock.VIETNAM)
        links += [
            PatronLibrary(patron_id=patron_id, library=libraries[code], first_used_at=issued_at)
            for code in (reader.library_code, *reader.also_used)
            if code in libraries
        ]
        consents += _consents_of(reader, patron_id, issued_at, today)
    PatronLibrary.objects.bulk_create(links, batch_size=_BATCH)
    Consent.objects.bulk_create(consents, batch_size=_BATCH)
    patron_stats.count_new_readers(new_patrons)
    _audit_readers(planned, libraries, at)
    return len(planned)


def _new_patron(
    reader: readers.DemoReader,
    category: PatronCategory,
    libraries: dict[str, Library],
    at: dt.datetime,
) -> Patron:
    """The planned reader as a row to insert, the card valid as its category says."""
    return Patron(
        home_library=libraries[reader.library_code],
        card_number=reader.card_number,
        full_name=reader.full_name,
        name_folded=text.fold(reader.full_name),
        name_sort_key=text.sort_key_hex(reader.full_name),
        birth_date=reader.birth_date,
        gender=reader.gender,
        phone=reader.phone,
        address=reader.address,
        category=category,
        school=libraries.get(reader.school_code) if reader.school_code else None,
        school_class=reader.school_class,
        card_issued_on=reader.card_issued_on,
        card_valid_until=patron_policies.card_valid_until(
            category_code=category.code,
            card_months=category.card_months,
            starts_on=reader.card_issued_on,
        ),
        status=PatronStatus.BLOCKED if reader.blocked_reason else PatronStatus.ACTIVE,
        blocked_reason=reader.blocked_reason,
        pin_hash=make_password(reader.pin) if reader.pin else "",
        created_at=at,
        updated_at=at,
    )


def _consents_of(
    reader: readers.DemoReader, patron_id: int, issued_at: dt.datetime, today: dt.date
) -> list[Consent]:
    """The consents the reader's age needed when the card was issued, and those it needs
    today (a child who has turned 7 since consents too): a child's card waits without them
    (patrons.selectors.card_refusal), and the demo's cards are all in use."""
    needed = patron_policies.consents_needed(
        patron_policies.age_on(reader.birth_date, reader.card_issued_on)
    ) | patron_policies.consents_needed(patron_policies.age_on(reader.birth_date, today))
    consents = []
    for role in sorted(needed):
        giver = reader.full_name if role == ConsentRole.READER else reader.guardian_name
        if not giver:
            continue
        consents.append(
            Consent(
                patron_id=patron_id,
                given_by=role,
                giver_name=giver,
                purpose=patron_policies.LIBRARY_SERVICE,
                given_at=issued_at,
            )
        )
    return consents


def _audit_readers(
    planned: Sequence[readers.DemoReader], libraries: dict[str, Library], at: dt.datetime
) -> None:
    """One audit entry per library for the readers the demo gave it."""
    per_library: dict[int, int] = defaultdict(int)
    for reader in planned:
        per_library[libraries[reader.library_code].pk] += 1
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                at=at,
                actor=None,
                action="patron.import",
                subject_type=Library._meta.label_lower,
                subject_id=str(library_id),
                library_id=library_id,
                after={"readers": count},
                note=audit.note(AUDIT_NOTE),
            )
            for library_id, count in per_library.items()
        ]
    )
