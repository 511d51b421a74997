"""Who a library's papers come from: the letterhead of its official documents.

The left-hand heading of a Vietnamese administrative document names the issuing unit under
the body that governs it (NĐ 30/2020/NĐ-CP, Phụ lục I), and the date line names the place.
For the libraries of a province:

- the provincial library, under the Department of Culture: "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH
  TỈNH SÔNG LAM" over "THƯ VIỆN TỈNH SÔNG LAM", dated at "Sông Lam";
- its branches and the mobile library, under the library they belong to;
- a commune library, a community bookcase or a post-office point, under the commune's
  People's Committee: "ỦY BAN NHÂN DÂN XÃ TÂN LẬP", dated at "Tân Lập";
- a school library: the school under the body that manages it (the commune's People's
  Committee for primary and lower-secondary schools since 1/7/2025, NĐ 150/2025, DOMAIN.md §6;
  the district's education office before; the Department of Education for upper-secondary
  schools), then "THƯ VIỆN".

Units are taken as they were on the document's day (the 2025 reform renamed and merged
them). A library recorded without a unit is read from its name, which TT 13/2016 makes
"Thư viện + cấp hành chính + tên địa phương". settings.LIBNET_LETTERHEADS overrides any of
it per library code: {"SL-TVT": {"governing": ["…"], "issuer": "…", "place": "…"}}.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings

from libnet.core.documents import Letterhead
from libnet.network import selectors
from libnet.network.models import AdminUnitLevel, Library, LibraryKind
from libnet.network.selectors import AdminUnitIndex, UnitVersion

CULTURE_DEPARTMENT = "Sở Văn hóa, Thể thao và Du lịch"
EDUCATION_DEPARTMENT = "Sở Giáo dục và Đào tạo"
EDUCATION_OFFICE = "Phòng Giáo dục và Đào tạo"
PEOPLES_COMMITTEE = "Ủy ban nhân dân"

# The level words that begin the name of an administrative unit, longest first.
_LEVEL_WORDS = (
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "xã",
)
_LEVEL = "|".join(_LEVEL_WORDS)
_PROVINCE_LEVEL = re.compile(r"^thư viện ((?:tỉnh|thành phố) .+)$", re.IGNORECASE)
_LOCAL_LEVEL = re.compile(rf"^thư viện ((?:{_LEVEL}) .+)$", re.IGNORECASE)
_LEVEL_PREFIX = re.compile(rf"^(?:{_LEVEL})\s+", re.IGNORECASE)
_LIBRARY_PREFIX = re.compile(r"^thư viện\s+", re.IGNORECASE)

_PROVINCIAL_LEVEL_KINDS = frozenset(
    {LibraryKind.PROVINCIAL, LibraryKind.BRANCH, LibraryKind.MOBILE}
)
_COMMUNE_LEVEL_KINDS = frozenset(
    {LibraryKind.COMMUNE, LibraryKind.COMMUNITY_BOOKCASE, LibraryKind.POST_OFFICE_POINT}
)


def place_name(unit_name: str) -> str:
    """The place of a date line: a unit's name without its level ("Xã Tân Lập" → "Tân Lập")."""
    return _LEVEL_PREFIX.sub("", unit_name.strip()).strip()


def _title_case_unit(name: str) -> str:
    """ "xã Tân Lập" → "Xã Tân Lập" (the level word as a unit's name writes it)."""
    return name[:1].upper() + name[1:]


class _Units:
    """The units around a library on a day: its commune, district (before 2025), province."""

    def __init__(self, library: Library, on: dt.date | None) -> None:
        self.commune: str = ""
        self.district: str = ""
        self.province: str = ""
        if library.admin_unit_id is None:
            return
        index = AdminUnitIndex.load()
        unit: UnitVersion | None = None
        if on is not None:
            found = index.unit_of(library.admin_unit_id, on)
            unit = found.unit if found is not None else None
        if unit is None:
            unit = index.by_id.get(library.admin_unit_id)
        if unit is None:
            return
        for level_unit in index.ancestors(unit):
            if level_unit.level == AdminUnitLevel.COMMUNE and not self.commune:
                self.commune = level_unit.name
            elif level_unit.level == AdminUnitLevel.DISTRICT and not self.district:
                self.district = level_unit.name
            elif level_unit.level == AdminUnitLevel.PROVINCE and not self.province:
                self.province = level_unit.name


def letterhead(library: Library, *, on: dt.date | None = None) -> Letterhead:
    """Return the letterhead of `library`'s documents dated `on` (today's units when None)."""
    head = _derived(library, on, seen=set())
    override = getattr(settings, "LIBNET_LETTERHEADS", {}).get(library.code)
    if override:
        head = Letterhead(
            governing=tuple(override.get("governing", head.governing)),
            issuer=override.get("issuer", head.issuer),
            place=override.get("place", head.place),
        )
    return head


def _parent(library: Library, on: dt.date | None) -> Library | None:
    if on is not None:
        parent = selectors.parent_on(library, on)
        if parent is not None:
            return parent
    return library.parent if library.parent_id else None


def _derived(library: Library, on: dt.date | None, *, seen: set[int]) -> Letterhead:
    seen.add(library.pk)
    units = _Units(library, on)
    name = library.name.strip()
    province = units.province or _from_name(_PROVINCE_LEVEL, name)
    commune = units.commune or _from_name(_LOCAL_LEVEL, name)
    parent = _parent(library, on)
    parent_head = (
        _derived(parent, on, seen=seen) if parent is not None and parent.pk not in seen else None
    )
    kind = library.kind
    if kind == LibraryKind.PROVINCIAL:
        governing: tuple[str, ...] = (f"{CULTURE_DEPARTMENT} {province}",) if province else ()
        return Letterhead(governing, name, place_name(province))
    if kind in _PROVINCIAL_LEVEL_KINDS or (kind == LibraryKind.DISTRICT and parent_head):
        if parent is not None and parent_head is not None:
            place = place_name(province) if province else parent_head.place
            return Letterhead((parent.name,), name, place)
        governing = (f"{CULTURE_DEPARTMENT} {province}",) if province else ()
        return Letterhead(governing, name, place_name(province))
    if kind == LibraryKind.DISTRICT:
        district = units.district or commune
        governing = (f"{PEOPLES_COMMITTEE} {district}",) if district else ()
        return Letterhead(governing, name, place_name(district))
    if kind in _COMMUNE_LEVEL_KINDS:
        if commune:
            return Letterhead(
                (f"{PEOPLES_COMMITTEE} {_title_case_unit(commune)}",), name, place_name(commune)
            )
        if parent_head is not None:  # a bookcase recorded without a unit: its library's
            return Letterhead(parent_head.governing, name, parent_head.place)
        return Letterhead((), name, "")
    if library.is_school:
        school = _LIBRARY_PREFIX.sub("", name) or name
        managing = _school_manager(kind, units, province, commune)
        governing = tuple(part for part in (managing, school) if part)
        place = place_name(commune) if commune else place_name(province)
        return Letterhead(governing, "Thư viện", place)
    if parent is not None and parent_head is not None:
        return Letterhead((parent.name,), name, parent_head.place)
    return Letterhead((), name, place_name(commune or province))


def _school_manager(kind: str, units: _Units, province: str, commune: str) -> str:
    if kind == LibraryKind.SCHOOL_UPPER_SECONDARY:
        return f"{EDUCATION_DEPARTMENT} {province}" if province else ""
    if units.district:  # before 1/7/2025 the district's education office managed the school
        return f"{EDUCATION_OFFICE} {units.district}"
    if commune:
        return f"{PEOPLES_COMMITTEE} {_title_case_unit(commune)}"
    return ""


def _from_name(pattern: re.Pattern[str], name: str) -> str:
    match = pattern.match(name)
    return _title_case_unit(match.group(1)) if match else ""
