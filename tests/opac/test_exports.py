"""A result list taken home: the bibliography entry and the CSV file."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pytest
from django.utils import translation

from libnet.catalog.citations import citation
from libnet.opac import exports

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Held:
    library_name: str
    available: int
    total: int


def test_citation_follows_isbd_order(catalogue):
    bib = catalogue["so_do"]
    assert citation(bib) == (
        "Vũ Trọng Phụng. Số đỏ / Vũ Trọng Phụng. – Hà Nội : Nxb. Văn học, 2016. – ISBN 9786041000018."
    )


def test_csv_has_a_byte_order_mark_vietnamese_headings_and_one_line_per_record(catalogue):
    so_do, de_men = catalogue["so_do"], catalogue["de_men"]
    with translation.override("vi"):
        content = exports.results_csv(
            [so_do, de_men],
            holdings={
                so_do.pk: [Held("Thư viện tỉnh Sông Lam", 1, 2), Held("Thư viện xã Tân Lập", 1, 1)]
            },
            record_urls={so_do.pk: "http://opac.example/record/1"},
        )
    assert content.startswith(b"\xef\xbb\xbf")  # Excel reads Vietnamese only with it
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Nhan đề", "Tác giả", "Nhà xuất bản"]
    assert len(rows) == 3
    assert rows[1][0] == "Số đỏ"
    assert rows[1][1] == "Vũ Trọng Phụng"
    assert rows[1][4] == "2016"
    assert rows[1][6] == "9786041000018"
    assert rows[1][10] == "Thư viện tỉnh Sông Lam 1/2; Thư viện xã Tân Lập 1/1"
    assert rows[1][11] == "http://opac.example/record/1"
    assert rows[2][0] == "Dế Mèn phiêu lưu ký"
    assert rows[2][10] == ""


def test_csv_cell_that_looks_like_a_formula_is_neutralised(catalogue):
    bib = catalogue["kieu"]
    bib.title = '=HYPERLINK("http://evil.example")'
    content = exports.results_csv([bib], holdings={}, record_urls={})
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'
