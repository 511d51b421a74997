"""Stocktake papers: the record (biên bản kiểm kê) and the lists, read back with pdftotext
(Vietnamese survives only in the embedded font) and openpyxl."""

from __future__ import annotations

import io

import openpyxl
from django.urls import reverse

from libnet.stock import services
from tests.factories import NOW
from tests.rotation.test_documents import pdf_text
from tests.stock.conftest import HOUR


def _closed(stocktake, minh):
    services.record_scan(stocktake=stocktake, barcode="CX001", by=minh.user, at=NOW)
    services.record_scan(stocktake=stocktake, barcode="LA001", by=minh.user, at=NOW)
    services.close_stocktake(stocktake=stocktake, by=minh.user, at=NOW + 26 * HOUR)


def test_the_stocktake_record_says_who_when_why_and_what_is_missing(
    client, minh, stocktake, tmp_path
):
    _closed(stocktake, minh)
    client.force_login(minh.user)
    response = client.get(reverse("stock:record_pdf", args=[stocktake.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content, tmp_path, "stock-record").split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BIÊN BẢN KIỂM KÊ TÀI LIỆU",
        f"Đợt kiểm kê số {stocktake.pk}",
        "Thư viện: Thư viện xã Tân Lập",
        "ngày 03 tháng 3 năm 2026",  # dated by the closing, in Vietnam
        "Thời gian kiểm kê: từ ngày 02/03/2026 đến ngày 03/03/2026.",
        "Lý do kiểm kê: Định kỳ",
        "Phạm vi kiểm kê: toàn bộ vốn tài liệu của thư viện",
        "Nguyễn Văn Minh — Trưởng ban",
        "Đỗ Thị Hoa — Thư ký",
        "Không tìm thấy 4",
        "Tổng số bản thuộc đợt kiểm kê 5",
        "Số mã vạch đã quét không thuộc đợt kiểm kê: 1.",
        "Tỷ lệ thiếu: 80,00%",
        "CX005",
        "TRƯỞNG BAN",
    ):
        assert expected in text, expected
    assert "CX001" not in text  # found: not in the missing list
    # A reprint is the same record.
    again = client.get(reverse("stock:record_pdf", args=[stocktake.pk]))
    assert again.content == response.content


def test_each_list_prints_and_downloads_in_vietnamese(client, minh, stocktake, tmp_path):
    _closed(stocktake, minh)
    client.force_login(minh.user)
    response = client.get(reverse("stock:outcome_file", args=[stocktake.pk, "missing", "pdf"]))
    text = " ".join(pdf_text(response.content, tmp_path, "stock-missing").split())
    assert "Các bản không tìm thấy (thiếu)" in text
    assert "4 dòng" in text
    response = client.get(reverse("stock:outcome_file", args=[stocktake.pk, "unknown", "xlsx"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Các mã vạch đã quét không thuộc đợt kiểm kê" in values
    assert "LA001" in values
    assert "không phải mã vạch của bản sách nào" in values
    response = client.get(reverse("stock:outcome_file", args=[stocktake.pk, "found", "csv"]))
    assert response.status_code == 404
