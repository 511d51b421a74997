"""A programme between the Sở VHTTDL (Chi) and the Sở GD&ĐT (Thu) for 2026, with Tân Lập
lower-secondary school chosen, a batch of the provincial library shipped to it and a talk
held there."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.core import clock
from libnet.events import services as events_services
from libnet.network.models import BodyMembership, BodyRole
from libnet.programmes import services
from libnet.rotation import services as rotation_services
from libnet.stats import services as stats
from tests.factories import NOW
from tests.rotation.conftest import stock


@pytest.fixture
def school(province):
    return province["school"]


@pytest.fixture
def chi_officer(chi, bodies):
    """Chi, also an officer of the Sở VHTTDL (as in the demo): the culture side."""
    BodyMembership.objects.create(user=chi.user, body=bodies["culture"], role=BodyRole.OFFICER)
    return chi


@pytest.fixture
def programme(chi_officer, thu, bodies, school):
    made = services.create_programme(
        title="Phối hợp phát triển văn hóa đọc trong trường học năm 2026",
        culture=bodies["culture"],
        education=bodies["education"],
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        reference="Số 12/CTPH-SVHTTDL-SGDĐT",
        by=chi_officer.user,
        at=NOW,
    )
    services.choose_schools(programme=made, schools=[school], by=thu.user, at=NOW)
    return made


@pytest.fixture
def shipped_batch(province, lan, school):
    """Three copies from the provincial library to the school, shipped on 2 March 2026."""
    items = stock(province["provincial"], titles=3, copies=3, prefix="PH")
    batch = rotation_services.create_batch(
        from_library=province["provincial"],
        to_library=school,
        planned_start=dt.date(2026, 3, 2),
        planned_end=dt.date(2026, 8, 31),
        by=lan.user,
        at=NOW,
    )
    rotation_services.add_items(batch=batch, items=items[:3], box_number=1, by=lan.user, at=NOW)
    rotation_services.pack_batch(batch=batch, by=lan.user, at=NOW)
    return rotation_services.ship_batch(batch=batch, by=lan.user, at=NOW)


@pytest.fixture
def held_talk(school, an):
    """A talk at the school on 20 March 2026: 3 adults and 40 pupils came."""
    starts = dt.datetime(2026, 3, 20, 8, 0, tzinfo=clock.VIETNAM)
    event = events_services.plan_event(
        library=school,
        kind_code="talk",
        title="Nói chuyện chuyên đề: Sách và tuổi học trò",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        by=an.user,
        at=NOW,
    )
    later = dt.datetime(2026, 3, 21, 3, 0, tzinfo=dt.UTC)
    return events_services.report_event(event=event, adults=3, children=40, by=an.user, at=later)


@pytest.fixture
def school_uses(school):
    """Loans and reading in place at the school: 30 + 12 in March, 7 + 0 in July."""
    stats.bump(library_id=school.pk, indicator="loans", day=dt.date(2026, 3, 10), by=30)
    stats.bump(library_id=school.pk, indicator="in_library_uses", day=dt.date(2026, 3, 11), by=12)
    stats.bump(library_id=school.pk, indicator="loans", day=dt.date(2026, 7, 10), by=7)


@pytest.fixture
def counted(programme, shipped_batch, held_talk, school_uses, thu):
    """The programme counting the batch and the talk."""
    for kind, object_id in (("rotation_batch", shipped_batch.pk), ("event", held_talk.pk)):
        services.link_activity(
            programme=programme, kind=kind, object_id=object_id, by=thu.user, at=NOW
        )
    return programme
