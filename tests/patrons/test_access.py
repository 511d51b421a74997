"""Who sees which reader: staff of the libraries a reader used, and nobody else."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.core.errors import NotFound
from libnet.patrons import access, services
from libnet.patrons.models import JointCardArea, PatronStatus
from tests.factories import NOW, PatronFactory


@pytest.fixture
def school_reader(province):
    """A pupil who only ever used the school library."""
    return PatronFactory(
        home_library=province["school"], card_number="THCSTANLAP2026000001", full_name="Võ Thị Lan"
    )


@pytest.fixture
def commune_reader(province):
    return PatronFactory(home_library=province["commune"], card_number="TANLAP2026000001")


def test_the_commune_clerk_sees_his_readers_and_bình_who_borrowed_there(
    minh, commune_reader, school_reader, binh
):
    assert set(access.patrons_for_staff(minh.user)) == {commune_reader, binh}


def test_commune_clerk_cannot_see_a_school_reader(minh, school_reader):
    with pytest.raises(NotFound) as refused:
        access.get_patron_for_staff(minh.user, school_reader.pk)
    assert refused.value.code == "patron_not_found"
    assert refused.value.status == 404


def test_the_department_officer_sees_no_readers_at_all(chi, commune_reader, binh):
    assert not access.patrons_for_staff(chi.user).exists()
    with pytest.raises(NotFound):
        access.get_patron_for_staff(chi.user, binh.pk)


def test_the_cataloguer_of_the_province_sees_no_readers(lan, commune_reader):
    """Lan catalogues for the whole province but does not lend: no reader data."""
    assert not access.patrons_for_staff(lan.user).exists()


def test_an_erased_reader_is_gone_for_everyone(minh, binh):
    services.erase_patron(patron=binh, by=None, at=NOW)
    assert not access.patrons_for_staff(minh.user).filter(pk=binh.pk).exists()
    with pytest.raises(NotFound):
        access.get_patron_for_staff(minh.user, binh.pk)


def test_a_card_is_found_at_the_desk_trimmed_and_in_any_case(minh, province, commune_reader):
    found = access.get_patron_by_card_at_desk(
        minh.user, "  tanlap2026000001\n", desk=province["commune"]
    )
    assert found == commune_reader


def test_the_desk_must_be_one_of_the_clerks_libraries(minh, province, binh):
    with pytest.raises(NotFound) as refused:
        access.get_patron_by_card_at_desk(minh.user, "HS2026000123", desk=province["school"])
    assert refused.value.code == "library_not_found"


def test_a_card_of_another_library_is_unknown_at_the_desk_without_a_joint_card(
    minh, province, school_reader
):
    with pytest.raises(NotFound) as refused:
        access.get_patron_by_card_at_desk(
            minh.user, school_reader.card_number, desk=province["commune"]
        )
    assert refused.value.code == "patron_not_found"


def test_a_joint_card_is_honoured_at_the_desk_but_personal_data_stays_hidden(minh, province):
    """A reader of the provincial library brings the card to the commune under a joint card."""
    provincial_reader = PatronFactory(home_library=province["provincial"], card_number="TVT001")
    JointCardArea.objects.create(library=province["provincial"], since=dt.date(2025, 1, 1))
    found = access.get_patron_by_card_at_desk(minh.user, "TVT001", desk=province["commune"])
    assert found == provincial_reader
    assert not access.can_see_personal_data(minh.user, found)
    services.note_library_use(patron=found, library=province["commune"], at=NOW)
    assert access.can_see_personal_data(minh.user, found)


def test_an_erased_card_number_is_unknown_at_the_desk(minh, province, commune_reader):
    services.erase_patron(patron=commune_reader, by=None, at=NOW)
    commune_reader.refresh_from_db()
    assert commune_reader.status == PatronStatus.ERASED
    with pytest.raises(NotFound):
        access.get_patron_by_card_at_desk(
            minh.user, commune_reader.card_number, desk=province["commune"]
        )
