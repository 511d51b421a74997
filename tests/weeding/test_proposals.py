"""The copies the data proposes for weeding, each with the criterion it meets."""

from __future__ import annotations

import datetime as dt

from libnet.catalog import services as catalog_services
from libnet.catalog.models import ItemStatus, ItemType
from libnet.weeding import selectors, services
from tests.factories import NOW, BibRecordFactory, ItemFactory, LoanFactory
from tests.weeding.conftest import copies

TODAY = dt.date(2026, 3, 2)


def proposed(library) -> dict[str, str]:
    return {p.barcode: p.criterion for p in selectors.proposals(library, today=TODAY)}


def test_the_copies_past_four_of_a_title_are_proposed_as_surplus(provincial):
    six = copies(provincial, 6, prefix="SU")
    # the copies used most recently are kept
    LoanFactory(item=six[5], loaned_at=NOW - dt.timedelta(days=3), closed_at=NOW)
    found = proposed(provincial)
    assert set(found) == {"SU04", "SU05"}
    assert set(found.values()) == {"surplus"}


def test_a_school_library_never_has_surplus_copies(school):
    copies(school, 7, prefix="SC")
    assert proposed(school) == {}


def test_the_third_copy_of_a_serial_issue_is_surplus(provincial):
    issue = BibRecordFactory(title="Tạp chí Văn nghệ Sông Lam số 3/2026")
    for number in range(1, 4):
        ItemFactory(
            bib=issue,
            home_library=provincial,
            barcode=f"TC{number}",
            item_type=ItemType.PERIODICAL,
            acquired_on=dt.date(2026, 2, 1),
        )
    assert proposed(provincial) == {"TC3": "surplus"}


def test_a_popular_serial_two_years_old_is_proposed(provincial):
    ItemFactory(
        home_library=provincial,
        barcode="OLDMAG",
        item_type=ItemType.PERIODICAL,
        acquired_on=dt.date(2024, 1, 10),
    )
    assert proposed(provincial) == {"OLDMAG": "old_serial"}


def test_local_studies_material_is_never_proposed_for_content_form_or_time(provincial, lan):
    local = BibRecordFactory(title="Địa chí Sông Lam", is_local_studies=True)
    ItemFactory(
        bib=local,
        home_library=provincial,
        barcode="DC1",
        item_type=ItemType.PERIODICAL,
        acquired_on=dt.date(2020, 1, 1),
    )
    services.flag_content(library=provincial, bib=local, reason="Lỗi thời", by=lan.user, at=NOW)
    assert proposed(provincial) == {}


def test_a_superseded_textbook_is_proposed(provincial):
    old = BibRecordFactory(title="Toán 6", year=2016)
    BibRecordFactory(title="Toán 6", year=2021)
    ItemFactory(bib=old, home_library=provincial, barcode="SGK1", item_type=ItemType.TEXTBOOK)
    current = BibRecordFactory(title="Ngữ văn 6", year=2021)
    ItemFactory(bib=current, home_library=provincial, barcode="SGK2", item_type=ItemType.TEXTBOOK)
    assert proposed(provincial) == {"SGK1": "superseded_textbook"}


def test_an_uncommon_foreign_language_unused_for_five_years_is_proposed(provincial, settings):
    settings.LIBNET_WEEDING_UNCOMMON_LANGUAGES = ["ger"]
    german = BibRecordFactory(title="Deutsche Grammatik", language="ger")
    ItemFactory(bib=german, home_library=provincial, barcode="DE1", acquired_on=dt.date(2015, 1, 1))
    used = ItemFactory(
        bib=BibRecordFactory(title="Faust", language="ger"),
        home_library=provincial,
        barcode="DE2",
        acquired_on=dt.date(2015, 1, 1),
    )
    LoanFactory(item=used, loaned_at=NOW - dt.timedelta(days=400), closed_at=NOW)
    ItemFactory(
        bib=BibRecordFactory(title="English Grammar", language="eng"),
        home_library=provincial,
        barcode="EN1",
        acquired_on=dt.date(2015, 1, 1),
    )
    assert proposed(provincial) == {"DE1": "unused_foreign"}


def test_a_minority_language_unsuited_here_is_proposed(provincial, settings):
    settings.LIBNET_WEEDING_UNSUITED_MINORITY_LANGUAGES = ["khm"]
    ItemFactory(
        bib=BibRecordFactory(title="Sách tiếng Khmer", language="khm"),
        home_library=provincial,
        barcode="KH1",
    )
    assert proposed(provincial) == {"KH1": "minority_language"}


def test_lost_and_damaged_copies_on_the_weeding_list_are_proposed(provincial, lan):
    lost = ItemFactory(home_library=provincial, barcode="LOST1", status=ItemStatus.LOST)
    damaged = ItemFactory(home_library=provincial, barcode="DMG1", status=ItemStatus.DAMAGED)
    catalog_services.note_weeding_candidate(item=lost, reason="lost", source="test", by=lan.user)
    catalog_services.note_weeding_candidate(
        item=damaged, reason="damaged", source="test", by=lan.user
    )
    assert proposed(provincial) == {"LOST1": "lost", "DMG1": "damaged"}


def test_content_flagged_by_a_cataloguer_is_proposed_until_cleared(provincial, lan):
    record = BibRecordFactory(title="Luật Đất đai 2003")
    ItemFactory(bib=record, home_library=provincial, barcode="LAW1")
    flag = services.flag_content(
        library=provincial, bib=record, reason="Văn bản đã hết hiệu lực", by=lan.user, at=NOW
    )
    assert proposed(provincial) == {"LAW1": "content"}
    services.clear_content_flag(flag=flag, by=lan.user, at=NOW)
    assert proposed(provincial) == {}


def test_copies_on_loan_or_withdrawn_are_not_proposed(provincial):
    copies(provincial, 4, prefix="KE")
    record = BibRecordFactory(title="Bốn bản")
    for number, status in enumerate([ItemStatus.ON_LOAN, ItemStatus.WITHDRAWN] * 2):
        ItemFactory(bib=record, home_library=provincial, barcode=f"X{number}", status=status)
    assert proposed(provincial) == {}
