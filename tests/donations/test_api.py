"""The donation endpoints under /api/v1/donations: shapes, refusals, other-library 404."""

from __future__ import annotations

import pytest

from libnet.catalog.models import Item
from libnet.donations.models import Donation, OnwardGift
from tests.circulation.test_api import bearer, post
from tests.donations.conftest import ISBN, ISBN13
from tests.donations.test_services import figures

URL = "/api/v1/donations"


def test_drives_are_listed_with_their_progress_by_library(
    client, province, lan, minh, an, donation, drive
):
    response = client.get(f"{URL}/drives?library=SL-TVT", headers=bearer(lan))
    assert response.status_code == 200
    [listed] = response.json()
    assert (
        listed["id"],
        listed["library"],
        listed["books"],
        listed["goal_books"],
        listed["percent"],
    ) == (
        drive.pk,
        "SL-TVT",
        8,
        100,
        8,
    )
    # The commune takes part in the province's drive; the school does not.
    assert [row["id"] for row in client.get(f"{URL}/drives", headers=bearer(minh)).json()] == [
        drive.pk
    ]
    assert client.get(f"{URL}/drives", headers=bearer(an)).json() == []
    refused = client.get(f"{URL}/drives?library=SL-TVT", headers=bearer(an))
    assert (refused.status_code, refused.json()["code"]) == (404, "library_not_found")
    assert client.get(f"{URL}/drives/{drive.pk}", headers=bearer(an)).status_code == 404


def test_a_donation_is_posted_and_read_back(
    client, province, lan, donor, drive, de_men, received_on
):
    response = post(
        client,
        lan,
        URL,
        {
            "library": "SL-TVT",
            "donor": donor.pk,
            "drive": drive.pk,
            "received_on": received_on.isoformat(),
            "lines": [
                {"isbn": ISBN, "copies": 2, "value_vnd": 90000, "condition": "new"},
                {"title": "Tuổi thơ dữ dội", "copies": 1},
            ],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["receipt_number"] == f"BN-{received_on.year}-0001"
    assert [
        (line["title"], line["isbn"], line["record"], line["copies"]) for line in body["lines"]
    ] == [
        ("Dế Mèn phiêu lưu ký", ISBN13, de_men.pk, 2),
        ("Tuổi thơ dữ dội", "", None, 1),
    ]
    assert client.get(f"{URL}/{body['id']}", headers=bearer(lan)).json() == body
    assert figures(province["provincial"]) == {"donated_items_received": 3}


@pytest.mark.parametrize(
    ("line", "status", "code"),
    [
        ({"isbn": "978-604-1-00001-4", "copies": 1}, 400, "bad_isbn"),
        ({"copies": 1}, 400, "line_title_required"),
    ],
)
def test_a_refused_donation_answers_its_code_and_writes_nothing(
    client, province, lan, donor, received_on, line, status, code
):
    response = post(
        client,
        lan,
        URL,
        {
            "library": "SL-TVT",
            "donor": donor.pk,
            "received_on": received_on.isoformat(),
            "lines": [line],
        },
    )
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["message"]
    assert not Donation.objects.exists()
    assert figures(province["provincial"]) == {}


def test_another_librarys_donor_or_donation_is_404(
    client, province, minh, an, donor, donation, received_on
):
    response = post(
        client,
        minh,
        URL,
        {
            "library": "SL-TANLAP",
            "donor": donor.pk,
            "received_on": received_on.isoformat(),
            "lines": [{"title": "Sách", "copies": 1}],
        },
    )
    assert (response.status_code, response.json()["code"]) == (404, "donor_not_found")
    for persona in (minh, an):
        assert client.get(f"{URL}/{donation.pk}", headers=bearer(persona)).status_code == 404
        line = donation.lines.first()
        assert (
            post(
                client, persona, f"{URL}/{donation.pk}/lines/{line.pk}/catalogue", {"copies": 1}
            ).status_code
            == 404
        )
        assert (
            post(
                client,
                persona,
                f"{URL}/{donation.pk}/pass-on",
                {
                    "destination": "SL-TANLAP",
                    "given_on": donation.received_on.isoformat(),
                    "lines": [{"line": line.pk, "copies": 1}],
                },
            ).status_code
            == 404
        )
    assert not Item.objects.exists()
    assert not OnwardGift.objects.exists()


def test_donated_copies_are_catalogued_and_passed_on_through_the_api(
    client, province, lan, donation, register
):
    line = donation.lines.get(isbn=ISBN13)
    response = post(client, lan, f"{URL}/{donation.pk}/lines/{line.pk}/catalogue", {"copies": 2})
    assert response.status_code == 201, response.content
    assert len(response.json()["barcodes"]) == 2
    again = post(client, lan, f"{URL}/{donation.pk}/lines/{line.pk}/catalogue", {"copies": 2})
    assert (again.status_code, again.json()["code"]) == (409, "too_many_copies")
    typed = donation.lines.get(isbn="")
    gift = post(
        client,
        lan,
        f"{URL}/{donation.pk}/pass-on",
        {
            "destination": "SL-TANLAP",
            "given_on": donation.received_on.isoformat(),
            "lines": [{"line": typed.pk, "copies": 5}],
        },
    )
    assert gift.status_code == 201, gift.content
    school = post(
        client,
        lan,
        f"{URL}/{donation.pk}/pass-on",
        {
            "destination": "SL-THCS-TANLAP",
            "given_on": donation.received_on.isoformat(),
            "lines": [{"line": line.pk, "copies": 1}],
        },
    )
    assert (school.status_code, school.json()["code"]) == (409, "not_below")
    assert figures(province["provincial"]) == {
        "donated_items_received": 8,
        "items_added": 2,
        "items_added_donation": 2,  # by source (catalog)
        "titles_added": 1,
        "titles_added_donation": 1,
        "donated_items_passed_on": 5,
    }


def test_a_donor_is_added_through_the_api(client, minh):
    response = post(
        client, minh, f"{URL}/donors", {"library": "SL-TANLAP", "kind": "class", "name": "Lớp 9A"}
    )
    assert response.status_code == 201
    refused = post(
        client, minh, f"{URL}/donors", {"library": "SL-TVT", "kind": "class", "name": "Lớp 9A"}
    )
    assert (refused.status_code, refused.json()["code"]) == (404, "library_not_found")
