"""Erasure leaves nothing of the person behind, and a card number is never issued again.

The reader is written everywhere libnet keeps something about readers (the card, consents
with a parent's name, a block reason and a hold note that quote the name and phone, an
inter-library loan note, a loan, a scan at a mobile stop, the audit log), then erased
through the page; then every text column of every table is searched for the name, the phone,
the date of birth and the card number.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.apps import apps
from django.db import connection, models
from django.urls import reverse

from libnet.catalog.models import ItemStatus
from libnet.circulation import services as circulation
from libnet.core import audit
from libnet.mobile import services as mobile
from libnet.mobile.models import MobileOperation
from libnet.patrons import erasure, services
from libnet.patrons.errors import PatronRefused
from libnet.patrons.models import ConsentRole, Patron, PatronStatus
from libnet.patrons.services import ConsentGiven
from libnet.rotation import services as rotation
from tests.factories import NOW, BibRecordFactory, ItemFactory, LibraryFactory, category

NAME = "Quách Thị Ngọc Diệp"
PHONE = "0933 271 845"
BIRTH = dt.date(2013, 7, 19)
PARENT = "Quách Văn Thạch"


@pytest.fixture
def diep(an, province):
    """A pupil of Tân Lập school, 12, whose data are written everywhere before she asks to go."""
    school = province["school"]
    return services.issue_card(
        library=school,
        full_name=NAME,
        category=category("pupil"),
        by=an.user,
        at=NOW,
        birth_date=BIRTH,
        phone=PHONE,
        email="diep.quach@example.vn",
        address="Thôn Đồng Xuân, xã Tân Lập",
        school_class="7B",
        notes=f"Con ông {PARENT}",
        consents=[
            ConsentGiven(ConsentRole.READER),
            ConsentGiven(ConsentRole.GUARDIAN, PARENT, collected_by="GVCN 7B"),
        ],
    )


def _everywhere(an, province, diep) -> None:
    school, provincial = province["school"], province["provincial"]
    services.block_patron(
        patron=diep, reason=f"Em {NAME} làm mất thẻ, SĐT {PHONE}", by=an.user, at=NOW
    )
    services.unblock_patron(patron=diep, by=an.user, at=NOW)
    services.set_pin(patron=diep, pin="2468", by=an.user, at=NOW)
    # A loan at the school, returned.
    copy = ItemFactory(home_library=school, barcode="TH0000009")
    circulation.checkout_item(item=copy, patron=diep, desk=school, by=an.user, at=NOW)
    circulation.checkin_item(item=copy, desk=school, by=an.user, at=NOW + dt.timedelta(days=3))
    # A hold, cancelled with a note that quotes her.
    title = BibRecordFactory()
    ItemFactory(bib=title, home_library=school, status=ItemStatus.ON_LOAN)
    hold = circulation.place_hold(bib=title, patron=diep, pickup_library=school, by=an.user, at=NOW)
    circulation.cancel_hold(
        hold=hold, by=an.user, reason=f"Chị {NAME.upper()} gọi 0933.271.845 để huỷ", at=NOW
    )
    # An inter-library loan request with a note.
    wanted = BibRecordFactory()
    ItemFactory(bib=wanted, home_library=provincial)
    rotation.request_ill(
        patron=diep,
        bib=wanted,
        home_library=school,
        lending_library=provincial,
        note=f"Gọi {PHONE.replace(' ', '')} khi sách về; sinh ngày {BIRTH:%d/%m/%Y}",
        by=an.user,
        at=NOW,
    )
    # A scan at a mobile stop that was refused, with her card number in the log.
    vehicle_library = LibraryFactory(code="SL-LD", kind="mobile", parent=provincial)
    vehicle = mobile.create_vehicle(library=vehicle_library, plate="37B-1", by=None, at=NOW)
    route = mobile.create_route(library=vehicle_library, name="Tuyến 1", by=None, at=NOW)
    trip = mobile.plan_trip(route=route, vehicle=vehicle, date=NOW.date(), by=None, at=NOW)
    scan = MobileOperation.objects.create(
        client_uuid=uuid.uuid4(),
        trip=trip,
        action="lend",
        card_number=diep.card_number.lower(),
        barcode="LD000001",
        client_at=NOW,
        received_at=NOW,
        result="refused",
        code="card_not_found",
        message=f"Không có bạn đọc thẻ {diep.card_number}.",
    )
    audit.record(
        "mobile.stop.refused",
        subject=scan,
        by=None,
        at=NOW,
        after={"card_number": diep.card_number, "code": "card_not_found"},
    )


def _needles(card_number: str) -> list[str]:
    """The ways the person can appear in a text column: as typed, and as JSON escapes it."""
    plain = [
        NAME,
        NAME.upper(),
        "Quach Thi Ngoc Diep",
        PARENT,
        PHONE,
        PHONE.replace(" ", ""),
        "0933.271.845",
        BIRTH.isoformat(),
        BIRTH.strftime("%d/%m/%Y"),
        card_number,
        card_number.lower(),
        "diep.quach@example.vn",
        "Đồng Xuân, xã",
    ]
    return plain + [json.dumps(needle)[1:-1] for needle in plain if not needle.isascii()]


def _text_columns() -> list[tuple[str, str]]:
    columns = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                columns.append((model._meta.db_table, field.column))
    return columns


def _found_anywhere(needles: list[str]) -> list[str]:
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            for needle in needles:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} "
                    f"WHERE CAST({quote(column)} AS TEXT) LIKE %s",
                    [f"%{needle}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column}: {needle}")
    return found


def test_after_erasure_no_table_holds_the_name_phone_birth_date_or_card_number(
    client, an, province, diep
):
    _everywhere(an, province, diep)
    card_number = diep.card_number
    needles = _needles(card_number)
    assert len(_found_anywhere(needles)) > 10  # the search works: before, she is everywhere
    client.force_login(an.user)
    response = client.post(
        reverse("patrons:erase", args=[diep.pk]),
        {"confirm": "on", "reason": f"Đơn của phụ huynh em {NAME}, {PHONE}, ngày 02/03/2026"},
    )
    assert response.status_code == 302
    assert _found_anywhere(needles) == []
    diep.refresh_from_db()
    assert diep.status == PatronStatus.ERASED
    # What the figures need is kept: the loan, the home library, the category.
    assert diep.loans.count() == 1
    assert (diep.home_library, diep.category.code) == (province["school"], "pupil")
    # The request's reference is kept, without the person in it.
    entry = audit.entries_for(diep).get(action="patron.erase")
    assert "02/03/2026" in entry.note
    assert "…" in entry.note


def test_every_app_that_keeps_reader_data_scrubs_on_erasure():
    assert set(erasure.registered()) >= {"circulation", "mobile", "rotation"}


def test_a_scrubbed_text_loses_the_reader_however_it_was_typed():
    reader = erasure.ErasedReader(
        patron_id=1,
        card_number="HS2026000123",
        full_name="Phạm Văn Bình",
        phone="+84 912 000 111",
        email="",
        birth_date=dt.date(2014, 2, 10),
        at=NOW,
    )
    text = "PHAM VAN BINH (hs2026000123) gọi 0912.000.111, sinh 10/2/2014; Văn học lớp 7"
    assert reader.scrub(text) == "… (…) gọi …, sinh …; Văn học lớp 7"


# ---------------------------------------------------------------- card numbers are never reused


def test_an_erased_reader_s_card_number_is_never_issued_again(an, province, diep):
    card_number = diep.card_number
    services.erase_patron(patron=diep, by=an.user, at=NOW)
    assert not Patron.objects.filter(card_number=card_number).exists()
    after = services.issue_card(
        library=province["school"],
        full_name="Lò Thị Mai",
        category=category("adult"),
        by=an.user,
        at=NOW,
    )
    assert after.card_number != card_number
    assert after.card_number > card_number  # the sequence goes on past the retired number


def test_a_pre_printed_card_with_a_retired_number_is_refused_at_the_desk_and_in_the_api(
    client, an, province, diep
):
    from libnet.core import tokens

    card_number = diep.card_number
    services.erase_patron(patron=diep, by=an.user, at=NOW)
    with pytest.raises(PatronRefused) as refused:
        services.issue_card(
            library=province["school"],
            full_name="Lò Thị Mai",
            category=category("adult"),
            by=an.user,
            card_number=card_number.lower(),
        )
    assert refused.value.code == "card_number_retired"
    response = client.post(
        "/api/v1/patrons",
        json.dumps(
            {
                "library": "SL-THCS-TANLAP",
                "name": "Lò Thị Mai",
                "category": "adult",
                "card_number": card_number,
            }
        ),
        content_type="application/json",
        headers={"Authorization": f"Bearer {tokens.create_api_token(user=an.user)}"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "card_number_retired"


def test_the_old_card_opens_nothing_after_erasure(client, an, province, diep):
    card_number = diep.card_number
    services.set_pin(patron=diep, pin="2468", by=an.user)
    services.erase_patron(patron=diep, by=an.user, at=NOW)
    response = client.post(
        reverse("opac:account_login"), {"card_number": card_number, "pin": "2468"}
    )
    assert response.status_code == 400
    client.force_login(an.user)
    page = client.get(reverse("patrons:list"), {"q": card_number})
    assert page.status_code == 200  # not a redirect to a reader
