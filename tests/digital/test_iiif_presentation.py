"""IIIF Presentation API 3: an object's manifest at /iiif/<id>/manifest, a library's objects
at /iiif/collection/library/<code>, a library's named collection at
/iiif/collection/<library code>/<collection code>; each checked by parsing it back with
iiif-prezi3 and by its structure."""

from __future__ import annotations

import pytest
from iiif_prezi3 import Collection, Manifest

from libnet.digital.models import Access, DigitalCollection, ReadingRoomNetwork
from tests.digital.iiif_pages import add_object, digital_dir, page_picture
from tests.factories import BibRecordFactory

__all__ = ["digital_dir"]


def _parsed(document: dict, model):
    """The document read back by iiif-prezi3 (pydantic models of the specification): a
    document that breaks the specification raises here."""
    fields = {key: value for key, value in document.items() if key != "@context"}
    return model(**fields)


@pytest.fixture
def ca_dao(digital_dir, province):
    record = BibRecordFactory(title="Ca dao dân ca Sông Lam")
    return add_object(
        province["provincial"],
        title="Ca dao dân ca Sông Lam",
        record=record,
        pages=[page_picture(800, 1100), page_picture(820, 1100), page_picture(800, 1000)],
    )


def test_the_manifest_has_a_canvas_with_an_image_service_per_page(client, ca_dao, province):
    response = client.get(f"/iiif/{ca_dao.pk}/manifest")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    manifest = _parsed(document, Manifest)
    assert document["@context"] == "http://iiif.io/api/presentation/3/context.json"
    assert document["id"] == f"http://testserver/iiif/{ca_dao.pk}/manifest"
    assert document["label"] == {"vi": ["Ca dao dân ca Sông Lam"]}
    assert len(manifest.items) == 3
    second = document["items"][1]
    assert (second["width"], second["height"]) == (820, 1100)
    assert second["label"] == {"vi": ["2"]}
    body = second["items"][0]["items"][0]["body"]
    assert body["service"] == [
        {
            "id": f"http://testserver/iiif/image/{ca_dao.pk}-2",
            "type": "ImageService3",
            "profile": "level2",
        }
    ]
    assert second["items"][0]["items"][0]["target"] == second["id"]
    assert second["thumbnail"][0]["id"].startswith(
        f"http://testserver/iiif/image/{ca_dao.pk}-2/full/"
    )
    assert document["thumbnail"] == document["items"][0]["thumbnail"]
    # The thumbnail and the painted image are served by the Image API.
    assert (
        client.get(second["thumbnail"][0]["id"].removeprefix("http://testserver")).status_code
        == 200
    )
    assert client.get(body["id"].removeprefix("http://testserver")).status_code == 200


def test_the_manifest_names_the_library_and_describes_the_record(client, ca_dao, province):
    document = client.get(f"/iiif/{ca_dao.pk}/manifest").json()
    library = province["provincial"]
    assert document["requiredStatement"]["value"] == {"vi": [library.name]}
    assert document["requiredStatement"]["label"]["vi"] == ["Ghi nguồn"]
    assert document["provider"][0]["label"] == {"vi": [library.name]}
    assert document["homepage"][0]["id"] == f"http://testserver/record/{ca_dao.record_id}"
    fields = {entry["label"]["vi"][0]: entry["value"]["none"] for entry in document["metadata"]}
    assert fields["Nhan đề"] == ["Ca dao dân ca Sông Lam"]
    assert {entry["label"]["en"][0] for entry in document["metadata"]} >= {"Title"}


def test_an_object_without_a_record_is_described_by_its_dublin_core(client, digital_dir, province):
    gia_pha = add_object(
        province["provincial"],
        title="Gia phả họ Nguyễn làng Tân Lập",
        dublin_core={
            "title": ["Gia phả họ Nguyễn làng Tân Lập"],
            "creator": ["Nguyễn Văn Khải"],
            "date": ["1925"],
            "rights": ["http://rightsstatements.org/vocab/NoC-NC/1.0/"],
        },
    )
    document = client.get(f"/iiif/{gia_pha.pk}/manifest").json()
    _parsed(document, Manifest)
    fields = {entry["label"]["vi"][0]: entry["value"]["none"] for entry in document["metadata"]}
    assert fields["Tác giả"] == ["Nguyễn Văn Khải"]
    assert fields["Ngày tháng"] == ["1925"]
    assert document["rights"] == "http://rightsstatements.org/vocab/NoC-NC/1.0/"
    assert document["homepage"][0]["id"] == f"http://testserver/digital/{gia_pha.pk}"


def test_a_staff_manifest_is_a_404_for_readers_and_other_libraries(
    client, digital_dir, province, lan, minh, an
):
    draft = add_object(province["commune"], access=Access.STAFF)
    url = f"/iiif/{draft.pk}/manifest"
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["code"] == "digital_object_not_found"
    client.force_login(an.user)
    assert client.get(url).status_code == 404
    for persona in (minh, lan):  # the commune's clerk, and the provincial cataloguer above it
        client.force_login(persona.user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("private")


def test_an_on_site_manifest_is_served_in_the_reading_room_only(client, digital_dir, province):
    rare = add_object(province["provincial"], access=Access.ON_SITE)
    ReadingRoomNetwork.objects.create(library=province["provincial"], network="10.8.0.0/16")
    assert client.get(f"/iiif/{rare.pk}/manifest", REMOTE_ADDR="198.51.100.4").status_code == 404
    assert client.get(f"/iiif/{rare.pk}/manifest", REMOTE_ADDR="10.8.3.2").status_code == 200


def test_an_object_without_pages_has_no_manifest(client, digital_dir, province):
    empty = add_object(province["provincial"], pages=[])
    empty.pages.all().delete()
    response = client.get(f"/iiif/{empty.pk}/manifest")
    assert response.status_code == 404
    assert response.json()["code"] == "digital_page_not_found"


def test_the_library_collection_lists_what_the_asker_may_see(client, digital_dir, province, lan):
    library = province["provincial"]
    public = add_object(library, title="Báo Sông Lam 1936")
    draft = add_object(library, title="Bản thảo chưa duyệt", access=Access.STAFF)
    add_object(province["commune"], title="Sách của xã")
    DigitalCollection.objects.create(library=library, code="bao-xua", name="Báo Sông Lam xưa")
    url = f"/iiif/collection/library/{library.code.lower()}"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    _parsed(document, Collection)
    assert document["id"] == f"http://testserver/iiif/collection/library/{library.code}"
    listed = {item["id"]: item["type"] for item in document["items"]}
    assert listed == {
        f"http://testserver/iiif/collection/{library.code}/bao-xua": "Collection",
        f"http://testserver/iiif/{public.pk}/manifest": "Manifest",
    }
    client.force_login(lan.user)
    listed = {item["id"] for item in client.get(url).json()["items"]}
    assert f"http://testserver/iiif/{draft.pk}/manifest" in listed


def test_a_named_collection_lists_its_visible_objects(client, digital_dir, province):
    library = province["provincial"]
    collection = DigitalCollection.objects.create(
        library=library, code="gia-pha", name="Gia phả", description="Gia phả các dòng họ."
    )
    public = add_object(library, title="Gia phả họ Lê")
    draft = add_object(library, title="Gia phả họ Trần", access=Access.STAFF)
    public.collections.add(collection)
    draft.collections.add(collection)
    document = client.get(f"/iiif/collection/{library.code}/gia-pha").json()
    _parsed(document, Collection)
    assert document["label"] == {"vi": ["Gia phả"]}
    assert document["summary"] == {"vi": ["Gia phả các dòng họ."]}
    assert [item["id"] for item in document["items"]] == [
        f"http://testserver/iiif/{public.pk}/manifest"
    ]
    assert document["partOf"][0]["id"].endswith(f"/iiif/collection/library/{library.code}")


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/iiif/collection/library/NO-SUCH", "library_not_found"),
        ("/iiif/collection/NO-SUCH/gia-pha", "library_not_found"),
        ("/iiif/collection/{library}/no-such", "digital_collection_not_found"),
        ("/iiif/999999/manifest", "digital_object_not_found"),
    ],
)
def test_unknown_collections_and_objects_are_a_404(client, digital_dir, province, path, code):
    response = client.get(path.format(library=province["provincial"].code))
    assert response.status_code == 404
    assert response.json()["code"] == code
    assert response["Access-Control-Allow-Origin"] == "*"
