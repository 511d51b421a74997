"""Who sees a digital object (digital/access.py) and the reading-room networks page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from libnet.digital import access, services
from libnet.digital.models import Access, ReadingRoomNetwork
from tests.digital.core_fixtures import make_object

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(province, lan):
    """One object of each access at the provincial library, whose reading room is 10.1.0.0/16."""
    services.add_network(library=province["provincial"], network="10.1.0.0/16", by=None)
    return {
        kind: make_object(province["provincial"], access=kind, title=kind) for kind in Access.values
    }


def _request(user=None, address="203.0.113.9", forwarded=None):
    headers = {"REMOTE_ADDR": address}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **headers)
    request.user = user or AnonymousUser()
    return request


def _titles(request):
    return sorted(access.visible_objects(request).values_list("title", flat=True))


def test_the_public_sees_public_objects_only(objects):
    assert _titles(_request()) == ["public"]


def test_a_reader_in_the_reading_room_also_sees_on_site_objects(objects):
    assert _titles(_request(address="10.1.20.7")) == ["on_site", "public"]


def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(objects, settings):
    # Without a configured proxy the header is whatever the client wrote.
    settings.NINJA_NUM_PROXIES = 0
    assert _titles(_request(address="198.51.100.1", forwarded="10.1.20.7")) == ["public"]
    # Behind one proxy (nginx), the address it appended is the reader's.
    settings.NINJA_NUM_PROXIES = 1
    assert _titles(_request(address="127.0.0.1", forwarded="10.1.20.7")) == ["on_site", "public"]
    # A reader cannot slip a reading-room address in front of their own.
    assert _titles(_request(address="127.0.0.1", forwarded="10.1.20.7, 198.51.100.1")) == ["public"]


def test_staff_of_the_library_and_above_see_everything_others_see_public(
    objects, lan, minh, province
):
    assert _titles(_request(lan.user)) == ["on_site", "public", "staff"]
    assert _titles(_request(minh.user)) == ["public"]
    commune = make_object(province["commune"], access=Access.STAFF, title="commune draft")
    # Lan covers the province and the libraries below it.
    assert "commune draft" in _titles(_request(lan.user))
    assert access.get_object_for_staff(minh.user, commune.pk) == commune


def test_another_library_reading_room_does_not_open_on_site_objects(objects, province):
    services.add_network(library=province["commune"], network="10.9.0.0/24", by=None)
    assert _titles(_request(address="10.9.0.5")) == ["public"]


def test_a_cataloguer_adds_and_removes_a_reading_room_network(client, lan):
    client.force_login(lan.user)
    url = reverse("digital:networks")
    response = client.post(
        url, {"library": "SL-TVT", "network": "192.168.10.7/24", "note": "Phòng đọc địa chí"}
    )
    assert response.status_code == 302
    row = ReadingRoomNetwork.objects.get()
    assert (row.network, row.note) == ("192.168.10.0/24", "Phòng đọc địa chí")
    page = client.get(url)
    assert "192.168.10.0/24" in page.content.decode()
    response = client.post(reverse("digital:network_remove", args=[row.pk]))
    assert response.status_code == 302
    assert not ReadingRoomNetwork.objects.exists()


@pytest.mark.parametrize(
    ("typed", "code_text"),
    [
        ("192.168.300.0/24", "không phải là địa chỉ mạng"),
        ("phòng đọc", "không phải là địa chỉ mạng"),
        ("10.0.0.0/8", "bao quá nhiều địa chỉ"),
    ],
)
def test_a_bad_network_is_refused_in_vietnamese_and_nothing_is_written(
    client, lan, typed, code_text
):
    client.force_login(lan.user)
    response = client.post(reverse("digital:networks"), {"library": "SL-TVT", "network": typed})
    assert response.status_code == 400
    assert code_text in response.content.decode()
    assert not ReadingRoomNetwork.objects.exists()


def test_a_network_already_there_is_refused(client, lan):
    services.add_network(library=lan.library, network="192.168.10.0/24", by=None)
    client.force_login(lan.user)
    response = client.post(
        reverse("digital:networks"), {"library": "SL-TVT", "network": "192.168.10.1/24"}
    )
    assert response.status_code == 400
    assert "đã có mạng 192.168.10.0/24" in response.content.decode()
    assert ReadingRoomNetwork.objects.count() == 1


def test_another_library_staff_gets_404_for_a_network(client, lan, an):
    row = services.add_network(library=lan.library, network="172.16.77.0/24", by=None)
    client.force_login(an.user)
    # An is the school's administrator: she may digitise for her school, not the province.
    response = client.post(reverse("digital:network_remove", args=[row.pk]))
    assert response.status_code == 404
    assert ReadingRoomNetwork.objects.count() == 1
    response = client.post(
        reverse("digital:networks"), {"library": "SL-TVT", "network": "10.2.0.0/24"}
    )
    assert response.status_code == 400  # the province is not among her choices
    assert ReadingRoomNetwork.objects.count() == 1
    assert "172.16.77.0/24" not in client.get(reverse("digital:networks")).content.decode()
