"""Downloads of a digital object (whole as PDF, a page as JPEG): access enforced, on-site
from a reading room, watermark drawn, each download counted (digital/download_views.py)."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from django.urls import reverse
from PIL import Image, ImageChops

from libnet.digital import derivatives, services
from libnet.digital.models import Access, Download
from libnet.stats.models import DailyStat
from tests.digital.core_fixtures import (
    digital_dir,  # noqa: F401  # the fixture, used by pytestmark
    image_bytes,
    make_object,
    uploads,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("digital_dir")]

READING_ROOM = "10.1.20.7"


def _object(library, access=Access.PUBLIC, watermark=False, pages=2):
    obj = make_object(library, access=access, watermark=watermark)
    files = [(f"p{n}.png", image_bytes("PNG", (800, 1200))) for n in range(pages)]
    services.add_files(obj=obj, uploads=uploads(*files), by=None)
    derivatives.make_pending(10)
    return obj


def _whole(obj):
    return reverse("digital_downloads:object", args=[obj.pk])


def _page(obj, number):
    return reverse("digital_downloads:page", args=[obj.pk, number])


def _content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_public_object_is_downloaded_whole_as_a_pdf_of_its_pages(client, lan, tmp_path):
    obj = _object(lan.library, pages=3)
    response = client.get(_whole(obj))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pdf = tmp_path / "o.pdf"
    pdf.write_bytes(_content(response))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+3$", info, re.MULTILINE)
    download = Download.objects.get()
    assert (download.object, download.page, download.on_site) == (obj, None, False)


def test_a_page_is_downloaded_as_a_jpeg_and_counted(client, lan):
    obj = _object(lan.library)
    response = client.get(_page(obj, 2))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(response.content)).size == (800, 1200)
    assert client.get(_page(obj, 3)).status_code == 404
    assert list(Download.objects.values_list("page", flat=True)) == [2]
    # The day's figure of the library's digital downloads counts it (the reports' sum).
    figure = DailyStat.objects.get(library=lan.library, indicator="digital_downloads")
    assert figure.value == 1


def test_restricted_objects_are_404_for_the_public_and_nothing_is_counted(client, lan):
    for access in (Access.STAFF, Access.ON_SITE):
        obj = _object(lan.library, access=access, pages=1)
        assert client.get(_whole(obj)).status_code == 404
        response = client.get(_page(obj, 1))
        assert response.status_code == 404
        assert "Không có tài liệu số" in response.content.decode()
    assert not Download.objects.exists()
    assert not DailyStat.objects.filter(indicator="digital_downloads").exists()


def test_an_on_site_object_is_served_in_the_reading_room_and_counted_as_on_site(client, lan):
    services.add_network(library=lan.library, network="10.1.0.0/16", by=None)
    obj = _object(lan.library, access=Access.ON_SITE, pages=1)
    assert client.get(_page(obj, 1), REMOTE_ADDR=READING_ROOM).status_code == 200
    response = client.get(_whole(obj), REMOTE_ADDR=READING_ROOM)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert list(Download.objects.values_list("on_site", flat=True)) == [True, True]
    # The same reader at home does not get it.
    assert client.get(_page(obj, 1), REMOTE_ADDR="198.51.100.4").status_code == 404


def test_staff_of_the_library_download_a_staff_only_object(client, lan, minh):
    obj = _object(lan.library, access=Access.STAFF, pages=1)
    client.force_login(lan.user)
    assert client.get(_page(obj, 1)).status_code == 200
    client.force_login(minh.user)
    assert client.get(_page(obj, 1)).status_code == 404


def test_the_watermark_draws_the_library_and_the_date_on_the_image(client, lan):
    plain = _object(lan.library, pages=1)
    marked = _object(lan.library, watermark=True, pages=1)
    plain_image = Image.open(io.BytesIO(client.get(_page(plain, 1)).content)).convert("RGB")
    marked_image = Image.open(io.BytesIO(client.get(_page(marked, 1)).content)).convert("RGB")
    assert plain_image.size == marked_image.size
    # Re-encoding the JPEG moves a few levels here and there; the mark moves many.
    difference = ImageChops.difference(plain_image, marked_image).convert("L")
    box = difference.point(lambda level: 255 if level > 48 else 0).getbbox()
    assert box is not None
    # The mark sits in a band at the foot of the page; the page above it is untouched.
    assert box[1] > plain_image.height * 0.8
    assert Download.objects.count() == 2
