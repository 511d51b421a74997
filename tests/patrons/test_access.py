"""Who sees which reader, and what they may do: the matrix of patrons/README.md."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.core.errors import NotFound, PermissionDenied
from libnet.network.models import Membership, Role
from libnet.patrons import access, policies, services
from libnet.patrons.models import JointCardArea, PatronStatus
from tests.factories import NOW, PatronFactory, UserFactory


@pytest.fixture
def school_reader(province):
    """A pupil who only ever used the school library."""
    return PatronFactory(
        home_library=province["school"], card_number="THCSTANLAP2026000001", full_name="Võ Thị Lan"
    )


@pytest.fixture
def commune_reader(province):
    return PatronFactory(home_library=province["commune"], card_number="TANLAP2026000001")


ACTIONS = [
    policies.VIEW,
    policies.VIEW_PERSONAL,
    policies.LEND,
    policies.CHANGE,
    policies.EXPORT,
    policies.ERASE,
]


@pytest.mark.parametrize(
    ("relation", "allowed"),
    [
        (policies.ISSUER, set(ACTIONS)),
        (policies.USED, {policies.VIEW, policies.LEND}),
        (policies.OTHER, {policies.LEND}),  # only where the card is valid: scanned at a desk
    ],
)
def test_the_matrix_of_relations_and_actions(relation, allowed):
    assert {action for action in ACTIONS if policies.may(relation, action)} == allowed


@pytest.mark.parametrize(
    ("home", "used", "staff", "expected"),
    [
        (1, [1], {1}, policies.ISSUER),
        (1, [1, 2], {2}, policies.USED),
        (1, [1, 2], {1, 2}, policies.ISSUER),  # the issuing library wins
        (1, [1], {3}, policies.OTHER),
        (1, [1], set(), policies.OTHER),  # no reader permission at all
    ],
)
def test_the_relation_of_a_staff_member_to_a_reader(home, used, staff, expected):
    assert (
        policies.reader_relation(
            home_library_id=home, used_library_ids=used, staff_library_ids=staff
        )
        == expected
    )


def test_the_commune_clerk_sees_his_readers_and_bình_who_borrowed_there(
    minh, commune_reader, school_reader, binh
):
    assert set(access.patrons_for_staff(minh.user)) == {commune_reader, binh}


def test_the_commune_clerk_sees_bình_as_a_reader_who_used_the_commune(minh, an, binh):
    assert access.relation_to(minh.user, binh) == policies.USED
    assert access.relation_to(an.user, binh) == policies.ISSUER
    assert not access.can_see_personal_data(minh.user, binh)
    assert access.can_see_personal_data(an.user, binh)


def test_the_commune_clerk_may_not_change_bình_and_is_told_who_may(minh, binh):
    with pytest.raises(PermissionDenied) as refused:
        access.get_patron_for_change(minh.user, binh.pk)
    assert refused.value.code == "issuing_library_only"
    assert refused.value.status == 403
    assert "Thư viện Trường THCS Tân Lập" in refused.value.message


def test_commune_clerk_cannot_see_a_school_reader(minh, school_reader):
    for getter in (access.get_patron_for_staff, access.get_patron_for_change):
        with pytest.raises(NotFound) as refused:
            getter(minh.user, school_reader.pk)
        assert refused.value.code == "patron_not_found"
        assert refused.value.status == 404


def test_a_library_above_the_issuing_one_is_an_issuer_too(province, commune_reader):
    """A provincial librarian whose role covers the subtree acts for the commune's readers."""
    head = UserFactory(username="thu")
    Membership.objects.create(
        user=head, library=province["provincial"], role=Role.CIRCULATION, covers_subtree=True
    )
    assert access.get_patron_for_change(head, commune_reader.pk, policies.ERASE) == commune_reader
    assert access.relation_to(head, commune_reader) == policies.ISSUER


def test_a_role_on_the_parent_without_the_subtree_is_not_an_issuer(province, commune_reader):
    head = UserFactory(username="thu")
    Membership.objects.create(user=head, library=province["provincial"], role=Role.CIRCULATION)
    with pytest.raises(NotFound):
        access.get_patron_for_change(head, commune_reader.pk)


def test_the_department_officer_sees_no_readers_at_all(chi, commune_reader, binh):
    assert not access.patrons_for_staff(chi.user).exists()
    with pytest.raises(NotFound):
        access.get_patron_for_staff(chi.user, binh.pk)


def test_the_cataloguer_of_the_province_sees_no_readers(lan, commune_reader):
    """Lan catalogues for the whole province but does not lend: no reader data."""
    assert not access.patrons_for_staff(lan.user).exists()
    with pytest.raises(NotFound):
        access.get_issued_patron_by_card(lan.user, commune_reader.card_number)


def test_an_erased_reader_is_gone_for_everyone(an, minh, binh):
    services.erase_patron(patron=binh, by=None, at=NOW)
    assert not access.patrons_for_staff(minh.user).filter(pk=binh.pk).exists()
    for user in (an.user, minh.user):
        with pytest.raises(NotFound):
            access.get_patron_for_staff(user, binh.pk)


def test_a_card_is_found_at_the_desk_trimmed_and_in_any_case(minh, province, commune_reader):
    found = access.get_patron_by_card_at_desk(
        minh.user, "  tanlap2026000001\n", desk=province["commune"]
    )
    assert found == commune_reader


def test_a_look_alike_letter_or_full_width_digits_find_the_same_card(
    minh, province, commune_reader
):
    """ſ (U+017F) is an s, and a Vietnamese phone keyboard may type full-width digits."""
    assert access.get_patron_for_lending(minh.user, "TANLAP２０２６000001", province["commune"])
    reader = PatronFactory(home_library=province["commune"], card_number="TANLAPS0001")
    assert access.get_patron_for_lending(minh.user, "tanlapſ0001", province["commune"]) == reader


def test_the_desk_must_be_one_of_the_clerks_libraries(minh, province, binh):
    for getter in (access.get_patron_by_card_at_desk, access.get_patron_for_lending):
        with pytest.raises(NotFound) as refused:
            getter(minh.user, "HS2026000123", desk=province["school"])
        assert refused.value.code == "library_not_found"


def test_a_card_of_another_library_is_unknown_at_the_desk_without_a_joint_card(
    minh, province, school_reader
):
    for getter in (access.get_patron_by_card_at_desk, access.get_patron_for_lending):
        with pytest.raises(NotFound) as refused:
            getter(minh.user, school_reader.card_number, desk=province["commune"])
        assert refused.value.code == "patron_not_found"


def test_lending_needs_a_card_valid_at_the_desk_even_for_a_reader_who_used_it(minh, province, binh):
    """Bình used the commune, but his school card is valid there only under a joint card:
    the desk finds him (to say why) but the lending getter does not."""
    assert access.get_patron_by_card_at_desk(minh.user, "HS2026000123", desk=province["commune"])
    with pytest.raises(NotFound):
        access.get_patron_for_lending(minh.user, "HS2026000123", province["commune"])


def test_a_joint_card_is_lent_to_but_personal_data_stay_with_the_issuing_library(minh, province):
    """A reader of the provincial library brings the card to the commune under a joint card."""
    provincial_reader = PatronFactory(home_library=province["provincial"], card_number="TVT001")
    JointCardArea.objects.create(library=province["provincial"], since=dt.date(2025, 1, 1))
    found = access.get_patron_for_lending(minh.user, "TVT001", province["commune"])
    assert found == provincial_reader
    assert access.get_patron_by_card_at_desk(minh.user, "TVT001", desk=province["commune"])
    assert access.relation_to(minh.user, found) == policies.OTHER
    services.note_library_use(patron=found, library=province["commune"], at=NOW)
    assert access.relation_to(minh.user, found) == policies.USED
    assert not access.can_see_personal_data(minh.user, found)


def test_an_erased_card_number_is_unknown_at_the_desk(minh, province, commune_reader):
    number = commune_reader.card_number
    services.erase_patron(patron=commune_reader, by=None, at=NOW)
    commune_reader.refresh_from_db()
    assert commune_reader.status == PatronStatus.ERASED
    for getter in (access.get_patron_by_card_at_desk, access.get_patron_for_lending):
        with pytest.raises(NotFound):
            getter(minh.user, number, desk=province["commune"])
