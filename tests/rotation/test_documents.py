"""Rotation papers: the handover record (Mẫu 02), packing lists, box labels, transit slip.

The text is read back with pdftotext: Vietnamese diacritics survive only in an embedded
TrueType font (DejaVu); the built-in PDF fonts would lose ơ, ư and đ.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from libnet.core import clock
from libnet.rotation import documents, selectors, services
from libnet.rotation.models import Transfer
from tests.factories import NOW, ItemFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def pdf_text(content: bytes, tmp_path: Path, name: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(content)
    if shutil.which("pdftoppm"):  # a PNG of the first page, for a person to look at
        SCREENSHOTS.mkdir(exist_ok=True)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-singlefile",
                str(path),
                str(SCREENSHOTS / f"rotation-{name}"),
            ],
            check=True,
        )
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "DejaVuSans" in fonts
    assert "Helvetica" not in fonts.split("---", 1)[-1].split("\n", 1)[-1]
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"[ \n]+", " ", text)  # words wrapped in narrow cells; page breaks kept


@pytest.fixture
def packed(draft, lan, rotation_stock):
    services.add_items(batch=draft, items=rotation_stock[:3], box_number=1, by=lan.user, at=NOW)
    services.add_items(batch=draft, items=rotation_stock[3:5], box_number=2, by=lan.user, at=NOW)
    services.pack_batch(batch=draft, by=lan.user, at=NOW)
    return draft


def test_the_handover_record_names_both_parties_and_every_copy(packed, tmp_path):
    content = documents.handover_pdf(packed, list(selectors.batch_lines(packed)))
    text = pdf_text(content, tmp_path, "handover")
    assert "BIÊN BẢN" in text or "HANDOVER RECORD" in text
    assert "Thư viện tỉnh Sông Lam" in text
    assert "Thư viện xã Tân Lập" in text
    assert "Nguyễn Văn Minh" in text
    assert "Dế Mèn phiêu lưu ký" in text
    for line in packed.lines.select_related("item"):
        assert line.item.barcode in text


def test_the_handover_record_lists_the_differences_after_receipt(packed, lan, minh, tmp_path):
    services.ship_batch(batch=packed, by=lan.user, at=NOW)
    first = packed.lines.select_related("item").first()
    services.receive_batch(
        batch=packed, arrived_item_ids=[first.item_id], confirm=True, by=minh.user, at=NOW
    )
    text = pdf_text(
        documents.handover_pdf(packed, list(selectors.batch_lines(packed))),
        tmp_path,
        "handover-differences",
    )
    assert text.count("Missing on arrival") + text.count("Thiếu khi nhận") == 4


def test_packing_lists_have_a_page_per_box(packed, tmp_path):
    text = pdf_text(
        documents.packing_list_pdf(packed, list(selectors.batch_lines(packed))), tmp_path, "packing"
    )
    assert text.count("\f") == 2
    assert "Dế Mèn phiêu lưu ký" in text


def test_box_labels_say_where_each_box_goes(packed, tmp_path):
    text = pdf_text(documents.box_labels_pdf(packed, {1: 3, 2: 2}), tmp_path, "labels")
    assert "Thư viện xã Tân Lập" in text
    assert "2 / 2" in text


def test_the_transit_slip_lists_the_copies_leaving(provincial, commune, lan, tmp_path):
    copy = ItemFactory(home_library=provincial)
    services.request_transfer(item=copy, to_library=commune, reason="manual", by=lan.user, at=NOW)
    text = pdf_text(
        documents.transit_slip_pdf(list(Transfer.objects.all()), library=provincial),
        tmp_path,
        "transit-slip",
    )
    assert copy.barcode in text
    assert "Thư viện xã Tân Lập" in text


# ---------------------------------------------------------------- dated by the handover

SHIPPED_AT = dt.datetime(2026, 3, 2, 18, 30, tzinfo=dt.UTC)  # 01:30 on 3 March in Vietnam


def _print_on(client, url, monkeypatch, day: dt.date) -> bytes:
    moment = dt.datetime(day.year, day.month, day.day, 2, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(clock, "now", lambda: moment)
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def test_the_handover_record_is_dated_by_the_shipping_day_in_vietnam(client, packed, lan, tmp_path):
    services.ship_batch(batch=packed, by=lan.user, at=SHIPPED_AT)
    client.force_login(lan.user)
    content = client.get(reverse("rotation:batch_handover", args=[packed.pk])).content
    text = pdf_text(content, tmp_path, "handover-dated")
    assert "Sông Lam, ngày 03 tháng 3 năm 2026" in text
    assert "03/03/2026" in text  # "Hôm nay, ngày 03/03/2026, …"
    assert "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH TỈNH SÔNG LAM" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_a_handover_record_printed_again_a_day_later_is_the_same_file(
    client, packed, lan, monkeypatch
):
    """The record of a handover does not change with the day it is printed (page and API)."""
    services.ship_batch(batch=packed, by=lan.user, at=SHIPPED_AT)
    client.force_login(lan.user)
    for url in (
        reverse("rotation:batch_handover", args=[packed.pk]),
        f"/api/v1/rotation/batches/{packed.pk}/handover.pdf",
    ):
        first = _print_on(client, url, monkeypatch, dt.date(2026, 3, 3))
        again = _print_on(client, url, monkeypatch, dt.date(2026, 3, 4))
        assert first == again, url


def test_a_handover_record_printed_before_shipping_leaves_the_date_to_write(
    client, packed, lan, tmp_path
):
    client.force_login(lan.user)
    content = client.get(reverse("rotation:batch_handover", args=[packed.pk])).content
    text = pdf_text(content, tmp_path, "handover-undated")
    assert "Sông Lam, ngày …… tháng …… năm ……" in text
    assert "ngày 0" not in text.split("Sông Lam, ngày")[1][:20]


def test_the_handover_names_its_people_family_name_first(packed, tmp_path):
    text = pdf_text(
        documents.handover_pdf(packed, list(selectors.batch_lines(packed))), tmp_path, "names"
    )
    assert "Trần Thị Lan" in text  # who made the batch, party A
    assert "Lan Trần Thị" not in text


def test_the_transit_slip_is_dated_by_its_transfers_and_prints_the_same_a_day_later(
    client, provincial, commune, lan, monkeypatch, tmp_path
):
    copy = ItemFactory(home_library=provincial)
    services.request_transfer(
        item=copy, to_library=commune, reason="manual", by=lan.user, at=SHIPPED_AT
    )
    client.force_login(lan.user)
    url = reverse("rotation:transit_slip") + "?library=SL-TVT"
    first = _print_on(client, url, monkeypatch, dt.date(2026, 3, 5))
    assert first == _print_on(client, url, monkeypatch, dt.date(2026, 3, 6))
    text = pdf_text(first, tmp_path, "transit-dated")
    assert "Sông Lam, ngày 03 tháng 3 năm 2026" in text
    assert "03/03/2026" in text  # the request, in Vietnam's calendar


def test_packing_lists_carry_the_letterhead_on_every_box(packed, tmp_path):
    text = pdf_text(
        documents.packing_list_pdf(packed, list(selectors.batch_lines(packed))), tmp_path, "boxes"
    )
    assert text.count("THƯ VIỆN TỈNH SÔNG LAM") == 2
