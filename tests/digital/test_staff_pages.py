"""The digital library's staff pages: objects listed with covers, created from a record or in
Dublin Core, files uploaded (each refusal named), pages ordered, access and collections set,
the fixity checks shown; another library's staff get 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from libnet.digital import derivatives, fixity, services, storage
from libnet.digital.models import Access, DigitalCollection, DigitalObject, DigitalPage
from tests.digital.core_fixtures import (
    digital_dir,  # noqa: F401  # the fixture, used by pytestmark
    image_bytes,
    make_object,
    uploads,
)
from tests.factories import BibRecordFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("digital_dir")]


@pytest.fixture
def book(lan):
    obj = make_object(lan.library, access=Access.STAFF, title="Hương ước làng Tân Lập")
    services.add_files(
        obj=obj, uploads=uploads(*((f"{n}.png", image_bytes()) for n in "abc")), by=None
    )
    derivatives.make_pending(10)
    return obj


def test_the_list_shows_the_librarys_objects_with_their_covers(client, lan, book, province):
    make_object(province["commune"], title="Kỷ yếu trường")
    client.force_login(lan.user)
    response = client.get(reverse("digital:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hương ước làng Tân Lập" in html
    assert reverse("digital:thumbnail", args=[book.pk, 1]) in html
    # Lan covers the province and below; filters narrow the list.
    assert "Kỷ yếu trường" in html
    filtered = client.get(reverse("digital:index"), {"library": "SL-TVT", "q": "hương"})
    assert "Kỷ yếu trường" not in filtered.content.decode()
    thumb = client.get(reverse("digital:thumbnail", args=[book.pk, 1]))
    assert (thumb.status_code, thumb["Content-Type"]) == (200, "image/jpeg")


def test_an_object_is_created_from_a_record_number(client, lan):
    record = BibRecordFactory(title="Địa chí Sông Lam")
    client.force_login(lan.user)
    response = client.post(
        reverse("digital:object_new"),
        {"library": "SL-TVT", "record": record.pk, "access": Access.PUBLIC},
    )
    obj = DigitalObject.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("digital:object", args=[obj.pk])
    assert (obj.title, obj.record, obj.access) == ("Địa chí Sông Lam", record, Access.PUBLIC)


def test_an_object_without_record_or_title_is_refused_in_vietnamese(client, lan):
    client.force_login(lan.user)
    response = client.post(
        reverse("digital:object_new"),
        {"library": "SL-TVT", "access": Access.STAFF, "dc_creator": "Khuyết danh"},
    )
    assert response.status_code == 400
    assert "Hãy đặt nhan đề cho tài liệu số" in response.content.decode()
    assert not DigitalObject.objects.exists()
    response = client.post(
        reverse("digital:object_new"),
        {
            "library": "SL-TVT",
            "access": Access.STAFF,
            "dc_title": "Gia phả",
            "dc_subject": "Gia phả\nHọ Nguyễn",
        },
    )
    assert response.status_code == 302
    assert DigitalObject.objects.get().dublin_core == {
        "title": ["Gia phả"],
        "subject": ["Gia phả", "Họ Nguyễn"],
    }


def test_many_files_are_uploaded_at_once_and_each_refusal_is_named(client, lan):
    obj = make_object(lan.library)
    client.force_login(lan.user)
    response = client.post(
        reverse("digital:object_upload", args=[obj.pk]),
        {
            "documents": [
                SimpleUploadedFile("bia.jpg", image_bytes("JPEG")),
                SimpleUploadedFile("ghi-chu.docx", b"PK\x03\x04 not an image"),
                SimpleUploadedFile("trang1.png", image_bytes()),
            ]
        },
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 tệp đã được lưu" in html
    assert "ghi-chu.docx: không phải ảnh TIFF, JPEG, PNG hay tệp PDF" in html
    assert list(obj.pages.values_list("file__original_name", flat=True).order_by("sequence")) == [
        "bia.jpg",
        "trang1.png",
    ]
    # The object page shows each page waiting for its images.
    assert html.count('class="state-pending"') == 2


def test_pages_are_reordered_labelled_and_removed_on_the_page_order_page(
    client, lan, book, django_capture_on_commit_callbacks
):
    a, b, c = book.pages.order_by("sequence")
    client.force_login(lan.user)
    url = reverse("digital:pages", args=[book.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                f"position-{a.pk}": "1",
                f"position-{b.pk}": "3",
                f"position-{c.pk}": "2",
                f"label-{a.pk}": "Bìa",
                f"label-{b.pk}": "",
                f"label-{c.pk}": "tr. 1",
            },
        )
    assert response.status_code == 302
    assert list(book.pages.order_by("sequence").values_list("pk", "label")) == [
        (a.pk, "Bìa"),
        (c.pk, "tr. 1"),
        (b.pk, ""),
    ]
    # The thumbnails followed their pages.
    assert storage.derivative(DigitalPage.objects.get(pk=c.pk), storage.THUMBNAIL).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("digital:page_remove", args=[book.pk]), {"sequence": "1"})
    assert response.status_code == 302
    assert list(book.pages.order_by("sequence").values_list("pk", flat=True)) == [c.pk, b.pk]


def test_access_and_collections_are_set_on_the_object_page(client, lan, book):
    client.force_login(lan.user)
    collections_url = reverse("digital:collections")
    response = client.post(
        collections_url, {"library": "SL-TVT", "code": "huong-uoc", "name": "Hương ước"}
    )
    assert response.status_code == 302
    collection = DigitalCollection.objects.get()
    response = client.post(
        reverse("digital:object_access", args=[book.pk]), {"access": Access.ON_SITE}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("digital:object_collections", args=[book.pk]), {"collections": [collection.pk]}
    )
    assert response.status_code == 302
    book.refresh_from_db()
    assert book.access == Access.ON_SITE
    assert list(book.collections.all()) == [collection]
    page = client.get(reverse("digital:object", args=[book.pk])).content.decode()
    with translation.override("vi"):
        assert f'<dd id="access">{Access.ON_SITE.label}</dd>' in page
    response = client.post(reverse("digital:collection", args=[collection.pk]), {"delete": "1"})
    assert response.status_code == 302
    assert not DigitalCollection.objects.exists()
    assert DigitalObject.objects.filter(pk=book.pk).exists()


def test_the_fixity_page_lists_the_last_checks_and_their_problems(client, lan, book):
    storage.original_path(book.files.first()).unlink()
    fixity.run_check()
    client.force_login(lan.user)
    html = client.get(reverse("digital:fixity")).content.decode()
    assert book.files.first().path in html
    assert "Hương ước làng Tân Lập" in html


@pytest.mark.parametrize(
    ("method", "name", "data"),
    [
        ("get", "digital:object", None),
        ("get", "digital:pages", None),
        ("get", "digital:thumbnail", None),
        ("post", "digital:object_edit", {"dc_title": "X"}),
        ("post", "digital:object_access", {"access": "public"}),
        ("post", "digital:object_collections", {}),
        ("post", "digital:object_upload", {}),
        ("post", "digital:pages", {}),
        ("post", "digital:page_remove", {"sequence": "1"}),
    ],
)
def test_another_library_staff_get_404_on_every_object_page(client, minh, book, method, name, data):
    client.force_login(minh.user)
    args = [book.pk, 1] if name == "digital:thumbnail" else [book.pk]
    response = getattr(client, method)(reverse(name, args=args), data or {})
    assert response.status_code == 404
    book.refresh_from_db()
    assert (book.title, book.access, book.pages.count()) == (
        "Hương ước làng Tân Lập",
        Access.STAFF,
        3,
    )


def test_another_library_staff_get_404_for_a_collection_and_do_not_see_the_fixity_problems(
    client, lan, minh, book
):
    collection = services.create_collection(library=lan.library, code="x", name="X", by=None)
    storage.original_path(book.files.first()).unlink()
    fixity.run_check()
    client.force_login(minh.user)
    assert client.get(reverse("digital:collection", args=[collection.pk])).status_code == 404
    assert (
        client.post(
            reverse("digital:collection", args=[collection.pk]), {"delete": "1"}
        ).status_code
        == 404
    )
    assert DigitalCollection.objects.exists()
    html = client.get(reverse("digital:fixity")).content.decode()
    assert book.files.first().path not in html
    assert "Hương ước" not in client.get(reverse("digital:index")).content.decode()


def test_staff_without_a_catalogue_role_are_told_why(client, chi):
    """Chi, a Department officer, may not create objects: 403 with the reason."""
    client.force_login(chi.user)
    response = client.get(reverse("digital:object_new"))
    assert response.status_code == 403


def test_the_pages_of_a_han_nom_object_lead_to_their_transcription(client, lan, book):
    client.force_login(lan.user)
    typing = reverse("staff:digital_page_text", args=[book.pk, 2])
    assert typing not in client.get(reverse("digital:object", args=[book.pk])).content.decode()
    services.update_object(obj=book, han_nom=True, by=None)
    html = client.get(reverse("digital:object", args=[book.pk])).content.decode()
    assert typing in html
    assert "Nhập bản phiên âm" in html
