"""The small demo province in the database, loaded once per run (`small_demo` in
tests/conftest.py).

Loading takes seconds; each test runs in a savepoint inside the demo's transaction, which is
rolled back at the end, so the tests still cannot see each other.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest
from django.db.models import Max

from libnet.catalog import services as catalog_services
from libnet.catalog.models import AccessionRegister, BibRecord, Item, ShelfLocation
from libnet.demo import loader, people, places, records
from libnet.network import access
from libnet.network.models import AdminUnit, Library, LibraryKind, LibraryParentPeriod
from tests.demo.test_load_demo import _counts

K = LibraryKind

pytestmark = pytest.mark.django_db


def test_the_small_scale_loads_the_small_libraries_by_kind(small_demo):
    expected = Counter(library.kind for library in places.ALL_LIBRARIES if library.in_small)
    loaded = Counter(Library.objects.values_list("kind", flat=True))
    assert loaded == expected
    assert small_demo.libraries_by_kind == dict(expected)
    # The serial titles of demo/serials.py are records of their own.
    books = BibRecord.objects.filter(serial__isnull=True)
    assert small_demo.records == books.count() == loader.SMALL_RECORD_COUNT
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
    # The serial titles (demo/serials.py) are catalogued in libnet, not imported.
    for bib in BibRecord.objects.filter(serial__isnull=True):
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
