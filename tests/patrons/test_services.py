"""Issuing, renewing, blocking, PINs, consent, export and erasure, through the services."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.db import connection

from libnet.catalog.models import ItemStatus
from libnet.circulation.models import Hold, Loan, LoanStatus
from libnet.core import audit
from libnet.core.errors import LibnetError
from libnet.core.models import AuditEntry
from libnet.patrons import selectors, services
from libnet.patrons.errors import CardRefused, DuplicateReader, PatronRefused
from libnet.patrons.models import ConsentRole, JointCardArea, Patron, PatronLibrary, PatronStatus
from libnet.patrons.services import ConsentGiven
from libnet.stats.models import DailyStat
from tests.factories import NOW, BibRecordFactory, ItemFactory, PatronFactory, category

TODAY = dt.date(2026, 3, 2)  # NOW is 10:00 in Vietnam on this day


def _issue(library, **overrides):
    values = {
        "library": library,
        "full_name": "Nguyễn Thị Hoa",
        "category": category("adult"),
        "by": None,
        "at": NOW,
        "birth_date": dt.date(1990, 5, 1),
        "phone": "0912 345 678",
    }
    values.update(overrides)
    return services.issue_card(**values)


def test_issuing_a_card_numbers_it_after_the_library_and_year(minh, province):
    first = _issue(province["commune"], by=minh.user)
    second = _issue(province["commune"], full_name="Trần Văn Nam", phone="")
    assert first.card_number == "TANLAP2026000001"
    assert second.card_number == "TANLAP2026000002"
    assert first.card_issued_on == TODAY
    assert first.card_valid_until == dt.date(2027, 3, 1)
    assert PatronLibrary.objects.filter(patron=first, library=province["commune"]).exists()


def test_issuing_a_card_skips_numbers_already_taken(province):
    PatronFactory(home_library=province["commune"], card_number="TANLAP2026000007")
    patron = _issue(province["commune"])
    assert patron.card_number == "TANLAP2026000008"


def test_issuing_a_card_stores_the_name_in_nfc_with_its_folded_form(province):
    decomposed = "Nguye\u0302\u0303n Va\u0306n Đu\u031bc"  # typed with combining marks
    patron = _issue(province["commune"], full_name=f"  {decomposed}  ")
    assert patron.full_name == "Nguyễn Văn Đưc"
    assert patron.name_folded == "nguyen van duc"
    assert patron.name_sort_key


def test_issuing_a_card_counts_a_new_reader_and_is_audited(minh, province):
    patron = _issue(province["commune"], by=minh.user)
    stat = DailyStat.objects.get(library=province["commune"], indicator="new_patrons")
    assert (stat.day, stat.value) == (TODAY, 1)
    entry = audit.entries_for(patron).get(action="patron.issue_card")
    assert entry.actor == minh.user
    assert entry.after["fee_due_vnd"] == 20000
    assert "Hoa" not in str(entry.after)  # the log names the card, never the person


def test_a_likely_duplicate_is_refused_until_confirmed(province):
    existing = _issue(province["commune"])
    with pytest.raises(DuplicateReader) as refused:
        _issue(province["commune"], full_name="NGUYEN THI HOA", phone="")
    assert refused.value.code == "possible_duplicate"
    assert refused.value.candidates == [existing]
    assert existing.card_number in refused.value.message
    confirmed = _issue(
        province["commune"], full_name="NGUYEN THI HOA", phone="", confirm_duplicate=True
    )
    assert confirmed.pk != existing.pk


def test_a_duplicate_by_phone_is_found_even_with_another_birth_date(province):
    _issue(province["commune"], phone="+84 912 345 678")
    with pytest.raises(DuplicateReader):
        _issue(province["commune"], birth_date=dt.date(1991, 1, 1), phone="0912345678")


def test_a_reader_of_another_library_is_not_a_duplicate_candidate_here(province):
    """The school's readers are not shown to the commune, even as duplicates."""
    _issue(province["school"])
    patron = _issue(province["commune"])
    assert patron.home_library == province["commune"]


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"full_name": "   "}, "name_required"),
        ({"birth_date": dt.date(2027, 1, 1)}, "date_out_of_range"),
        ({"birth_date": dt.date(1899, 12, 31)}, "date_out_of_range"),
        ({"phone": "abc"}, "invalid_phone"),
        ({"phone": "12345"}, "invalid_phone"),
        ({"email": "hoa@"}, "invalid_email"),
        ({"gender": "nữ"}, "invalid_gender"),
        ({"card_number": "a b"}, "invalid_card_number"),
        ({"school_class": "6A!!"}, "invalid_class"),
    ],
)
def test_invalid_reader_data_is_refused_and_nothing_is_written(province, overrides, code):
    with pytest.raises(LibnetError) as refused:
        _issue(province["commune"], **overrides)
    assert refused.value.code == code
    assert not Patron.objects.exists()


def test_a_pupil_needs_a_date_of_birth(province):
    with pytest.raises(PatronRefused) as refused:
        _issue(province["school"], category=category("pupil"), birth_date=None)
    assert refused.value.code == "birth_date_required"


def test_a_pupil_card_issued_at_a_school_belongs_to_that_school_until_the_end_of_may(province):
    patron = _issue(
        province["school"],
        full_name="Lê Minh Khoa",
        category=category("pupil"),
        birth_date=dt.date(2013, 4, 1),
        school_class="lớp 7b",
    )
    assert patron.school == province["school"]
    assert patron.school_class == "7B"
    assert patron.card_valid_until == dt.date(2026, 5, 31)


def test_a_pre_printed_card_number_is_kept_in_capitals_and_must_be_free(province):
    patron = _issue(province["commune"], card_number=" tl-0001 ")
    assert patron.card_number == "TL-0001"
    with pytest.raises(PatronRefused) as refused:
        _issue(province["commune"], full_name="Trần Văn Nam", card_number="TL-0001")
    assert refused.value.code == "card_number_taken"


def test_consents_given_at_the_desk_are_recorded_for_a_child(minh, province):
    patron = _issue(
        province["commune"],
        full_name="Phạm Văn Bình",
        category=category("child"),
        birth_date=dt.date(2014, 2, 10),
        by=minh.user,
        consents=[
            ConsentGiven(ConsentRole.READER),
            ConsentGiven(ConsentRole.GUARDIAN, "Phạm Văn Tùng"),
        ],
    )
    consents = selectors.consents_of(patron)
    assert [(c.given_by, c.giver_name) for c in consents] == [
        ("reader", "Phạm Văn Bình"),
        ("guardian", "Phạm Văn Tùng"),
    ]
    assert consents[0].recorded_by == minh.user
    assert selectors.missing_consents(patron=patron, on=TODAY) == []


def test_a_child_of_twelve_with_only_a_parents_consent_still_misses_his_own(binh):
    binh.consents.all().delete()
    services.record_consent(
        patron=binh, given_by=ConsentRole.GUARDIAN, giver_name="Phạm Thị Mai", by=None, at=NOW
    )
    assert selectors.missing_consents(patron=binh, on=TODAY) == [ConsentRole.READER]


def test_a_guardian_consent_needs_the_guardians_name(binh):
    with pytest.raises(PatronRefused) as refused:
        services.record_consent(patron=binh, given_by=ConsentRole.GUARDIAN, by=None)
    assert refused.value.code == "consent_giver_required"


def test_withdrawing_a_consent_keeps_the_record(binh):
    binh.consents.all().delete()
    consent = services.record_consent(patron=binh, given_by=ConsentRole.READER, by=None, at=NOW)
    services.withdraw_consent(consent=consent, by=None, at=NOW + dt.timedelta(days=3))
    consent.refresh_from_db()
    assert consent.withdrawn_at == NOW + dt.timedelta(days=3)
    assert selectors.missing_consents(patron=binh, on=TODAY) == ["reader", "guardian"]
    with pytest.raises(PatronRefused):
        services.withdraw_consent(consent=consent, by=None)


def test_renewing_an_expired_card_starts_a_new_year_today(province):
    patron = PatronFactory(home_library=province["commune"], card_valid_until=dt.date(2025, 6, 30))
    services.renew_card(patron=patron, by=None, at=NOW)
    patron.refresh_from_db()
    assert patron.card_valid_until == dt.date(2027, 3, 1)


def test_renewing_a_pupil_card_runs_to_the_end_of_the_next_school_year(binh):
    binh.card_valid_until = dt.date(2026, 5, 31)
    binh.save()
    renewed = services.renew_card(patron=binh, by=None, at=NOW)
    assert renewed.card_valid_until == dt.date(2027, 5, 31)


def test_blocking_needs_a_reason_and_unblocking_lifts_it(minh, province):
    patron = PatronFactory(home_library=province["commune"])
    with pytest.raises(PatronRefused):
        services.block_patron(patron=patron, reason=" ", by=minh.user)
    services.block_patron(patron=patron, reason="Chưa trả 3 cuốn sách", by=minh.user, at=NOW)
    patron.refresh_from_db()
    assert (patron.status, patron.blocked_reason) == (PatronStatus.BLOCKED, "Chưa trả 3 cuốn sách")
    with pytest.raises(PatronRefused) as refused:
        services.block_patron(patron=patron, reason="again", by=minh.user)
    assert refused.value.code == "already_blocked"
    services.unblock_patron(patron=patron, by=minh.user, at=NOW)
    patron.refresh_from_db()
    assert (patron.status, patron.blocked_reason) == (PatronStatus.ACTIVE, "")
    with pytest.raises(PatronRefused):
        services.unblock_patron(patron=patron, by=minh.user)
    actions = list(audit.entries_for(patron).values_list("action", flat=True))
    assert sorted(actions) == ["patron.block", "patron.unblock"]


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12 34", ""])
def test_a_pin_is_4_to_12_characters_without_spaces(binh, pin):
    with pytest.raises(PatronRefused) as refused:
        services.set_pin(patron=binh, pin=pin, by=None)
    assert refused.value.code == "invalid_pin"


def test_a_reader_logs_in_with_card_number_and_pin(binh):
    services.set_pin(patron=binh, pin="1234", by=None, at=NOW)
    binh.refresh_from_db()
    assert binh.pin_hash
    # Stored as a salted hash, never as the PIN (a digest may contain "1234" by chance).
    assert identify_hasher(binh.pin_hash)
    assert binh.pin_hash != "1234"
    assert services.authenticate_reader(card_number=" hs2026000123 ", pin="1234") == binh
    assert services.authenticate_reader(card_number="HS2026000123", pin="4321") is None
    assert services.authenticate_reader(card_number="HS2026999999", pin="1234") is None
    assert services.authenticate_reader(card_number="", pin="1234") is None


def test_a_reader_without_a_pin_or_with_a_blocked_card_cannot_log_in(binh):
    assert services.authenticate_reader(card_number="HS2026000123", pin="") is None
    services.set_pin(patron=binh, pin="1234", by=None)
    services.block_patron(patron=binh, reason="Làm mất sách", by=None)
    assert services.authenticate_reader(card_number="HS2026000123", pin="1234") is None


def test_a_reader_with_an_expired_card_can_still_log_in_to_see_loans(binh):
    services.set_pin(patron=binh, pin="1234", by=None)
    Patron.objects.filter(pk=binh.pk).update(card_valid_until=dt.date(2020, 5, 31))
    assert services.authenticate_reader(card_number="HS2026000123", pin="1234") == binh


def test_noting_a_library_use_links_the_reader_once(binh, province):
    services.note_library_use(patron=binh, library=province["provincial"], at=NOW)
    services.note_library_use(patron=binh, library=province["provincial"], at=NOW)
    assert PatronLibrary.objects.filter(patron=binh, library=province["provincial"]).count() == 1


def test_change_class_moves_a_pupil_and_brings_a_leaver_back(binh):
    Patron.objects.filter(pk=binh.pk).update(left_school_on=dt.date(2026, 6, 1))
    services.change_class(patron=binh, school_class="8a", by=None, at=NOW)
    binh.refresh_from_db()
    assert (binh.school_class, binh.left_school_on) == ("8A", None)


@pytest.fixture
def binh_loans(binh, province):
    """One returned and one open loan of Bình at the commune, and a collected hold."""
    item = ItemFactory(home_library=province["commune"], status=ItemStatus.ON_LOAN)
    other = ItemFactory(home_library=province["commune"])
    returned = Loan.objects.create(
        item=other,
        patron=binh,
        library=province["commune"],
        status=LoanStatus.RETURNED,
        loaned_at=NOW - dt.timedelta(days=30),
        due_on=TODAY - dt.timedelta(days=16),
        closed_at=NOW - dt.timedelta(days=20),
    )
    open_loan = Loan.objects.create(
        item=item, patron=binh, library=province["commune"], loaned_at=NOW, due_on=TODAY
    )
    Hold.objects.create(
        bib=BibRecordFactory(),
        patron=binh,
        pickup_library=province["commune"],
        status="fulfilled",
        placed_at=NOW - dt.timedelta(days=40),
        closed_at=NOW - dt.timedelta(days=30),
    )
    return returned, open_loan


def test_export_holds_everything_about_one_reader(binh, binh_loans, minh):
    binh.consents.all().delete()
    services.record_consent(patron=binh, given_by="reader", by=None, at=NOW)
    data = services.export_patron_data(patron=binh, by=minh.user, at=NOW)
    assert data["profile"]["full_name"] == "Phạm Văn Bình"
    assert data["profile"]["birth_date"] == "2014-02-10"
    assert data["card"]["card_number"] == "HS2026000123"
    assert {row["library"] for row in data["libraries_used"]} == {
        "Thư viện Trường THCS Tân Lập",
        "Thư viện xã Tân Lập",
    }
    assert [row["given_by"] for row in data["consents"]] == ["reader"]
    assert len(data["loans"]) == 2
    assert data["loans"][0]["title"]
    assert data["holds"][0]["status"] == "fulfilled"
    assert audit.entries_for(binh).filter(action="patron.export", actor=minh.user).exists()


def test_erasing_is_refused_while_items_are_on_loan(binh, binh_loans):
    with pytest.raises(PatronRefused) as refused:
        services.erase_patron(patron=binh, by=None)
    assert refused.value.code == "open_loans"
    assert refused.value.params == {"count": 1}


def test_erasing_blanks_personal_data_and_keeps_the_loans(binh, binh_loans):
    _returned, open_loan = binh_loans
    Loan.objects.filter(pk=open_loan.pk).update(closed_at=NOW, status=LoanStatus.RETURNED)
    binh.consents.all().delete()
    services.record_consent(
        patron=binh, given_by="guardian", giver_name="Phạm Thị Mai", by=None, at=NOW
    )
    services.set_pin(patron=binh, pin="1234", by=None)
    erased = services.erase_patron(patron=binh, by=None, at=NOW, reason="Phụ huynh yêu cầu")
    erased.refresh_from_db()
    assert erased.status == PatronStatus.ERASED
    assert erased.erased_at == NOW
    assert erased.card_number.startswith("ERASED-")
    assert erased.card_number != "HS2026000123"
    for field in ("full_name", "name_folded", "phone", "email", "address", "pin_hash"):
        assert getattr(erased, field) == ""
    assert erased.birth_date is None
    assert erased.category.code == "pupil"  # kept for statistics
    assert Loan.objects.filter(patron=erased).count() == 2
    assert erased.consents.get().giver_name == ""
    assert erased.consents.get().withdrawn_at == NOW
    assert services.authenticate_reader(card_number="HS2026000123", pin="1234") is None
    logged = " ".join(
        str(entry.before) + str(entry.after) + entry.note
        for entry in AuditEntry.objects.filter(subject_id=str(binh.pk))
    )
    assert "Bình" not in logged
    assert "Mai" not in logged
    with pytest.raises(CardRefused):
        services.erase_patron(patron=erased, by=None)


def test_a_card_is_honoured_at_home_always_and_elsewhere_only_in_a_joint_card_area(province):
    patron = PatronFactory(home_library=province["commune"])
    assert selectors.card_honoured_at(patron=patron, library=province["commune"], on=TODAY)
    assert not selectors.card_honoured_at(patron=patron, library=province["provincial"], on=TODAY)
    JointCardArea.objects.create(library=province["provincial"], since=dt.date(2026, 6, 1))
    assert not selectors.card_honoured_at(patron=patron, library=province["provincial"], on=TODAY)
    assert selectors.card_honoured_at(
        patron=patron, library=province["provincial"], on=dt.date(2026, 6, 1)
    )
    # The school is outside the provincial library's subtree.
    assert not selectors.card_honoured_at(
        patron=patron, library=province["school"], on=dt.date(2026, 6, 1)
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_desks_issuing_at_once_get_different_card_numbers(province):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    errors: list[Exception] = []
    numbers: list[str] = []
    barrier = threading.Barrier(4)

    def desk(index: int) -> None:
        try:
            barrier.wait()
            patron = _issue(province["commune"], full_name=f"Trần Văn Nam {index}", phone="")
            numbers.append(patron.card_number)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=desk, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [f"TANLAP2026{n:06d}" for n in range(1, 5)]
