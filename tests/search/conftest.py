"""A small Vietnamese catalogue for the search tests, written through the catalogue services
(so the index follows as it does in production), once per test module.

The records are chosen for what they test:

- Số đỏ / Sổ đỏ: the same letters folded ("so do"), different exact forms.
- Truyện Kiều and its English translation: one author, two languages.
- Đất rừng phương Nam, Đường Kách mệnh, Tranh dân gian Đông Hồ: đ/Đ (and Ð U+00D0 in queries).
- Nhật ký Đặng Thùy Trâm: "Thùy" written new-style (queries may write old-style "Thuỳ").
- Nuôi cá nước ngọt, Kỹ thuật trồng lúa: non-fiction with class numbers outside 895.

Copies (tests of availability, subtree and kind filters rely on them):

- Số đỏ: two on the shelf at the provincial library, one on loan at Tân Lập commune.
- Sổ đỏ: one on the shelf at Tân Lập commune.
- Truyện Kiều: one at the provincial library, one at Tân Lập lower-secondary school.
- Dế Mèn phiêu lưu ký: two at the school, one at the commune (acquired last of all).
- Đất rừng phương Nam: one at the commune, on loan; one withdrawn at the provincial library.
- Tắt đèn: owned by the provincial library, on the shelf at the community bookcase below
  Tân Lập (a rotation box).
- Every other record: no copy.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

import pymarc
import pytest
from django.db import transaction

from libnet.catalog import services
from libnet.catalog.models import BibRecord, ItemStatus
from libnet.network.models import Library
from libnet.search import engine
from tests.factories import UserFactory, make_marc, make_province

SO_DO_ISBN = "978-604-1-00001-8"  # ISBN-10 604-1-00001-9
SO_DO_2_ISBN = "978-604-2-00002-4"
KIEU_ISBN = "978-604-300-003-0"


@dataclass(frozen=True)
class Book:
    title: str
    author: str
    year: int
    subjects: tuple[str, ...] = ("Văn học Việt Nam",)
    publisher: str = "Nxb. Văn học"
    ddc: str = "895.9223"
    isbn: str | None = None
    language: str = "vie"
    other_authors: tuple[str, ...] = ()


BOOKS = (
    Book("Số đỏ", "Vũ Trọng Phụng", 2016, ("Văn học Việt Nam", "Tiểu thuyết"), isbn=SO_DO_ISBN),
    Book(
        "Sổ đỏ",
        "Lê Văn Luật",
        2019,
        ("Đất đai", "Pháp luật"),
        publisher="Nxb. Tư pháp",
        ddc="346.597043",
        isbn=SO_DO_2_ISBN,
    ),
    Book(
        "Truyện Kiều",
        "Nguyễn Du",
        2015,
        ("Văn học Việt Nam", "Truyện thơ"),
        ddc="895.9221",
        isbn=KIEU_ISBN,
    ),
    Book(
        "The Tale of Kieu",
        "Nguyễn Du",
        1983,
        ("Vietnamese poetry",),
        publisher="Yale University Press",
        ddc="895.9221",
        language="eng",
        other_authors=("Huỳnh Sanh Thông",),
    ),
    Book(
        "Dế Mèn phiêu lưu ký",
        "Tô Hoài",
        2020,
        ("Văn học thiếu nhi", "Truyện dài"),
        publisher="Nxb. Kim Đồng",
    ),
    Book(
        "Đất rừng phương Nam",
        "Đoàn Giỏi",
        2018,
        ("Văn học thiếu nhi", "Tiểu thuyết"),
        publisher="Nxb. Kim Đồng",
    ),
    Book("Tắt đèn", "Ngô Tất Tố", 2014, ("Văn học Việt Nam", "Tiểu thuyết")),
    Book("Chí Phèo", "Nam Cao", 2012, ("Văn học Việt Nam", "Truyện ngắn")),
    Book("Vợ nhặt", "Kim Lân", 2016, ("Văn học Việt Nam", "Truyện ngắn")),
    Book(
        "Nhật ký Đặng Thùy Trâm",
        "Đặng Thùy Trâm",
        2005,
        ("Chiến tranh Việt Nam", "Nhật ký"),
        publisher="Nxb. Hội Nhà văn",
        ddc="959.7043",
    ),
    Book(
        "Đường Kách mệnh",
        "Hồ Chí Minh",
        2011,
        ("Cách mạng Việt Nam",),
        publisher="Nxb. Chính trị quốc gia",
        ddc="335.4346",
    ),
    Book(
        "Việt Nam sử lược",
        "Trần Trọng Kim",
        2008,
        ("Lịch sử Việt Nam",),
        publisher="Nxb. Văn hóa - Thông tin",
        ddc="959.7",
    ),
    Book(
        "Tôi thấy hoa vàng trên cỏ xanh",
        "Nguyễn Nhật Ánh",
        2010,
        ("Văn học Việt Nam", "Truyện dài"),
        publisher="Nxb. Trẻ",
    ),
    Book(
        "Cho tôi xin một vé đi tuổi thơ",
        "Nguyễn Nhật Ánh",
        2008,
        ("Văn học Việt Nam", "Truyện dài"),
        publisher="Nxb. Trẻ",
    ),
    Book(
        "Kỹ thuật trồng lúa",
        "Nguyễn Văn Đức",
        2021,
        ("Nông nghiệp", "Lúa"),
        publisher="Nxb. Nông nghiệp",
        ddc="633.18",
    ),
    Book(
        "Nuôi cá nước ngọt",
        "Phạm Văn Trang",
        2019,
        ("Thủy sản", "Nông nghiệp"),
        publisher="Nxb. Nông nghiệp",
        ddc="639.31",
    ),
    Book(
        "Từ điển tiếng Việt",
        "Hoàng Phê",
        2003,
        ("Tiếng Việt", "Từ điển"),
        publisher="Nxb. Đà Nẵng",
        ddc="495.9223",
    ),
    Book(
        "Tranh dân gian Đông Hồ",
        "Nguyễn Bá Vân",
        2019,
        ("Mỹ thuật", "Tranh dân gian"),
        publisher="Nxb. Mỹ thuật",
        ddc="769.9597",
    ),
    Book(
        "Những ngôi sao xa xôi",
        "Lê Minh Khuê",
        2017,
        ("Văn học Việt Nam", "Truyện ngắn"),
        publisher="Nxb. Kim Đồng",
    ),
    Book("Bỉ vỏ", "Nguyên Hồng", 2013, ("Văn học Việt Nam", "Tiểu thuyết")),
)


def book_marc(book: Book) -> pymarc.Record:
    record = make_marc(
        title=book.title,
        author=book.author,
        year=book.year,
        isbn=book.isbn,
        publisher=book.publisher,
        ddc=book.ddc,
        subjects=book.subjects,
    )
    fixed = record["008"]
    fixed.data = fixed.data[:35] + book.language + fixed.data[38:]
    for name in book.other_authors:
        record.add_ordered_field(
            pymarc.Field(tag="700", indicators=["0", " "], subfields=[pymarc.Subfield("a", name)])
        )
    return record


@dataclass
class Catalogue:
    bibs: dict[str, BibRecord]
    libraries: dict[str, Library]
    cataloguer: object


def _build_catalogue() -> Catalogue:
    province = make_province()
    provincial, commune = province["provincial"], province["commune"]
    bookcase, school = province["bookcase"], province["school"]
    lan = UserFactory(username="lan-search")
    bibs = {
        book.title: services.create_record(marc_record=book_marc(book), by=lan, library=provincial)
        for book in BOOKS
    }
    counter = iter(range(1, 1000))

    def copy(title, library, *, status=ItemStatus.AVAILABLE, acquired_on, at=None):
        number = next(counter)
        return services.add_item(
            bib=bibs[title],
            library=library,
            by=lan,
            barcode=f"SRCH{number:06d}",
            accession_number=f"VV.{number:06d}",
            status=status,
            acquired_on=acquired_on,
            current_library=at,
        )

    copy("Số đỏ", provincial, acquired_on=dt.date(2024, 1, 10))
    copy("Số đỏ", provincial, acquired_on=dt.date(2024, 1, 10))
    copy("Số đỏ", commune, status=ItemStatus.ON_LOAN, acquired_on=dt.date(2024, 3, 1))
    copy("Sổ đỏ", commune, acquired_on=dt.date(2023, 6, 1))
    copy("Truyện Kiều", provincial, acquired_on=dt.date(2022, 9, 5))
    copy("Truyện Kiều", school, acquired_on=dt.date(2025, 2, 1))
    copy("Dế Mèn phiêu lưu ký", school, acquired_on=dt.date(2025, 3, 1))
    copy("Dế Mèn phiêu lưu ký", school, acquired_on=dt.date(2025, 3, 1))
    copy("Dế Mèn phiêu lưu ký", commune, acquired_on=dt.date(2025, 11, 20))
    copy("Đất rừng phương Nam", commune, status=ItemStatus.ON_LOAN, acquired_on=dt.date(2021, 1, 4))
    withdrawn = copy("Đất rừng phương Nam", provincial, acquired_on=dt.date(2010, 1, 4))
    services.change_item_status(
        item=withdrawn, to=ItemStatus.WITHDRAWN, by=lan, withdrawal_reference="QĐ 12/2024"
    )
    copy("Tắt đèn", provincial, acquired_on=dt.date(2020, 5, 5), at=bookcase)
    return Catalogue(
        bibs=bibs,
        libraries=province,
        cataloguer=lan,
    )


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    """The catalogue above, written once for the module and rolled back after it.

    Each test still runs in its own savepoint (it asks for `db`), so what it writes goes away.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_catalogue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def run(query: str = "", **options) -> engine.SearchResult:
    return engine.search(engine.SearchRequest(q=query, **options))


def titles(result: engine.SearchResult) -> list[str]:
    return [hit.title for hit in result.hits]


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)
