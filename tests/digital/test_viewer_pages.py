"""Where a reader reads a digital object: on its record's OPAC page, or on /digital/<id> when
it is described in Dublin Core."""

from __future__ import annotations

from libnet.digital.models import Access
from tests.digital.iiif_pages import add_object, digital_dir
from tests.factories import BibRecordFactory

__all__ = ["digital_dir"]


def test_the_record_page_shows_the_viewer_of_a_public_digital_copy(client, digital_dir, province):
    record = BibRecordFactory(title="Hát phường vải")
    digital_object = add_object(province["provincial"], title="Hát phường vải", record=record)
    page = client.get(f"/record/{record.pk}").content.decode()
    assert f'data-manifest="/iiif/{digital_object.pk}/manifest"' in page
    assert "Bản số" in page
    assert "libnet/vendor/openseadragon/openseadragon.min.js" in page
    assert "libnet/digital-viewer.js" in page


def test_the_record_page_shows_no_viewer_without_a_visible_copy(
    client, digital_dir, province, an, minh
):
    record = BibRecordFactory(title="Bản thảo")
    draft = add_object(province["commune"], record=record, access=Access.STAFF)
    for persona in (None, an):
        if persona:
            client.force_login(persona.user)
        page = client.get(f"/record/{record.pk}").content.decode()
        assert "digital-viewer" not in page
        assert "openseadragon" not in page
    client.force_login(minh.user)
    assert f"/iiif/{draft.pk}/manifest" in client.get(f"/record/{record.pk}").content.decode()


def test_an_object_in_dublin_core_has_its_own_page(client, digital_dir, province):
    gia_pha = add_object(
        province["provincial"],
        title="Gia phả họ Đặng",
        dublin_core={"creator": ["Đặng Văn Tư"], "coverage": ["Xã Tân Lập"]},
    )
    response = client.get(f"/digital/{gia_pha.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page
    assert "Gia phả họ Đặng" in page
    assert "Đặng Văn Tư" in page
    assert "Xã Tân Lập" in page
    assert f'data-manifest="/iiif/{gia_pha.pk}/manifest"' in page


def test_an_object_with_a_record_is_read_on_the_record_page(client, digital_dir, province):
    record = BibRecordFactory(title="Văn bia")
    digital_object = add_object(province["provincial"], record=record)
    response = client.get(f"/digital/{digital_object.pk}")
    assert response.status_code == 302
    assert response["Location"] == f"/record/{record.pk}"


def test_a_staff_object_page_is_a_404_for_readers(client, digital_dir, province):
    draft = add_object(province["provincial"], access=Access.STAFF)
    response = client.get(f"/digital/{draft.pk}")
    assert response.status_code == 404
    assert "Không có tài liệu số nào mang số này" in response.content.decode()
