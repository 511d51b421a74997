"""Donations through their services: each donated book counted once as received, once as a
copy added when catalogued, and once as passed on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from libnet.catalog import services as catalog_services
from libnet.catalog.models import Item, ItemSource
from libnet.core import clock
from libnet.core.validation import DateOutOfRange
from libnet.donations import selectors, services
from libnet.donations.errors import DonationInvalid, DonationRefused
from libnet.donations.models import DonationLine
from libnet.donations.services import NewLine
from libnet.stats.models import DailyStat
from tests.donations.conftest import ISBN13


def figures(library) -> dict[str, int]:
    """Every daily figure of `library`, summed by indicator."""
    totals: dict[str, int] = {}
    for indicator, value in DailyStat.objects.filter(library=library).values_list(
        "indicator", "value"
    ):
        totals[indicator] = totals.get(indicator, 0) + value
    return {code: value for code, value in totals.items() if value}


def test_a_donation_gets_a_receipt_number_and_its_lines_find_the_record_by_isbn(
    donation, de_men, received_on
):
    assert donation.receipt_number == f"BN-{received_on.year}-0001"
    by_isbn, typed = donation.lines.all()
    assert (by_isbn.bib, by_isbn.title, by_isbn.isbn) == (de_men, "Dế Mèn phiêu lưu ký", ISBN13)
    assert (typed.bib, typed.title, typed.isbn) == (None, "Truyện cổ tích Việt Nam", "")


def test_donated_books_are_counted_when_received_and_not_yet_as_copies_added(province, donation):
    assert figures(province["provincial"]) == {"donated_items_received": 8}


def test_a_donated_book_is_counted_once_as_received_and_once_as_a_copy_when_catalogued(
    province, lan, donation, register
):
    """Cataloguing adds copies (items_added, titles_added) without counting the books
    received again, and the copies join the donation's intake batch with source donation."""
    line = donation.lines.get(isbn=ISBN13)
    copies = services.catalogue_donated_copies(line=line, copies=2, by=lan.user)
    services.catalogue_donated_copies(line=line, copies=1, by=lan.user)
    donation.refresh_from_db()
    batch = donation.intake_batch
    assert batch is not None
    assert (batch.source, batch.document_number, batch.received_on) == (
        ItemSource.DONATION,
        donation.receipt_number,
        donation.received_on,
    )
    assert Item.objects.filter(intake_batch=batch).count() == 3
    assert {copy.source for copy in copies} == {ItemSource.DONATION}
    assert copies[0].price_vnd == 50_000  # the line's value shared among its copies
    assert figures(province["provincial"]) == {
        "donated_items_received": 8,
        "items_added": 3,
        "items_added_donation": 3,  # by source (catalog)
        "titles_added": 1,
        "titles_added_donation": 1,
    }
    with pytest.raises(DonationRefused) as refused:
        services.catalogue_donated_copies(line=line, copies=1, by=lan.user)
    assert refused.value.code == "too_many_copies"
    assert Item.objects.filter(intake_batch=batch).count() == 3


def test_the_figures_rebuilt_from_the_tables_equal_the_figures_counted_live(
    province, lan, donation, register
):
    line = donation.lines.get(isbn=ISBN13)
    services.catalogue_donated_copies(line=line, copies=2, by=lan.user)
    typed = donation.lines.get(isbn="")
    services.pass_on_donated_books(
        library=province["provincial"],
        destination=province["commune"],
        given_on=donation.received_on,
        lines=[(typed, 4)],
        by=lan.user,
    )
    live = figures(province["provincial"])
    assert live == {
        "donated_items_received": 8,
        "donated_items_passed_on": 4,
        "items_added": 2,
        "items_added_donation": 2,  # by source (catalog)
        "titles_added": 1,
        "titles_added_donation": 1,
    }
    call_command("rebuild_stats", stdout=None)
    assert figures(province["provincial"]) == live
    assert figures(province["commune"]) == {}


def test_a_line_without_a_record_is_catalogued_once_a_record_is_chosen(
    province, lan, donation, register, de_men
):
    typed = donation.lines.get(isbn="")
    with pytest.raises(DonationRefused) as refused:
        services.catalogue_donated_copies(line=typed, copies=1, by=lan.user)
    assert refused.value.code == "no_record"
    services.catalogue_donated_copies(line=typed, copies=1, by=lan.user, bib=de_men)
    typed.refresh_from_db()
    assert (typed.bib, typed.catalogued) == (de_men, 1)


def test_copies_passed_on_cannot_be_catalogued_too(province, lan, donation, register):
    line = donation.lines.get(isbn=ISBN13)
    services.pass_on_donated_books(
        library=province["provincial"],
        destination=province["commune"],
        given_on=clock.today(),
        lines=[(line, 2)],
        by=lan.user,
    )
    with pytest.raises(DonationRefused) as refused:
        services.catalogue_donated_copies(line=line, copies=2, by=lan.user)
    assert refused.value.code == "too_many_copies"
    assert refused.value.params["remaining"] == 1
    line.refresh_from_db()
    assert (line.catalogued, line.passed_on, line.remaining) == (0, 2, 1)


@pytest.mark.parametrize(
    ("destination", "copies", "code"),
    [
        ("provincial", 1, "same_library"),
        ("school", 1, "not_below"),  # schools answer to the Department of Education
        ("commune", 6, "too_many_copies"),
        ("commune", 0, "nothing_to_pass_on"),
    ],
)
def test_passing_on_is_refused_with_nothing_written(
    province, lan, donation, destination, copies, code
):
    typed = donation.lines.get(isbn="")
    with pytest.raises(DonationRefused) as refused:
        services.pass_on_donated_books(
            library=province["provincial"],
            destination=province[destination],
            given_on=clock.today(),
            lines=[(typed, copies)],
            by=lan.user,
        )
    assert refused.value.code == code
    typed.refresh_from_db()
    assert typed.passed_on == 0
    assert "donated_items_passed_on" not in figures(province["provincial"])


def test_books_cannot_be_passed_on_before_they_were_received(province, lan, donation):
    typed = donation.lines.get(isbn="")
    with pytest.raises(DonationRefused) as refused:
        services.pass_on_donated_books(
            library=province["provincial"],
            destination=province["commune"],
            given_on=donation.received_on - dt.timedelta(days=1),
            lines=[(typed, 1)],
            by=lan.user,
        )
    assert refused.value.code == "before_received"


def test_the_commune_records_a_donation_for_the_provinces_drive(province, minh, drive, received_on):
    donor = services.record_donor(
        library=province["commune"],
        kind="class",
        name="Lớp 7A",
        school_class="THCS Tân Lập",
        by=minh.user,
    )
    donation = services.record_donation(
        library=province["commune"],
        donor=donor,
        drive=drive,
        received_on=received_on,
        lines=[NewLine(copies=12, title="Sách giáo khoa cũ lớp 6")],
        by=minh.user,
    )
    assert donation.receipt_number == f"BN-{received_on.year}-0001"
    assert selectors.drive_progress([drive])[drive.pk].books == 12
    assert figures(province["commune"]) == {"donated_items_received": 12}


def test_a_drive_of_another_library_or_out_of_its_period_is_refused(
    province, an, lan, drive, donor, received_on
):
    school_donor = services.record_donor(
        library=province["school"], kind="person", name="Lê Văn Tâm", by=an.user
    )
    with pytest.raises(DonationRefused) as refused:
        services.record_donation(
            library=province["school"],
            donor=school_donor,
            drive=drive,
            received_on=received_on,
            lines=[NewLine(copies=1, title="Sách")],
            by=an.user,
        )
    assert refused.value.code == "drive_not_open_here"
    with pytest.raises(DonationRefused) as refused:
        services.record_donation(
            library=province["provincial"],
            donor=donor,
            drive=drive,
            received_on=drive.starts_on - dt.timedelta(days=1),
            lines=[NewLine(copies=1, title="Sách")],
            by=lan.user,
        )
    assert refused.value.code == "outside_drive_period"
    with pytest.raises(DonationRefused) as refused:
        services.record_donation(
            library=province["provincial"],
            donor=school_donor,
            received_on=received_on,
            lines=[NewLine(copies=1, title="Sách")],
            by=lan.user,
        )
    assert refused.value.code == "donor_of_other_library"
    assert DonationLine.objects.count() == 0


@pytest.mark.parametrize(
    ("line", "code"),
    [
        (NewLine(copies=1, isbn="978-604-1-00001-4"), "bad_isbn"),
        (NewLine(copies=1), "line_title_required"),
        (NewLine(copies=0, title="Sách"), "bad_copies"),
        (NewLine(copies=1, title="Sách", value_vnd=-1), "bad_value"),
        (NewLine(copies=1, title="Sách", condition="burnt"), "bad_condition"),
    ],
)
def test_a_bad_line_refuses_the_whole_donation(province, lan, donor, received_on, line, code):
    with pytest.raises(DonationInvalid) as refused:
        services.record_donation(
            library=province["provincial"],
            donor=donor,
            received_on=received_on,
            lines=[NewLine(copies=2, title="Truyện Kiều"), line],
            by=lan.user,
        )
    assert refused.value.code == code
    assert DonationLine.objects.count() == 0
    assert figures(province["provincial"]) == {}


def test_a_donation_in_the_future_is_refused(province, lan, donor):
    with pytest.raises(DateOutOfRange):
        services.record_donation(
            library=province["provincial"],
            donor=donor,
            received_on=clock.today() + dt.timedelta(days=1),
            lines=[NewLine(copies=1, title="Sách")],
            by=lan.user,
        )


def test_receipt_numbers_follow_each_other_within_a_library_and_year(
    province, lan, donor, received_on
):
    numbers = [
        services.record_donation(
            library=province["provincial"],
            donor=donor,
            received_on=received_on,
            lines=[NewLine(copies=1, title="Sách")],
            by=lan.user,
        ).receipt_number
        for _ in range(3)
    ]
    assert numbers == [f"BN-{received_on.year}-{n:04d}" for n in (1, 2, 3)]


def test_a_record_deleted_from_the_catalogue_leaves_the_donated_title_on_record(
    province, lan, donation, de_men
):
    """The union catalogue may delete a record without copies; the gift keeps its title."""
    catalog_services.delete_record(bib=de_men, by=lan.user, library=province["provincial"])
    line = donation.lines.get(isbn=ISBN13)
    assert (line.bib, line.title, line.copies) == (None, "Dế Mèn phiêu lưu ký", 3)


def test_the_progress_of_any_number_of_drives_is_read_in_two_queries(
    province, lan, drive, donation, django_assert_num_queries
):
    other = services.open_drive(
        library=province["provincial"],
        title="Tủ sách cho vùng cao",
        starts_on=drive.starts_on,
        ends_on=drive.ends_on,
        goal_books=40,
        goal_vnd=1_000_000,
        by=lan.user,
    )
    with django_assert_num_queries(2):
        progress = selectors.drive_progress([drive, other])
    assert (progress[drive.pk].books, progress[drive.pk].percent) == (8, 8)
    assert (progress[other.pk].books, progress[other.pk].money_percent) == (0, 0)


def test_the_years_summary_is_read_in_three_queries(province, donation, django_assert_num_queries):
    with django_assert_num_queries(3):
        summary = selectors.year_summary([province["provincial"].pk], donation.received_on.year)
    assert (summary.donations, summary.books_received, summary.catalogued) == (1, 8, 0)
