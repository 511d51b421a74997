"""A small province and the people of STYLE.md, shared by every test.

Sông Lam is fictional; the demo province (`libnet load_demo`) has the same people.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import io
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import translation

from libnet.core import cache
from libnet.network import services as network_services
from libnet.network.models import (
    AdminUnit,
    AdminUnitLevel,
    BodyKind,
    BodyMembership,
    BodyRole,
    Library,
    ManagingBody,
    Membership,
    Role,
)
from libnet.patrons.models import PatronLibrary
from tests import migrated
from tests.api.documented import statuses_checked
from tests.factories import NOW, PatronFactory, UserFactory, category, make_province

# With PYTHONDONTWRITEBYTECODE (the Makefile sets it, to keep __pycache__ out of the tree)
# pytest rewrote and compiled every test module again on each run: 5 s of a run. Their
# bytecode goes to var/pycache instead, outside the source tree.
if sys.dont_write_bytecode:
    sys.pycache_prefix = str(Path(__file__).resolve().parents[1] / "var" / "pycache")
    sys.dont_write_bytecode = False

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
if not SHARED_DATA.exists():  # the repository may be checked out elsewhere
    SHARED_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"


def pytest_configure(config: pytest.Config) -> None:
    # The suite runs in seconds only with a cheap hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Every test client loads the middleware again, and WhiteNoise then lists every static
    # file of every app (25 ms, hundreds of clients a run). With autorefresh it looks a file
    # up when it is asked for, which is all a test needs.
    settings.WHITENOISE_AUTOREFRESH = True
    # The digital library's files (the demo draws its page images) go to a folder of the
    # run's own, never into var/ of the checkout; tests that read files set their own.
    digital_dir = tempfile.mkdtemp(prefix="libnet-digital-")
    atexit.register(shutil.rmtree, digital_dir, ignore_errors=True)
    settings.LIBNET_DIGITAL_DIR = Path(digital_dir)
    config.pluginmanager.register(_Groups(), "libnet-xdist-groups")
    migrated.install(connections["default"])


# --- the small demo, loaded once per run -------------------------------------------------------
#
# A load takes seconds, and six modules check the demo. The tests that use `small_demo` run
# together, right after the other database tests and before the transactional ones
# (pytest-django runs those last); the demo is loaded in one transaction before the first of
# them and rolled back after the last, so no other test sees it. Each test runs in a savepoint
# inside that transaction, so the demo tests cannot see each other either.


def _uses_demo(item: pytest.Item) -> bool:
    return "small_demo" in getattr(item, "fixturenames", ())


def _plain_db_test(item: pytest.Item) -> bool:
    """A test that uses the database in a savepoint (not a transactional one)."""
    fixtures = getattr(item, "fixturenames", ())
    if "transactional_db" in fixtures or "live_server" in fixtures:
        return False
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return "db" in fixtures
    transactional = marker.args[0] if marker.args else marker.kwargs.get("transaction", False)
    return not (transactional or marker.kwargs.get("reset_sequences", False))


def _module_fixture(item: pytest.Item) -> bool:
    """Whether the test uses a fixture built once per module (another libnet, a catalogue)."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(
        definition.scope == "module"
        for definitions in info.name2fixturedefs.values()
        for definition in definitions
    )


class _Groups:
    """Groups tests for pytest-xdist's --dist loadgroup before it reads the marks (its hook
    names each grouped test `nodeid@group`; a mark added after it is not seen): the demo's
    tests on one worker, which loads it once; the tests of a module with a module-scoped
    fixture on one worker, which builds it once."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            if item.get_closest_marker("xdist_group"):
                continue
            if _uses_demo(item):
                item.add_marker(pytest.mark.xdist_group("small_demo"))
            elif _module_fixture(item):
                item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))

    @pytest.hookimpl(trylast=True)
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """A worker whose grouped tests kept their plain node ids would be scheduled test by
        test: the README tour's steps on two workers, the demo loaded on each. Stop instead."""
        if not getattr(session.config.option, "loadgroup", False):
            return
        lost = [
            item.nodeid
            for item in session.items
            if item.get_closest_marker("xdist_group") and "@" not in item.nodeid
        ]
        if lost:
            raise pytest.UsageError(
                f"pytest-xdist --dist loadgroup did not group {len(lost)} tests (first: "
                f"{lost[0]}); this pytest and pytest-xdist do not work together."
            )


@pytest.hookimpl(trylast=True)  # after pytest-django has put the transactional tests last
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    demo = [item for item in items if _uses_demo(item)]
    if not demo:
        return
    rest = [item for item in items if not _uses_demo(item)]
    last_plain = max((i for i, item in enumerate(rest) if _plain_db_test(item)), default=-1)
    items[:] = rest[: last_plain + 1] + demo + rest[last_plain + 1 :]


DEMO_OUTPUT: list[str] = []  # what `load_demo` printed when it loaded the shared demo
_demo_transaction: list[tuple[contextlib.ExitStack, Any]] = []  # (open transaction, blocker)


def _load_the_demo(django_db_blocker: Any) -> Any:
    """Load the small demo in a transaction left open until `_roll_back_the_demo`."""
    from libnet.demo.management.commands.load_demo import Command as LoadDemo

    stack = contextlib.ExitStack()
    # Loaded as `make run` loads it: the command, on an empty database (--if-empty); what it
    # printed is kept for the test of its output.
    printed = io.StringIO()
    command = LoadDemo(stdout=printed)
    with django_db_blocker.unblock():
        stack.enter_context(transaction.atomic())
        stack.callback(transaction.set_rollback, True)  # runs first, inside the atomic block
        try:
            call_command(command, scale="small", if_empty=True)
        except BaseException:
            stack.close()
            raise
    _demo_transaction.append((stack, django_db_blocker))
    DEMO_OUTPUT[:] = [printed.getvalue()]
    return command.summary


@pytest.fixture(scope="session")
def _small_demo_loaded(django_db_setup, django_db_blocker):
    yield _load_the_demo(django_db_blocker)
    _roll_back_the_demo()


def _roll_back_the_demo() -> None:
    while _demo_transaction:
        stack, django_db_blocker = _demo_transaction.pop()
        with django_db_blocker.unblock():
            stack.close()


@pytest.fixture
def small_demo(_small_demo_loaded, django_db_blocker):
    """The small demo province (`libnet load_demo --scale small`), loaded once per run.

    With parallel workers (pytest-xdist) a worker may run other tests between two demo
    tests; the demo was rolled back before them and is loaded again here.
    """
    if not _demo_transaction:
        return _load_the_demo(django_db_blocker)
    return _small_demo_loaded


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    yield  # the test's own savepoint is rolled back first
    if _uses_demo(item) and (nextitem is None or not _uses_demo(nextitem)):
        _roll_back_the_demo()


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Each test starts with empty in-memory caches: a rolled-back test leaves no rows there,
    and the API's request counts of one test do not slow the next one down."""
    cache.clear_all()
    caches["api-rates"].clear()
    # A request in English leaves English active in the thread (LocaleMiddleware activates,
    # nothing deactivates): each test starts in the interface's own language.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    cache.clear_all()


@pytest.fixture(autouse=True, scope="session")
def _api_statuses_documented():
    """An API answer whose status its OpenAPI operation does not list fails the test."""
    with statuses_checked():
        yield


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
def bodies(province):
    """The bodies that manage libraries without being one: the Sở GD&ĐT, the Sở VHTTDL and
    Tân Lập's commune office; the school sits in Xã Tân Lập and reports to that office
    (a lower-secondary school, by the province's default rule)."""
    unit = AdminUnit.objects.create(
        code="SL-X-TANLAP",
        name="Xã Tân Lập",
        level=AdminUnitLevel.COMMUNE,
        valid_from=dt.date(2025, 7, 1),
    )
    Library.objects.filter(pk=province["school"].pk).update(admin_unit=unit)
    province["school"].refresh_from_db()
    since = dt.date(2025, 7, 1)
    found = {
        "education": network_services.create_managing_body(
            code="SL-SGDDT", name="Sở Giáo dục và Đào tạo tỉnh Sông Lam",
            kind=BodyKind.EDUCATION_DEPARTMENT, since=since, by=None,
        ),
        "culture": network_services.create_managing_body(
            code="SL-SVHTTDL", name="Sở Văn hóa, Thể thao và Du lịch tỉnh Sông Lam",
            kind=BodyKind.CULTURE_DEPARTMENT, since=since, by=None,
        ),
        "office": network_services.create_managing_body(
            code="SL-PVHXH-TANLAP", name="Phòng Văn hóa – Xã hội xã Tân Lập",
            kind=BodyKind.COMMUNE_OFFICE, admin_unit=unit, since=since, by=None,
        ),
    }  # fmt: skip
    network_services.apply_default_reporting(library=province["school"], on=since, by=None)
    return found


def _body_persona(username: str, full_name: str, body: ManagingBody) -> Persona:
    family, given = full_name.rsplit(" ", 1)
    user = UserFactory(username=username, first_name=given, last_name=family)
    BodyMembership.objects.create(user=user, body=body, role=BodyRole.OFFICER)
    return Persona(user=user, library=None)  # type: ignore[arg-type]  # a body, not a library


@pytest.fixture
def thu(bodies) -> Persona:
    """Vũ Thị Thu, officer of the Sở GD&ĐT: upper-secondary schools' reports, never Tân Lập's
    lower-secondary school (its commune office's) and never a reader."""
    return _body_persona("thu", "Vũ Thị Thu", bodies["education"])


@pytest.fixture
def nga(bodies) -> Persona:
    """Hoàng Thị Nga, officer of Tân Lập's commune office: accepts or returns the reports of
    the kindergartens, primary and lower-secondary schools of the commune."""
    return _body_persona("nga", "Hoàng Thị Nga", bodies["office"])


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
