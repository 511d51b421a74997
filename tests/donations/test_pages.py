"""The donation pages as staff use them; another library's donations do not exist for them."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse

from libnet.catalog.models import Item
from libnet.core import clock
from libnet.donations import selectors, services
from libnet.donations.models import Donation, DonationLine, Donor, Drive, OnwardGift
from tests.donations.conftest import ISBN, ISBN13
from tests.donations.test_services import figures


def _donation_post(library, donor, drive, received_on, lines):
    data = {
        "library": library.code,
        "donor": donor.pk,
        "drive": drive.pk if drive else "",
        "received_on": received_on.isoformat(),
        "money_vnd": "",
        "note": "",
        "lines-TOTAL_FORMS": "6",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "6",
    }
    for number in range(6):
        title, isbn, copies = lines[number] if number < len(lines) else ("", "", "")
        data.update(
            {
                f"lines-{number}-title": title,
                f"lines-{number}-isbn": isbn,
                f"lines-{number}-copies": str(copies),
                f"lines-{number}-value_vnd": "",
                f"lines-{number}-condition": "good",
            }
        )
    return data


def test_lan_records_a_donation_for_the_drive_through_the_page(
    client, province, lan, donor, drive, de_men, received_on
):
    client.force_login(lan.user)
    page = client.get(reverse("donations:donation_new"))
    assert page.status_code == 200
    response = client.post(
        reverse("donations:donation_new"),
        _donation_post(
            province["provincial"],
            donor,
            drive,
            received_on,
            [("", ISBN, 2), ("Truyện cổ tích Việt Nam", "", 4)],
        ),
    )
    donation = Donation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("donations:donation", args=[donation.pk])
    assert [(line.bib, line.copies) for line in donation.lines.all()] == [(de_men, 2), (None, 4)]
    assert figures(province["provincial"]) == {"donated_items_received": 6}
    detail = client.get(response["Location"])
    assert "Dế Mèn phiêu lưu ký" in detail.content.decode()
    assert "0912 345 678" in detail.content.decode()  # Lan's library recorded the donor


def test_a_bad_isbn_on_the_page_is_refused_with_its_message_and_nothing_written(
    client, province, lan, donor, received_on
):
    client.force_login(lan.user)
    response = client.post(
        reverse("donations:donation_new"),
        _donation_post(
            province["provincial"], donor, None, received_on, [("", "978-604-1-00001-4", 2)]
        ),
    )
    assert response.status_code == 400
    assert "không phải là ISBN hợp lệ" in response.content.decode()
    assert not Donation.objects.exists()
    assert figures(province["provincial"]) == {}


def test_lan_catalogues_donated_copies_from_the_donation_page(
    client, province, lan, donation, register
):
    client.force_login(lan.user)
    line = donation.lines.get(isbn=ISBN13)
    response = client.post(
        reverse("donations:catalogue", args=[donation.pk, line.pk]),
        {f"catalogue-{line.pk}-copies": "2", f"catalogue-{line.pk}-record": ""},
    )
    assert response.status_code == 302
    donation.refresh_from_db()
    assert Item.objects.filter(intake_batch=donation.intake_batch).count() == 2
    assert figures(province["provincial"])["items_added"] == 2


def test_cataloguing_more_copies_than_are_left_is_refused_on_the_page(
    client, province, lan, donation, register
):
    client.force_login(lan.user)
    line = donation.lines.get(isbn=ISBN13)
    response = client.post(
        reverse("donations:catalogue", args=[donation.pk, line.pk]),
        {f"catalogue-{line.pk}-copies": "4"},
    )
    assert response.status_code == 400
    assert "Chỉ còn 3 bản" in response.content.decode()
    assert not Item.objects.exists()


def test_lan_passes_books_on_to_the_commune_library(client, province, lan, donation):
    client.force_login(lan.user)
    typed = donation.lines.get(isbn="")
    response = client.post(
        reverse("donations:pass_on", args=[donation.pk]),
        {
            "destination": province["commune"].code,
            "given_on": donation.received_on.isoformat(),
            f"line_{typed.pk}": "5",
        },
    )
    assert response.status_code == 302
    gift = OnwardGift.objects.get()
    assert (gift.destination, gift.lines.get().copies) == (province["commune"], 5)
    assert figures(province["provincial"])["donated_items_passed_on"] == 5


def test_passing_on_more_than_is_left_is_refused_on_the_page(client, province, lan, donation):
    client.force_login(lan.user)
    typed = donation.lines.get(isbn="")
    response = client.post(
        reverse("donations:pass_on", args=[donation.pk]),
        {
            "destination": province["commune"].code,
            "given_on": donation.received_on.isoformat(),
            f"line_{typed.pk}": "6",
        },
    )
    assert response.status_code == 400
    assert "Chỉ còn 5 bản" in response.content.decode()
    assert not OnwardGift.objects.exists()


def test_the_receipt_is_a_pdf_with_the_heading_the_donor_and_the_titles(client, lan, donation):
    client.force_login(lan.user)
    response = client.get(reverse("donations:receipt", args=[donation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "THƯ VIỆN TỈNH SÔNG LAM",
        "GIẤY BIÊN NHẬN VÀ THƯ CẢM ƠN",
        donation.receipt_number,
        "Gia đình ông Nguyễn Văn Đức",
        "Dế Mèn phiêu lưu ký",
        "Truyện cổ tích Việt Nam",
        "350.000",
    ):
        assert expected in text, expected
    assert "0912 345 678" not in text  # the contact stays in the library


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("donations:donation", "donation"),
        ("donations:receipt", "donation"),
    ],
)
def test_other_library_staff_get_404_for_a_donation(client, minh, an, donation, name, args):
    for persona in (minh, an):
        client.force_login(persona.user)
        assert client.get(reverse(name, args=[donation.pk])).status_code == 404


def test_other_library_staff_cannot_catalogue_or_pass_on_a_donation(
    client, province, minh, donation, register
):
    client.force_login(minh.user)
    line = donation.lines.first()
    catalogue = client.post(
        reverse("donations:catalogue", args=[donation.pk, line.pk]),
        {f"catalogue-{line.pk}-copies": "1"},
    )
    pass_on = client.post(
        reverse("donations:pass_on", args=[donation.pk]),
        {
            "destination": province["commune"].code,
            "given_on": donation.received_on.isoformat(),
            f"line_{line.pk}": "1",
        },
    )
    assert (catalogue.status_code, pass_on.status_code) == (404, 404)
    assert not Item.objects.exists()
    assert not OnwardGift.objects.exists()


def test_a_school_librarian_gets_404_for_the_provinces_drive_and_sees_no_donors(
    client, an, drive, donor
):
    client.force_login(an.user)
    assert client.get(reverse("donations:drive", args=[drive.pk])).status_code == 404
    page = client.get(reverse("donations:donors"))
    assert page.status_code == 200
    assert donor.name not in page.content.decode()


def test_the_commune_clerk_sees_the_provinces_drive_but_not_its_donations(
    client, minh, drive, donation
):
    client.force_login(minh.user)
    page = client.get(reverse("donations:drive", args=[drive.pk]))
    assert page.status_code == 200
    assert donation.receipt_number not in page.content.decode()
    index = client.get(reverse("donations:index"))
    assert drive.title in index.content.decode()
    assert donation.receipt_number not in index.content.decode()


def test_the_department_officer_sees_the_drives_progress_and_no_donor(client, chi, drive, donation):
    client.force_login(chi.user)
    index = client.get(reverse("donations:index"))
    assert index.status_code == 200
    assert drive.title in index.content.decode()
    assert "Gia đình ông Nguyễn Văn Đức" not in index.content.decode()
    assert client.get(reverse("donations:donors")).status_code == 403
    assert client.get(reverse("donations:donation", args=[donation.pk])).status_code == 404


def test_a_drive_and_a_donor_are_added_through_their_pages(client, province, minh, received_on):
    client.force_login(minh.user)
    response = client.post(
        reverse("donations:drive_new"),
        {
            "library": province["commune"].code,
            "title": "Tủ sách cho em",
            "starts_on": received_on.isoformat(),
            "ends_on": received_on.isoformat(),
            "goal_books": "50",
        },
    )
    assert response.status_code == 302
    assert Drive.objects.get().library == province["commune"]
    response = client.post(
        reverse("donations:donors"),
        {
            "library": province["commune"].code,
            "kind": "class",
            "name": "Lớp 5B",
            "school_class": "Tiểu học Tân Lập",
        },
    )
    assert response.status_code == 302
    assert Donor.objects.get().name == "Lớp 5B"


def test_a_drive_ending_before_it_starts_is_refused_on_the_page(
    client, province, minh, received_on
):
    client.force_login(minh.user)
    response = client.post(
        reverse("donations:drive_new"),
        {
            "library": province["commune"].code,
            "title": "Tủ sách cho em",
            "starts_on": received_on.isoformat(),
            "ends_on": "2020-01-01",
            "goal_books": "50",
        },
    )
    assert response.status_code == 400
    assert not Drive.objects.exists()
    assert not DonationLine.objects.exists()


def test_the_donations_page_sums_up_the_year_of_the_users_libraries(
    client, province, lan, minh, donation, register
):
    line = donation.lines.get(isbn=ISBN13)
    services.catalogue_donated_copies(line=line, copies=2, by=lan.user)
    client.force_login(lan.user)
    page = client.get(reverse("donations:index"))
    year = donation.received_on.year
    assert page.context["year"] == clock.today().year
    assert selectors.year_summary([province["provincial"].pk], year) == selectors.YearSummary(
        donations=1, books_received=8, catalogued=2, passed_on=0
    )
    assert selectors.year_summary([province["provincial"].pk], year - 1).donations == 0
    client.force_login(minh.user)
    assert client.get(reverse("donations:index")).context["summary"].books_received == 0
