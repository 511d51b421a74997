"""The demo province: `libnet load_demo` builds Sông Lam, the same way every time.

The database tests load the small scale; the full scale is checked through the pure data
modules (the plan of copies is the same one the loader writes).
"""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from django.core.management import call_command

from libnet.catalog import marc
from libnet.catalog.models import AccessionRegister, BibRecord, Item, ItemStatus, ShelfLocation
from libnet.core.models import AuditEntry
from libnet.demo import loader, people, places, records, titles
from libnet.network.models import (
    SCHOOL_KINDS,
    AdminUnit,
    Library,
    LibraryKind,
    LibraryParentPeriod,
    Membership,
)

K = LibraryKind
# What the issue asks of the full province, by kind of library.
MINIMUM_LIBRARIES = [
    ({K.PROVINCIAL}, 1),
    ({K.BRANCH}, 2),
    ({K.MOBILE}, 1),
    ({K.COMMUNE}, 8),
    ({K.COMMUNITY_BOOKCASE, K.POST_OFFICE_POINT}, 10),
    (SCHOOL_KINDS, 20),
    *[({kind}, 1) for kind in SCHOOL_KINDS],  # every level of school
]


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            AdminUnit,
            Library,
            LibraryParentPeriod,
            AccessionRegister,
            ShelfLocation,
            Membership,
            BibRecord,
            Item,
            AuditEntry,
        )
    }


# ---------------------------------------------------------------- the full province, as data


@pytest.mark.parametrize(("kinds", "minimum"), MINIMUM_LIBRARIES)
def test_the_full_province_has_enough_libraries_of_each_kind(kinds, minimum):
    """places.ALL_LIBRARIES, which the full scale loads whole, meets the issue's minimums."""
    assert sum(1 for library in places.ALL_LIBRARIES if library.kind in kinds) >= minimum


def test_the_full_scale_plans_over_2000_records_and_8000_copies_everywhere():
    """Copies go to the provincial library, its branches, the mobile library, communes and schools."""
    all_titles, planned = loader.full_plan()
    assert len(all_titles) >= 2000
    assert len(planned) >= 8000
    kinds = {library.code: library.kind for library in places.ALL_LIBRARIES}
    copies_by_kind = Counter(kinds[copy.library_code] for copy in planned)
    for kind in (K.PROVINCIAL, K.BRANCH, K.MOBILE, K.COMMUNE, *SCHOOL_KINDS):
        assert copies_by_kind[kind] >= 40, kind
    assert len({copy.barcode for copy in planned}) == len(planned)
    statuses = Counter(copy.status for copy in planned)
    assert (
        min(
            statuses[status]
            for status in (ItemStatus.LOST, ItemStatus.DAMAGED, ItemStatus.WITHDRAWN)
        )
        > 0
    )
    assert all(copy.withdrawal_reference for copy in planned if copy.status == ItemStatus.WITHDRAWN)


def test_a_small_library_needs_only_small_libraries_above_it():
    """--scale small can create every library it loads: parents are loaded too."""
    small = {library.code for library in places.ALL_LIBRARIES if library.in_small}
    for library in places.ALL_LIBRARIES:
        if library.in_small:
            assert {library.parent, library.moved_to} - {None} <= small, library.code


def test_a_demo_record_is_realistic_marc_21():
    """Truyện Kiều, the first demo record: control number, ISBN, cataloguing source, DDC, subjects."""
    record = records.build_marc(titles.all_titles()[0], number=1)
    extracted = marc.extract(record)
    assert record["001"].data == "SL-DEMO-000001"
    assert record["003"].data == records.AGENCY_CODE
    assert record["040"]["a"] == records.AGENCY_CODE
    assert record["041"]["a"] == "vie"
    assert len(record["008"].data or "") == 40
    assert extracted.title == "Truyện Kiều"
    assert extracted.authors == ["Nguyễn Du"]
    assert extracted.isbns == [titles.all_titles()[0].isbn.replace("-", "")]
    assert extracted.class_scheme == "ddc"
    assert extracted.class_number.startswith("895.922")
    assert "Văn học cổ điển" in extracted.subjects
    assert extracted.language == "vie"


def test_the_test_province_uses_the_codes_and_names_of_the_demo(province):
    """tests/conftest.py's `province` and the demo describe the same libraries."""
    demo = {library.code: library for library in places.ALL_LIBRARIES}
    for library in province.values():
        assert library.code in demo
        assert library.name == demo[library.code].name
        assert library.kind == demo[library.code].kind


# ---------------------------------------------------------------- loading the small scale


def test_if_empty_does_nothing_when_a_library_exists(province):
    before = _counts()
    out = io.StringIO()
    call_command("load_demo", scale="small", if_empty=True, stdout=out)
    assert _counts() == before
    assert out.getvalue().strip()
    assert people.DEMO_PASSWORD not in out.getvalue()


def test_if_empty_loads_an_empty_database_and_prints_the_logins_once(db, small_demo):
    """The shared demo of the tests is loaded by `load_demo --scale small --if-empty` on an
    empty database: it loads, and the command prints each login, with the shared password once."""
    from tests.conftest import DEMO_OUTPUT

    # The serial titles of demo/serials.py are records of their own.
    assert BibRecord.objects.filter(serial__isnull=True).count() == loader.SMALL_RECORD_COUNT
    (printed,) = DEMO_OUTPUT
    assert Library.objects.filter(code="SL-TVT").exists()
    for persona in people.PERSONAS:
        assert re.search(rf"^\s+{persona.username} — ", printed, re.MULTILINE), persona.username
    assert printed.count(people.DEMO_PASSWORD) == 1
