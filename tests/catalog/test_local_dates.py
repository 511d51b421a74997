"""Dates shown or printed are Vietnam's calendar days, also in the seven hours when the UTC
date is still yesterday: at 17:30 UTC on 1 March it is 00:30 on 2 March in Hà Nội."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import openpyxl
import pytest
from django.urls import reverse

from libnet.circulation import documents as circulation_documents
from libnet.rotation import documents as rotation_documents
from libnet.rotation.models import Transfer
from tests.factories import ItemFactory, LoanFactory, RegisterFactory

# 00:30 on 2 March 2026 in Vietnam; the UTC date is still 1 March.
JUST_AFTER_MIDNIGHT = dt.datetime(2026, 3, 1, 17, 30, tzinfo=dt.UTC)


@pytest.fixture
def entered_after_midnight(province):
    """A copy entered in the commune's register at 00:30 local time, no acquisition date."""
    register = RegisterFactory(library=province["commune"], prefix="VV", name="Sách tiếng Việt")
    return ItemFactory(
        home_library=province["commune"],
        register=register,
        accession_number="VV.000001",
        accession_sequence=1,
        acquired_on=None,
        created_at=JUST_AFTER_MIDNIGHT,
        updated_at=JUST_AFTER_MIDNIGHT,
    )


def _entry_dates(sheet) -> list[str]:
    """The first column of the register's lines (the rows under its heading row)."""
    rows = list(sheet.iter_rows(values_only=True))
    heading = next(index for index, row in enumerate(rows) if row[0] == "Ngày vào sổ")
    values = [row[0] for row in rows[heading + 1 :] if row[0]]
    return [
        value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value) for value in values
    ]


def test_the_register_download_enters_a_copy_on_the_local_day(client, minh, entered_after_midnight):
    client.force_login(minh.user)
    response = client.get(reverse("staff:register_xlsx", args=[entered_after_midnight.register_id]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert _entry_dates(sheet) == ["02/03/2026"]


def test_the_register_page_enters_a_copy_on_the_local_day(client, minh, entered_after_midnight):
    client.force_login(minh.user)
    page = client.get(
        reverse("staff:register", args=[entered_after_midnight.register_id])
    ).content.decode()
    assert "02/03/2026" in page
    assert "01/03/2026" not in page


def test_an_overdue_letter_gives_the_local_day_of_the_loan(province):
    loan = LoanFactory(loaned_at=JUST_AFTER_MIDNIGHT, due_on=dt.date(2026, 3, 16))
    (letter,) = circulation_documents.overdue_letters([loan], on=dt.date(2026, 4, 1))
    assert letter.lines[0].loaned_on == dt.date(2026, 3, 2)


def test_a_transit_slip_gives_the_local_day_of_the_request(province, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed (make test installs it)")
    item = ItemFactory(home_library=province["provincial"], current_library=province["commune"])
    transfer = Transfer.objects.create(
        item=item,
        from_library=province["commune"],
        to_library=province["provincial"],
        reason="return_home",
        requested_at=JUST_AFTER_MIDNIGHT,
    )
    content = rotation_documents.transit_slip_pdf([transfer], library=province["commune"])
    path = tmp_path / "slip.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    # The narrow "since" column wraps the year: read the cells' text without line breaks.
    since = "".join(text.split("Từ ngày", 1)[1].split())
    assert "02/03/2026" in since
    assert "01/03/2026" not in since
