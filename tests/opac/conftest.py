"""A small public catalogue around the personas, written through the catalogue services (so
the search index follows, as it does in production).

- Số đỏ: three copies at the provincial library (one on loan, one withdrawn) and one at
  Tân Lập commune library, on the children's shelf.
- Dế Mèn phiêu lưu ký: one copy at Tân Lập lower-secondary school, newest of all.
- Truyện Kiều: catalogued, but no library holds a copy.
"""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog import services
from libnet.catalog.models import ItemStatus, ShelfLocation
from tests.factories import make_marc


@pytest.fixture
def catalogue(lan, province):
    provincial, commune, school = province["provincial"], province["commune"], province["school"]
    children_shelf = ShelfLocation.objects.create(library=commune, code="TN", name="Góc thiếu nhi")
    so_do = services.create_record(
        marc_record=make_marc(
            title="Số đỏ",
            author="Vũ Trọng Phụng",
            year=2016,
            isbn="978-604-1-00001-8",
            subjects=("Văn học Việt Nam", "Tiểu thuyết"),
        ),
        by=lan.user,
        library=provincial,
    )
    de_men = services.create_record(
        marc_record=make_marc(
            title="Dế Mèn phiêu lưu ký",
            author="Tô Hoài",
            year=2020,
            ddc="895.9223",
            subjects=("Văn học thiếu nhi", "Truyện dài"),
        ),
        by=lan.user,
        library=provincial,
    )
    kieu = services.create_record(
        marc_record=make_marc(
            title="Truyện Kiều",
            author="Nguyễn Du",
            year=2015,
            subjects=("Văn học Việt Nam", "Truyện thơ"),
        ),
        by=lan.user,
        library=provincial,
    )

    def add(
        bib,
        library,
        barcode,
        *,
        acquired_on,
        status=ItemStatus.AVAILABLE,
        call_number="895.9223 V500T",
        **fields,
    ):
        return services.add_item(
            bib=bib,
            library=library,
            by=lan.user,
            barcode=barcode,
            accession_number=f"VV.{barcode[-6:]}",
            call_number=call_number,
            status=status,
            acquired_on=acquired_on,
            price_vnd=85000,
            notes="Sách tặng của ông Nguyễn Văn A",  # staff-only: never on a public page
            **fields,
        )

    copies = {
        "provincial_free": add(so_do, provincial, "TVT0000001", acquired_on=dt.date(2025, 1, 5)),
        "provincial_on_loan": add(
            so_do,
            provincial,
            "TVT0000002",
            status=ItemStatus.ON_LOAN,
            acquired_on=dt.date(2025, 1, 5),
        ),
        "provincial_withdrawn": add(
            so_do, provincial, "TVT0000003", acquired_on=dt.date(2020, 1, 5)
        ),
        "commune": add(
            so_do,
            commune,
            "TANLAP000001",
            acquired_on=dt.date(2025, 6, 1),
            shelf_location=children_shelf,
            call_number="895.9223 V500T-TN",
        ),
        "school": add(de_men, school, "THCS00000001", acquired_on=dt.date(2026, 2, 1)),
    }
    services.change_item_status(
        item=copies["provincial_withdrawn"],
        to=ItemStatus.WITHDRAWN,
        by=lan.user,
        withdrawal_reference="QĐ 12/2025",
    )
    return {"so_do": so_do, "de_men": de_men, "kieu": kieu, "copies": copies, **province}
