"""The demo province: `libnet load_demo` builds Sông Lam, the same way every time.

The database tests load the small scale; the full scale is checked through the pure data
modules (the plan of copies is the same one the loader writes).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Max

from libnet.catalog import marc
from libnet.catalog import services as catalog_services
from libnet.catalog.models import AccessionRegister, BibRecord, Item, ItemStatus, ShelfLocation
from libnet.core.models import AuditEntry
from libnet.demo import loader, people, places, records, titles
from libnet.network import access
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


@pytest.fixture
def small_demo(db):
    return loader.load_demo(scale="small")


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


def test_the_small_scale_loads_the_small_libraries_by_kind(small_demo):
    expected = Counter(library.kind for library in places.ALL_LIBRARIES if library.in_small)
    loaded = Counter(Library.objects.values_list("kind", flat=True))
    assert loaded == expected
    assert small_demo.libraries_by_kind == dict(expected)
    assert small_demo.records == BibRecord.objects.count() == loader.SMALL_RECORD_COUNT
    assert 300 <= small_demo.items == Item.objects.count() < 2000
    # Every library that runs libnet holds copies; deposit points hold none of their own.
    holding = set(Item.objects.values_list("home_library__code", flat=True).distinct())
    runs_libnet = {
        library.code for library in places.ALL_LIBRARIES if library.in_small and library.runs_libnet
    }
    assert holding <= runs_libnet
    assert {K.PROVINCIAL, K.BRANCH, K.COMMUNE} <= set(
        Item.objects.values_list("home_library__kind", flat=True).distinct()
    )


def test_the_reform_is_recorded_in_units_and_parents(small_demo):
    """Before 1/7/2025 Tân Lập sat under the Hưng Lam district library; now under the province."""
    old, new = AdminUnit.objects.filter(code="SL-X-TANLAP").order_by("valid_from")
    assert old.valid_to == places.REFORM_ON == new.valid_from
    assert old.successor == new
    assert old.parent == AdminUnit.objects.get(code="SL-D-HUNGLAM")
    tanlap = Library.objects.get(code="SL-TANLAP")
    assert tanlap.parent == Library.objects.get(code="SL-TVT")
    assert tanlap.admin_unit == new
    history = LibraryParentPeriod.objects.filter(library=tanlap).order_by("valid_from")
    assert list(history.values_list("parent__code", flat=True)) == ["SL-HUNGLAM", "SL-TVT"]


def test_loading_twice_changes_nothing(small_demo):
    before = _counts()
    second = loader.load_demo(scale="small")
    assert _counts() == before
    assert set(second.created.values()) == {0}
    assert (second.records, second.items) == (small_demo.records, small_demo.items)


def test_every_persona_can_log_in_with_the_demo_password(small_demo, client):
    for persona in people.PERSONAS:
        assert client.login(username=persona.username, password=people.DEMO_PASSWORD), (
            persona.username
        )


def test_minh_sees_his_commune_library_but_not_the_school_next_door(small_demo, django_user_model):
    minh = django_user_model.objects.get(username="minh")
    visible = {library.code for library in access.visible_libraries(minh)}
    assert "SL-TANLAP" in visible
    assert "SL-THCS-TANLAP" not in visible
    assert {library.code for library in access.visible_libraries(minh, "catalog")} == {"SL-TANLAP"}


def test_every_accession_number_follows_its_register_and_the_counter_is_past_it(small_demo):
    items = list(Item.objects.select_related("register", "home_library"))
    assert items
    prefixes = set()
    for item in items:
        register, sequence = item.register, item.accession_sequence
        assert register is not None
        assert sequence is not None
        assert register.library_id == item.home_library_id
        assert item.accession_number == register.format_number(sequence)
        prefixes.add(register.prefix)
    assert prefixes >= {"VV", "TN", "SGK"}
    for register in AccessionRegister.objects.annotate(top=Max("items__accession_sequence")):
        assert register.next_number == (register.top or 0) + 1, register
        proposed = catalog_services.proposed_accession_number(register)
        assert not Item.objects.filter(
            home_library=register.library, accession_number=proposed
        ).exists()


def test_the_provincial_library_has_a_closed_stack_and_a_reference_room_with_copies(small_demo):
    shelves = ShelfLocation.objects.filter(library__code="SL-TVT")
    assert shelves.filter(is_closed_stack=True, items__isnull=False).exists()
    assert shelves.filter(is_reference=True, items__isnull=False).exists()


def test_records_copies_and_call_numbers_are_complete(small_demo):
    number = re.compile(r"^SL-DEMO-\d{6}$")
    for bib in BibRecord.objects.all():
        assert number.match(bib.control_number)
        assert bib.control_number_source == records.AGENCY_CODE
        assert all((bib.title, bib.class_number, bib.year)), bib.control_number
    item = Item.objects.select_related("bib").filter(bib__authors__gt="").earliest("pk")
    assert item.call_number.startswith(item.bib.class_number + " ")
    assert (
        Item.objects.filter(price_vnd__gt=0, acquired_on__isnull=False).count()
        >= Item.objects.count() * 0.9
    )


def test_text_is_stored_in_nfc(small_demo):
    for bib in BibRecord.objects.all():
        for value in (bib.title, bib.authors, bib.subjects, bib.publisher, str(bib.marc_json)):
            assert unicodedata.is_normalized("NFC", value), bib.control_number
    for library in Library.objects.all():
        assert unicodedata.is_normalized(
            "NFC", library.name + library.address + library.opening_hours
        )


# ---------------------------------------------------------------- the command


def test_the_command_loads_and_prints_the_logins_once(db):
    out = io.StringIO()
    call_command("load_demo", scale="small", stdout=out)
    printed = out.getvalue()
    assert Library.objects.filter(code="SL-TVT").exists()
    for persona in people.PERSONAS:
        assert re.search(rf"^\s+{persona.username} — ", printed, re.MULTILINE), persona.username
    assert printed.count(people.DEMO_PASSWORD) == 1


def test_if_empty_does_nothing_when_a_library_exists(province):
    before = _counts()
    out = io.StringIO()
    call_command("load_demo", scale="small", if_empty=True, stdout=out)
    assert _counts() == before
    assert out.getvalue().strip()
    assert people.DEMO_PASSWORD not in out.getvalue()


def test_if_empty_loads_an_empty_database(db):
    call_command("load_demo", scale="small", if_empty=True, stdout=io.StringIO())
    assert BibRecord.objects.count() == loader.SMALL_RECORD_COUNT
