"""A small province and the people of STYLE.md, shared by every test.

Sông Lam is fictional; the demo province (`libnet load_demo`) has the same people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from libnet.core import cache
from libnet.network.models import Library, Membership, Role
from libnet.patrons.models import PatronLibrary
from tests.factories import NOW, PatronFactory, UserFactory, category, make_province

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
if not SHARED_DATA.exists():  # the repository may be checked out elsewhere
    SHARED_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def pytest_configure(config: pytest.Config) -> None:
    # The suite runs in seconds only with a cheap hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests that read the small demo last, together: the demo is loaded once for all."""
    demo = [item for item in items if "small_demo" in getattr(item, "fixturenames", ())]
    if demo:
        rest = [item for item in items if "small_demo" not in getattr(item, "fixturenames", ())]
        items[:] = rest + demo


@pytest.fixture(scope="session")
def small_demo(django_db_setup, django_db_blocker):
    """The small demo province, loaded once per run (a load takes seconds).

    The tests that use it run last (see pytest_collection_modifyitems above); each of them runs
    in a savepoint inside this transaction, which is rolled back at the end, so they still
    cannot see each other and no other test sees the demo.
    """
    from libnet.demo import loader

    with django_db_blocker.unblock(), transaction.atomic():
        summary = loader.load_demo(scale="small")
        yield summary
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Each test starts with empty in-memory caches: a rolled-back test leaves no rows there."""
    cache.clear_all()
    yield
    cache.clear_all()


@pytest.fixture
def shared_data() -> Path:
    """The shared test-data folder; the test is skipped when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not available")
    return SHARED_DATA


@dataclass
class Persona:
    user: object
    library: Library


@pytest.fixture
def province(db):
    """The provincial library with one commune library and one school beneath the province."""
    return make_province()


def _persona(
    username: str, full_name: str, library: Library, role: str, subtree: bool = False
) -> Persona:
    family, given = full_name.rsplit(" ", 1)
    user = UserFactory(username=username, first_name=given, last_name=family)
    Membership.objects.create(user=user, library=library, role=role, covers_subtree=subtree)
    return Persona(user=user, library=library)


@pytest.fixture
def lan(province) -> Persona:
    """Trần Thị Lan, cataloguer of the provincial library: imports MARC, prints registers."""
    return _persona("lan", "Trần Thị Lan", province["provincial"], Role.CATALOGUER, subtree=True)


@pytest.fixture
def minh(province) -> Persona:
    """Nguyễn Văn Minh, clerk of Tân Lập commune library: sees one library only."""
    persona = _persona("minh", "Nguyễn Văn Minh", province["commune"], Role.CIRCULATION)
    Membership.objects.create(user=persona.user, library=province["commune"], role=Role.CATALOGUER)
    return persona


@pytest.fixture
def an(province) -> Persona:
    """Lê Thị An, librarian of Tân Lập lower-secondary school: the "other library" in Minh's tests."""
    return _persona("an", "Lê Thị An", province["school"], Role.ADMIN)


@pytest.fixture
def chi(province) -> Persona:
    """Đỗ Thị Chi, Department of Culture officer: plans and reports for the public libraries."""
    return _persona("chi", "Đỗ Thị Chi", province["provincial"], Role.REPORTING, subtree=True)


@pytest.fixture
def binh(province):
    """Phạm Văn Bình, 12, pupil of class 7A at Tân Lập school, also a reader at the commune.

    A child aged 7+: consent from him and a parent; his data must not leak to other libraries.
    """
    patron = PatronFactory(
        home_library=province["school"],
        card_number="HS2026000123",
        full_name="Phạm Văn Bình",
        birth_date=dt.date(2014, 2, 10),
        category=category("pupil"),
        school=province["school"],
        school_class="7A",
        card_issued_on=dt.date(2025, 9, 5),
        card_valid_until=dt.date(2027, 5, 31),
    )
    PatronLibrary.objects.create(patron=patron, library=province["commune"], first_used_at=NOW)
    return patron
