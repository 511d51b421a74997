"""The mobile library of Sông Lam, its crew, a route through Tân Lập, and copies to carry."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.mobile import services
from libnet.network.models import LibraryKind, Membership, Role
from libnet.rotation.models import ClaimKind, ItemClaim
from tests.conftest import Persona, _persona
from tests.factories import (
    NOW,
    BibRecordFactory,
    ItemFactory,
    LibraryFactory,
    PatronFactory,
    ShelfLocationFactory,
    make_marc,
)

TRIP_DAY = dt.date(2026, 3, 2)  # NOW is 2 March 2026, 10:00 in Vietnam


@pytest.fixture
def at():
    return NOW


@pytest.fixture
def mobile(province):
    """Thư viện lưu động tỉnh Sông Lam, under the provincial library (as in the demo)."""
    return LibraryFactory(
        code="SL-TVT-LD",
        name="Thư viện lưu động tỉnh Sông Lam",
        kind=LibraryKind.MOBILE,
        parent=province["provincial"],
    )


@pytest.fixture
def hung(mobile) -> Persona:
    """Trương Văn Hùng, librarian of the mobile library: plans trips, lends at the stops."""
    return _persona("hung", "Trương Văn Hùng", mobile, Role.CIRCULATION)


@pytest.fixture
def other_mobile_clerk(province) -> Persona:
    """A clerk of a second mobile library (another province's vehicle, say): sees nothing here."""
    other = LibraryFactory(code="XX-LD", name="Thư viện lưu động khác", kind=LibraryKind.MOBILE)
    return _persona("khac", "Lý Thị Khác", other, Role.CIRCULATION)


@pytest.fixture
def vehicle(mobile, at):
    return services.create_vehicle(
        library=mobile, plate="37B-012.34", name="Xe Thaco", by=None, at=at
    )


@pytest.fixture
def route(mobile, at):
    route = services.create_route(library=mobile, name="Tuyến Tân Lập – Đồng Xuân", by=None, at=at)
    services.add_route_stop(route=route, name="UBND xã Tân Lập", kind="commune", by=None, at=at)
    services.add_route_stop(route=route, name="Thôn Đồng Xuân", kind="village", by=None, at=at)
    services.add_route_stop(route=route, name="Trường THCS Tân Lập", kind="school", by=None, at=at)
    return route


@pytest.fixture
def trip(route, vehicle, at):
    return services.plan_trip(route=route, vehicle=vehicle, date=TRIP_DAY, by=None, at=at)


def copies_of(library, *barcodes, title="Dế Mèn phiêu lưu ký", **fields):
    """Copies of one title at `library`, with the given barcodes."""
    bib = BibRecordFactory(marc_json=make_marc(title=title, author="Tô Hoài"), title=title)
    return [ItemFactory(bib=bib, home_library=library, barcode=code, **fields) for code in barcodes]


@pytest.fixture
def stock(province):
    """Three copies of a title at the provincial library: each may go out (TT 05/2022 Art. 5)."""
    return copies_of(province["provincial"], "TVT0001", "TVT0002", "TVT0003")


@pytest.fixture
def crew(trip):
    """A crew that satisfies TT 05/2022 Art. 8."""
    services.add_crew_member(trip=trip, person_name="Nguyễn Văn Tài", role="driver", by=None)
    services.add_crew_member(trip=trip, person_name="Trương Văn Hùng", role="librarian", by=None)
    services.add_crew_member(trip=trip, person_name="Lê Thị Hoa", role="librarian", by=None)
    return trip


@pytest.fixture
def on_road(crew, stock, at):
    """The trip with its crew and the three copies loaded, on the road."""
    for item in stock:
        services.load_copy(trip=crew, item=item, by=None, at=at)
    return services.change_trip_state(trip=crew, action="depart", by=None, at=at)


@pytest.fixture
def villager(mobile):
    """Hà Thị Nga, who got her card from the mobile library at a village stop."""
    return PatronFactory(home_library=mobile, full_name="Hà Thị Nga", card_number="LD2026000001")


def claim_for_batch(item):
    """A rotation batch's claim on `item` (the other engineer's app writes these)."""
    return ItemClaim.objects.create(item=item, kind=ClaimKind.BATCH, holder_id=99, claimed_at=NOW)


def restricted_shelf(library):
    return ShelfLocationFactory(library=library, code="KD", name="Kho đóng", is_closed_stack=True)


def grant(persona: Persona, library, role=Role.CIRCULATION) -> None:
    Membership.objects.create(user=persona.user, library=library, role=role)
