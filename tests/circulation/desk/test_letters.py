"""Overdue reminder letters: one per reader, to the parent for a minor, read back as text."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.utils import translation

from libnet.circulation import documents

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 3, 20)


def _pdf_text(content: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed (make test installs it)")
    path = tmp_path / "letters.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _line(title: str, days: int) -> documents.OverdueLine:
    due_on = ON - dt.timedelta(days=days)
    return documents.OverdueLine(
        title=title,
        accession_number="VV.000001",
        loaned_on=due_on - dt.timedelta(days=14),
        due_on=due_on,
        days_overdue=days,
    )


def _letter(name: str, *, is_minor: bool, school_class: str = "", titles=("Số đỏ",)):
    return documents.OverdueLetter(
        card_number="HS2026000123",
        reader_name=name,
        school_class=school_class,
        is_minor=is_minor,
        address="thôn Đồng Xuân",
        lines=tuple(_line(title, 5 + n) for n, title in enumerate(titles)),
    )


@pytest.mark.parametrize(
    ("birth_date", "expected"),
    [
        (dt.date(2014, 2, 10), 12),
        (dt.date(2008, 3, 20), 18),  # eighteen on the day itself
        (dt.date(2008, 3, 21), 17),  # one day short of eighteen
    ],
)
def test_age_counts_whole_years(birth_date, expected):
    assert documents.age_on(birth_date, ON) == expected


def test_each_reader_gets_a_page_listing_their_overdue_titles(province, tmp_path):
    letters = [
        _letter("Phạm Văn Bình", is_minor=True, school_class="7A", titles=("Số đỏ", "Dế Mèn")),
        _letter("Nguyễn Thị Hoa", is_minor=False, titles=("Truyện Kiều",)),
    ]
    content = documents.overdue_letters_pdf(letters, library=province["school"], on=ON)
    assert content.startswith(b"%PDF")
    text = _pdf_text(content, tmp_path)
    pages = text.split("\f")
    assert "Phạm Văn Bình" in pages[0]
    assert "Dế Mèn" in pages[0]
    assert "Truyện Kiều" not in pages[0]
    assert "Nguyễn Thị Hoa" in pages[1]
    assert "Truyện Kiều" in pages[1]
    # A school library writes as the school's library: the school above, "THƯ VIỆN" below.
    assert "TRƯỜNG THCS TÂN LẬP" in pages[0]
    assert "THƯ VIỆN" in pages[0]


def test_a_minors_letter_is_addressed_to_the_parent(province, tmp_path):
    letters = [
        _letter("Phạm Văn Bình", is_minor=True, school_class="7A"),
        _letter("Nguyễn Thị Hoa", is_minor=False),
    ]
    with translation.override("en"):
        content = documents.overdue_letters_pdf(letters, library=province["school"], on=ON)
    first, second = _pdf_text(content, tmp_path).split("\f")[:2]
    assert "To the parent of Phạm Văn Bình, class 7A" in first
    assert "To Nguyễn Thị Hoa" in second
    assert "parent" not in second


def test_a_letter_is_dated_where_the_library_is_and_signed_on_the_right(province, tmp_path):
    content = documents.overdue_letters_pdf(
        [_letter("Phạm Văn Bình", is_minor=True)], library=province["commune"], on=ON
    )
    text = _pdf_text(content, tmp_path)
    assert "ỦY BAN NHÂN DÂN XÃ TÂN LẬP" in text
    assert "Tân Lập, ngày 20 tháng 3 năm 2026" in text
    signature = next(line for line in text.splitlines() if "THƯ VIỆN" in line and "XÃ" not in line)
    assert signature.index("THƯ VIỆN") > 40  # the right half of the page


def test_the_day_lent_is_vietnams_day_not_utcs(province):
    """A loan at 06:00 in Vietnam is at 23:00 the day before in UTC."""
    from tests.factories import ItemFactory, LoanFactory

    item = ItemFactory(home_library=province["commune"])
    loan = LoanFactory(
        item=item,
        loaned_at=dt.datetime(2026, 3, 1, 23, 0, tzinfo=dt.UTC),
        due_on=dt.date(2026, 3, 15),
    )
    (letter,) = documents.overdue_letters([loan], on=ON)
    assert letter.lines[0].loaned_on == dt.date(2026, 3, 2)
