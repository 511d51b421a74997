"""A book-donation drive of the provincial library, which Tân Lập's commune library takes part
in: Lan records at the province, Minh at the commune, An (the school) is another library."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog import services as catalog_services
from libnet.catalog.models import BibIsbn, BibRecord
from libnet.core import clock
from libnet.donations import services
from libnet.donations.models import Donation, Donor, Drive
from libnet.donations.services import NewLine
from tests.factories import BibRecordFactory

# A record already in the catalogue, found by its ISBN when a donated copy is typed in.
ISBN = "978-604-1-00001-8"
ISBN13 = "9786041000018"


@pytest.fixture
def received_on() -> dt.date:
    return clock.today() - dt.timedelta(days=5)


@pytest.fixture
def register(province, lan):
    return catalog_services.create_register(
        library=province["provincial"], prefix="VV", name="Sách tiếng Việt", by=lan.user
    )


@pytest.fixture
def de_men(db) -> BibRecord:
    bib = BibRecordFactory(title="Dế Mèn phiêu lưu ký")
    BibIsbn.objects.create(bib=bib, isbn13=ISBN13)
    return bib


@pytest.fixture
def drive(province, lan, received_on) -> Drive:
    return services.open_drive(
        library=province["provincial"],
        title="Ngày Sách Việt Nam: mỗi người một cuốn sách",
        starts_on=received_on - dt.timedelta(days=10),
        ends_on=received_on + dt.timedelta(days=20),
        goal_books=100,
        covers_subtree=True,
        by=lan.user,
    )


@pytest.fixture
def donor(province, lan) -> Donor:
    return services.record_donor(
        library=province["provincial"],
        kind="family",
        name="Gia đình ông Nguyễn Văn Đức",
        contact="0912 345 678, thôn Đông, xã Tân Lập",
        by=lan.user,
    )


@pytest.fixture
def donation(province, lan, donor, drive, de_men, received_on) -> Donation:
    """Three copies of a catalogued title (by ISBN) and five of a title typed in."""
    return services.record_donation(
        library=province["provincial"],
        donor=donor,
        drive=drive,
        received_on=received_on,
        lines=[
            NewLine(copies=3, isbn=ISBN, value_vnd=150_000, condition="new"),
            NewLine(copies=5, title="Truyện cổ tích Việt Nam", value_vnd=200_000),
        ],
        by=lan.user,
    )
