"""Digital objects created, files received and pages ordered (digital/services.py)."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.db import transaction

from libnet.core.errors import NotFound
from libnet.core.models import AuditEntry
from libnet.digital import services, storage
from libnet.digital.errors import DigitalInvalid, DigitalObjectNotFound
from libnet.digital.models import Access, DerivativeState, DigitalFile, DigitalPage
from libnet.network.errors import RoleRequired
from tests.digital.core_fixtures import (
    digital_dir,  # noqa: F401  # the fixture, used by pytestmark
    image_bytes,
    make_object,
    pdf_bytes,
    uploads,
)
from tests.factories import BibRecordFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("digital_dir")]


def test_a_cataloguer_creates_an_object_from_a_record_with_its_title(lan):
    record = BibRecordFactory(title="Địa chí Sông Lam")
    obj = services.create_object(library=lan.library, record=record, by=lan.user)
    assert (obj.title, obj.record, obj.access, obj.created_by) == (
        "Địa chí Sông Lam",
        record,
        Access.STAFF,
        lan.user,
    )
    assert obj.published_at is None
    assert AuditEntry.objects.filter(
        action="digital_object.create", subject_id=str(obj.pk)
    ).exists()


def test_an_object_without_a_record_is_described_in_dublin_core(lan):
    obj = services.create_object(
        library=lan.library,
        by=lan.user,
        dublin_core={
            "title": " Gia phả họ Nguyễn ",
            "creator": ["Nguyễn Văn A", ""],
            "date": "1890",
        },
        access_=Access.PUBLIC,
    )
    assert obj.title == "Gia phả họ Nguyễn"
    assert obj.dublin_core == {
        "title": ["Gia phả họ Nguyễn"],
        "creator": ["Nguyễn Văn A"],
        "date": ["1890"],
    }
    assert obj.published_at is not None


def test_an_object_needs_a_title_and_known_dublin_core_elements(lan):
    with pytest.raises(DigitalInvalid) as missing:
        services.create_object(library=lan.library, by=lan.user, dublin_core={"creator": "X"})
    assert missing.value.code == "title_required"
    with pytest.raises(DigitalInvalid) as unknown:
        services.create_object(
            library=lan.library, by=lan.user, dublin_core={"title": "T", "tác giả": "X"}
        )
    assert unknown.value.code == "bad_dublin_core"
    assert "tác giả" in unknown.value.message


def test_staff_cannot_create_an_object_of_another_library_or_without_the_role(lan, minh, an, chi):
    with pytest.raises(NotFound):
        services.create_object(library=lan.library, by=minh.user, dublin_core={"title": "T"})
    with pytest.raises(RoleRequired):
        services.create_object(library=chi.library, by=chi.user, dublin_core={"title": "T"})
    # Lan catalogues for the province and the libraries below it.
    assert services.create_object(library=minh.library, by=lan.user, dublin_core={"title": "T"})


def test_files_are_kept_untouched_with_their_checksum_and_pages_appended_in_order(lan):
    obj = make_object(lan.library)
    png, jpeg, pdf = image_bytes("PNG"), image_bytes("JPEG"), pdf_bytes(3)
    outcomes = services.add_files(
        obj=obj,
        uploads=uploads(("bia.png", png), ("trang 1.jpg", jpeg), ("phan2.pdf", pdf)),
        by=lan.user,
    )
    assert [(o.name, o.pages, o.error) for o in outcomes] == [
        ("bia.png", 1, None),
        ("trang 1.jpg", 1, None),
        ("phan2.pdf", 3, None),
    ]
    files = list(DigitalFile.objects.filter(object=obj).order_by("pk"))
    assert [f.media_type for f in files] == ["image/png", "image/jpeg", "application/pdf"]
    for digital_file, content in zip(files, (png, jpeg, pdf), strict=True):
        suffix = {"image/png": ".png", "image/jpeg": ".jpg"}.get(digital_file.media_type, ".pdf")
        assert re.fullmatch(
            rf"originals/{obj.pk}/{digital_file.pk}-[0-9a-f]{{12}}\{suffix}", digital_file.path
        )
        assert storage.original_path(digital_file).read_bytes() == content
        assert digital_file.sha256 == hashlib.sha256(content).hexdigest()
        assert digital_file.size == len(content)
    pages = list(obj.pages.order_by("sequence"))
    assert [(p.sequence, p.file_id, p.page_in_file) for p in pages] == [
        (1, files[0].pk, 0),
        (2, files[1].pk, 0),
        (3, files[2].pk, 1),
        (4, files[2].pk, 2),
        (5, files[2].pk, 3),
    ]
    assert {p.derivatives for p in pages} == {DerivativeState.PENDING}
    # Nothing is left in the incoming folder.
    assert list((storage.root() / "incoming").iterdir()) == []
    # A second upload goes after the pages already there.
    services.add_files(obj=obj, uploads=uploads(("sau.png", png)), by=lan.user)
    assert obj.pages.order_by("sequence").last().sequence == 6


def test_a_file_that_is_not_an_image_or_a_pdf_is_refused_alone(lan):
    obj = make_object(lan.library)
    outcomes = services.add_files(
        obj=obj,
        uploads=uploads(
            ("ghi-chu.txt", b"%PDF is not at the start of this text"),
            ("tot.png", image_bytes()),
            ("rong.jpg", b""),
            ("hong.pdf", b"%PDF-1.4 broken"),
            ("anh.gif", image_bytes("GIF")),
        ),
        by=lan.user,
    )
    assert [(o.name, o.error.code if o.error else None) for o in outcomes] == [
        ("ghi-chu.txt", "unknown_type"),
        ("tot.png", None),
        ("rong.jpg", "empty_file"),
        ("hong.pdf", "unreadable_pdf"),
        ("anh.gif", "unknown_type"),
    ]
    assert "ghi-chu.txt" in outcomes[0].error.message
    assert DigitalFile.objects.filter(object=obj).count() == 1
    assert obj.pages.count() == 1
    assert len(list((storage.root() / "originals" / str(obj.pk)).iterdir())) == 1
    assert list((storage.root() / "incoming").iterdir()) == []


def test_a_multi_page_tiff_is_refused_with_what_to_send_instead(lan):
    from io import BytesIO

    from PIL import Image

    frames = [Image.new("L", (100, 100), shade) for shade in (255, 128)]
    out = BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:])
    obj = make_object(lan.library)
    [outcome] = services.add_files(
        obj=obj, uploads=uploads(("so.tif", out.getvalue())), by=lan.user
    )
    assert outcome.error is not None
    assert outcome.error.code == "multi_page_tiff"
    assert not DigitalFile.objects.filter(object=obj).exists()


def test_another_librarys_staff_cannot_add_files(lan, minh):
    obj = make_object(lan.library)
    with pytest.raises(DigitalObjectNotFound):
        services.add_files(obj=obj, uploads=uploads(("a.png", image_bytes())), by=minh.user)
    assert not DigitalFile.objects.exists()


def _with_derivative_folders(obj):
    for page in obj.pages.all():
        folder = storage.derivative_dir(page)
        folder.mkdir(parents=True)
        (folder / storage.THUMBNAIL).write_text(f"page {page.pk}")


def _folder_owner(page):
    return int((storage.derivative_dir(page) / storage.THUMBNAIL).read_text().split()[1])


def test_pages_are_reordered_and_their_derivatives_follow(lan, django_capture_on_commit_callbacks):
    obj = make_object(lan.library)
    services.add_files(
        obj=obj, uploads=uploads(*((f"{n}.png", image_bytes()) for n in "abc")), by=lan.user
    )
    a, b, c = obj.pages.order_by("sequence")
    _with_derivative_folders(obj)
    with django_capture_on_commit_callbacks(execute=True):
        services.reorder_pages(obj=obj, page_ids=[c.pk, a.pk, b.pk], by=lan.user)
    pages = list(obj.pages.order_by("sequence"))
    assert [p.pk for p in pages] == [c.pk, a.pk, b.pk]
    assert [_folder_owner(p) for p in pages] == [c.pk, a.pk, b.pk]
    with pytest.raises(DigitalInvalid) as refused:
        services.reorder_pages(obj=obj, page_ids=[c.pk, a.pk, a.pk], by=lan.user)
    assert refused.value.code == "bad_page_order"


def test_a_removed_page_takes_its_original_and_the_next_pages_move_up(
    lan, django_capture_on_commit_callbacks
):
    obj = make_object(lan.library)
    services.add_files(
        obj=obj,
        uploads=uploads(
            ("a.png", image_bytes()), ("b.pdf", pdf_bytes(2)), ("c.png", image_bytes())
        ),
        by=lan.user,
    )
    _with_derivative_folders(obj)
    first = obj.pages.get(sequence=1)
    original = storage.original_path(first.file)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_page(obj=obj, sequence=1, by=lan.user)
    assert not original.exists()
    pages = list(obj.pages.order_by("sequence"))
    assert [p.sequence for p in pages] == [1, 2, 3]
    assert [_folder_owner(p) for p in pages] == [p.pk for p in pages]
    # One page of a PDF goes; the PDF stays for its other page.
    pdf = pages[0].file
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_page(obj=obj, sequence=1, by=lan.user)
    assert storage.original_path(pdf).exists()
    assert DigitalPage.objects.filter(file=pdf).count() == 1
    with pytest.raises(DigitalObjectNotFound):
        services.remove_page(obj=obj, sequence=9, by=lan.user)


def test_pages_are_labelled(lan):
    obj = make_object(lan.library)
    services.add_files(
        obj=obj, uploads=uploads(("a.png", image_bytes()), ("b.png", image_bytes())), by=lan.user
    )
    assert services.label_pages(obj=obj, labels={1: " Bìa ", 2: "tr. 1"}, by=lan.user) == 2
    assert list(obj.pages.order_by("sequence").values_list("label", flat=True)) == ["Bìa", "tr. 1"]
    with pytest.raises(DigitalInvalid):
        services.label_pages(obj=obj, labels={1: "x" * 61}, by=lan.user)


def test_access_opens_an_object_and_dates_its_publication(lan):
    obj = services.create_object(library=lan.library, by=lan.user, dublin_core={"title": "T"})
    obj = services.set_access(obj=obj, access_=Access.ON_SITE, by=lan.user)
    assert obj.access == Access.ON_SITE
    assert obj.published_at is not None
    with pytest.raises(DigitalInvalid):
        services.set_access(obj=obj, access_="everyone", by=lan.user)


def test_collections_hold_objects_of_their_own_library_only(lan, minh):
    obj = make_object(minh.library)
    own = services.create_collection(
        library=minh.library, code="ca-dao", name="Ca dao", by=minh.user
    )
    other = services.create_collection(
        library=lan.library, code="gia-pha", name="Gia phả", by=lan.user
    )
    services.set_collections(obj=obj, collections=[own], by=minh.user)
    assert list(obj.collections.all()) == [own]
    with pytest.raises(DigitalInvalid) as refused:
        services.set_collections(obj=obj, collections=[other], by=lan.user)
    assert refused.value.code == "collection_in_other_library"
    with pytest.raises(DigitalInvalid) as taken:
        services.create_collection(library=minh.library, code="CA-DAO", name="Khác", by=minh.user)
    assert taken.value.code == "collection_code_taken"


def test_a_file_left_on_disk_by_a_rolled_back_upload_does_not_stop_the_next_one(lan):
    """SQLite gives a rolled-back row's id to the next row; the first upload's original stays
    on disk (files are not transactional). The next upload under the same ids is kept."""
    obj = make_object(lan.library)
    with transaction.atomic():
        services.add_files(obj=obj, uploads=uploads(("a.png", image_bytes())), by=None)
        left = storage.original_path(DigitalFile.objects.get(object=obj))
        transaction.set_rollback(True)
    assert left.is_file()
    outcome = services.add_files(obj=obj, uploads=uploads(("b.png", image_bytes())), by=None)
    assert [kept.file is not None for kept in outcome] == [True]
    assert storage.original_path(DigitalFile.objects.get(object=obj)).is_file()
