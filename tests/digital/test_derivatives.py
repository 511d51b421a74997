"""Derivatives made by the worker: thumbnails and web sizes, PDF pages rendered, the
originals never touched, a broken file failing alone (digital/derivatives.py)."""

from __future__ import annotations

import hashlib

import pytest
from PIL import Image

from libnet.digital import derivatives, processing, services, storage
from libnet.digital.models import DerivativeState, DigitalFile
from tests.digital.core_fixtures import (
    digital_dir,  # noqa: F401  # the fixture, used by pytestmark
    image_bytes,
    make_object,
    pdf_bytes,
    uploads,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("digital_dir")]


def _checksums(obj):
    return {
        f.pk: hashlib.sha256(storage.original_path(f).read_bytes()).hexdigest()
        for f in DigitalFile.objects.filter(object=obj)
    }


def test_the_worker_makes_thumbnails_and_web_sizes_without_touching_the_originals(lan):
    obj = make_object(lan.library)
    services.add_files(
        obj=obj,
        uploads=uploads(
            ("lon.tif", image_bytes("TIFF", (2400, 3200))),
            ("nho.png", image_bytes("PNG", (300, 150))),
        ),
        by=lan.user,
    )
    before = _checksums(obj)
    assert before == {f.pk: f.sha256 for f in DigitalFile.objects.filter(object=obj)}
    assert processing.run_pending(limit=10) >= 2
    big, small = obj.pages.order_by("sequence")
    assert (big.derivatives, big.width, big.height) == (DerivativeState.READY, 2400, 3200)
    assert (small.derivatives, small.width, small.height) == (DerivativeState.READY, 300, 150)
    with Image.open(storage.derivative(big, storage.WEB)) as web:
        assert (web.format, web.size) == ("JPEG", (1200, 1600))
    with Image.open(storage.derivative(big, storage.THUMBNAIL)) as thumb:
        assert thumb.size == (150, 200)
    # A small page is never enlarged.
    with Image.open(storage.derivative(small, storage.WEB)) as web:
        assert web.size == (300, 150)
    with Image.open(storage.derivative(small, storage.THUMBNAIL)) as thumb:
        assert thumb.size == (200, 100)
    assert _checksums(obj) == before
    # Nothing is left waiting.
    assert derivatives.make_pending(10) == 0


def test_each_page_of_a_pdf_is_rendered_at_200_dpi(lan):
    obj = make_object(lan.library)
    # A4 at 72 points per inch: 595 × 842 points.
    services.add_files(obj=obj, uploads=uploads(("sach.pdf", pdf_bytes(2))), by=lan.user)
    before = _checksums(obj)
    assert derivatives.make_pending(10) == 2
    for page in obj.pages.order_by("sequence"):
        assert page.derivatives == DerivativeState.READY, page.derivative_error
        assert (page.width, page.height) == (1653, 2339)
        with Image.open(storage.derivative(page, storage.PDF_PAGE)) as rendered:
            assert rendered.size == (1653, 2339)
        with Image.open(storage.derivative(page, storage.WEB)) as web:
            assert max(web.size) == 1600
    first, second = obj.pages.order_by("sequence")
    # Each page is its own page of the PDF (the drawn stripe moves down a page at a time).
    assert (
        storage.derivative(first, storage.WEB).read_bytes()
        != storage.derivative(second, storage.WEB).read_bytes()
    )
    assert _checksums(obj) == before


def test_a_broken_file_fails_alone_with_its_reason(lan):
    obj = make_object(lan.library)
    services.add_files(
        obj=obj,
        uploads=uploads(
            ("a.png", image_bytes()), ("b.jpg", image_bytes("JPEG")), ("c.png", image_bytes())
        ),
        by=lan.user,
    )
    broken = obj.pages.get(sequence=2)
    # The file is damaged on disk after it was received (the fixity check would say so too).
    storage.original_path(broken.file).write_bytes(b"\xff\xd8\xff\xe0 not a jpeg any more")
    assert derivatives.make_pending(10) == 3
    states = dict(obj.pages.values_list("sequence", "derivatives"))
    assert states == {1: "ready", 2: "failed", 3: "ready"}
    broken.refresh_from_db()
    assert "cannot read the image" in broken.derivative_error
    # A failed page is not retried on each run.
    assert derivatives.make_pending(10) == 0


def test_a_missing_original_fails_its_page(lan):
    obj = make_object(lan.library)
    services.add_files(obj=obj, uploads=uploads(("a.png", image_bytes())), by=lan.user)
    page = obj.pages.get()
    storage.original_path(page.file).unlink()
    derivatives.make_pending(10)
    page.refresh_from_db()
    assert (page.derivatives, page.derivative_error) == (
        "failed",
        "missing source file " + page.file.path.rsplit("/", 1)[1],
    )
