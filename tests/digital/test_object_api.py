"""`GET /api/v1/digital/objects?record=&library=`: what a reader, a program or staff may list."""

from __future__ import annotations

import pytest

from libnet.core import tokens
from libnet.digital.models import Access, ReadingRoomNetwork
from tests.digital.iiif_pages import add_object, digital_dir, page_picture
from tests.factories import BibRecordFactory

__all__ = ["digital_dir"]

URL = "/api/v1/digital/objects"


@pytest.fixture
def objects(digital_dir, province):
    record = BibRecordFactory(title="Địa chí Sông Lam")
    return {
        "public": add_object(
            province["provincial"],
            title="Địa chí Sông Lam",
            record=record,
            pages=[page_picture(400, 600), page_picture(400, 600)],
        ),
        "on_site": add_object(province["provincial"], title="Sắc phong", access=Access.ON_SITE),
        "draft": add_object(province["commune"], title="Bản nháp của xã", access=Access.STAFF),
        "school": add_object(province["school"], title="Kỷ yếu trường", access=Access.STAFF),
    }


def _titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {entry["title"] for entry in response.json()}


def test_anyone_lists_the_public_objects_with_their_manifest(client, objects, province):
    response = client.get(URL)
    assert _titles(response) == {"Địa chí Sông Lam"}
    (entry,) = response.json()
    public = objects["public"]
    assert entry == {
        "id": public.pk,
        "title": "Địa chí Sông Lam",
        "pages": 2,
        "access": "public",
        "library": province["provincial"].code,
        "record": public.record_id,
        "manifest": f"http://testserver/iiif/{public.pk}/manifest",
    }
    assert client.get(entry["manifest"].removeprefix("http://testserver")).status_code == 200


def test_the_reading_room_also_lists_its_on_site_objects(client, objects, province):
    ReadingRoomNetwork.objects.create(library=province["provincial"], network="10.1.0.0/16")
    assert _titles(client.get(URL, REMOTE_ADDR="10.1.2.3")) == {"Địa chí Sông Lam", "Sắc phong"}


def test_staff_also_list_the_objects_of_their_libraries(client, objects, lan, minh):
    client.force_login(minh.user)
    assert _titles(client.get(URL)) == {"Địa chí Sông Lam", "Bản nháp của xã"}
    client.force_login(lan.user)  # the provincial library, and the commune beneath it
    assert _titles(client.get(URL)) == {
        "Địa chí Sông Lam",
        "Sắc phong",
        "Bản nháp của xã",
    }


def test_staff_of_another_library_do_not_see_its_staff_objects(client, objects, an, province):
    """The school librarian sees the school's draft, not the commune's: it does not exist for her."""
    client.force_login(an.user)
    assert _titles(client.get(URL)) == {"Địa chí Sông Lam", "Kỷ yếu trường"}
    assert _titles(client.get(URL, {"library": province["commune"].code})) == set()


def test_a_program_with_a_staff_token_sees_what_its_user_sees(client, objects, minh):
    headers = {"Authorization": f"Bearer {tokens.create_api_token(user=minh.user)}"}
    assert "Bản nháp của xã" in _titles(client.get(URL, headers=headers))
    wrong = {"Authorization": "Bearer lnt_not-a-token"}
    assert _titles(client.get(URL, headers=wrong)) == {"Địa chí Sông Lam"}


def test_objects_are_filtered_by_record_and_by_library(client, objects, province, lan):
    record_id = objects["public"].record_id
    assert _titles(client.get(URL, {"record": record_id})) == {"Địa chí Sông Lam"}
    other_record = BibRecordFactory(title="Không có bản số")
    assert _titles(client.get(URL, {"record": other_record.pk})) == set()
    client.force_login(lan.user)
    code = province["commune"].code.lower()  # codes are read in their normal form
    assert _titles(client.get(URL, {"library": code})) == {"Bản nháp của xã"}


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ({"record": "999999"}, 404, "record_not_found"),
        ({"library": "NO-SUCH"}, 404, "library_not_found"),
        ({"record": "abc"}, 422, "invalid_request"),
        ({"record": "0"}, 422, "invalid_request"),
        ({"page_size": "0"}, 422, "invalid_request"),
    ],
)
def test_bad_filters_are_refused_with_a_code_and_a_message(client, objects, query, status, code):
    response = client.get(URL, query)
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["message"]


def test_pages_of_the_list(client, digital_dir, province):
    for number in range(3):
        add_object(province["provincial"], title=f"Tờ báo số {number}")
    first = client.get(URL, {"page_size": 2}).json()
    second = client.get(URL, {"page_size": 2, "page": 2}).json()
    assert [entry["title"] for entry in first] == ["Tờ báo số 2", "Tờ báo số 1"]
    assert [entry["title"] for entry in second] == ["Tờ báo số 0"]
