"""Every document libnet prints, through the pages that print it, with hostile values.

The small demo province is loaded, then its titles become 500 characters of Vietnamese in
decomposed Unicode that begin like an Excel formula, every copy gets a 1,200-character note,
readers, keepers and activities odd Unicode (bidirectional marks, a vertical tab, CJK, an
emoji). Each document must still come out: a PDF that poppler reads, an Excel file whose
cells are all text or numbers, never a formula. Empty documents (a register without copies,
a batch without items, a period without trips, no overdue loans) come out too.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from libnet.catalog.models import AccessionRegister, BibRecord, Item
from libnet.circulation.models import Loan
from libnet.core import clock
from libnet.mobile.models import MobileTrip, TripStop
from libnet.network.models import Library
from libnet.patrons.models import Patron
from libnet.rotation import services as rotation_services
from libnet.rotation.models import RotationBatch

pytestmark = pytest.mark.django_db

# 500 characters: a formula, decomposed Vietnamese (e + combining circumflex + acute), a
# right-to-left override, a zero-width space, CJK and an emoji.
HOSTILE_TITLE = (
    '=HYPERLINK("http://evil.example/x","Bấm vào") '
    + "Tie\u0302\u0301ng Vie\u0323\u0302t \u202e漢字\u200b😀 "
) * 20
HOSTILE_TITLE = HOSTILE_TITLE[:500]
HOSTILE_NOTE = ("Ghi chú: sách được tặng bởi hội khuyến học xã, bìa rách, đã dán lại; " * 20)[:1200]
HOSTILE_NAME = "+Nguye\u0302\u0303n Thi\u0323\u000b Hoa \u200f ̉  漢"
FORMULA_STARTS = ("=", "+", "-", "@")


def _fit(model, field: str, value: str) -> str:
    """`value` cut to the column (PostgreSQL refuses longer; SQLite would keep it)."""
    max_length = model._meta.get_field(field).max_length
    return value[:max_length] if max_length else value


def _make_hostile() -> None:
    BibRecord.objects.update(title=HOSTILE_TITLE, authors="@Tác giả\n-Người dịch")
    Item.objects.update(notes=_fit(Item, "notes", HOSTILE_NOTE))
    Patron.objects.update(
        full_name=_fit(Patron, "full_name", HOSTILE_NAME),
        address=_fit(Patron, "address", HOSTILE_NOTE),
    )
    RotationBatch.objects.update(
        keeper_name=_fit(RotationBatch, "keeper_name", HOSTILE_NAME),
        purpose=_fit(RotationBatch, "purpose", HOSTILE_NOTE),
        keeper_phone="=1+1",
    )
    TripStop.objects.update(activities=_fit(TripStop, "activities", HOSTILE_NOTE))


def _client(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _documents() -> Iterator[tuple[str, str, dict[str, object]]]:
    """(user, url, query) of every document the small demo can print."""
    today = clock.today()
    for register in AccessionRegister.objects.filter(library__code__in=["SL-TVT", "SL-TANLAP"]):
        user = "lan" if register.library.code == "SL-TVT" else "minh"
        yield user, reverse("staff:register_pdf", args=[register.pk]), {}
        yield user, reverse("staff:register_xlsx", args=[register.pk]), {}
        if register.items.exists():  # labels of an empty range are refused with their reason
            yield (
                user,
                reverse("staff:register_labels", args=[register.pk]),
                {"first": 1, "last": 30},
            )
    items = list(Item.objects.filter(home_library__code="SL-TANLAP").values_list("pk", flat=True))
    yield "minh", reverse("staff:labels"), {"items": items[:30]}
    yield "minh", reverse("circulation:overdue_letters"), {}
    yield "minh", reverse("circulation:overdue_letters"), {"min_days": 3000}  # nobody
    yield "an", reverse("circulation:overdue_letters"), {}
    patron = Patron.objects.filter(home_library__code="SL-TANLAP").first()
    assert patron is not None
    yield "minh", reverse("patrons:card_pdf", args=[patron.pk]), {}
    school = Library.objects.get(code="SL-THCS-TANLAP")
    pupil = Patron.objects.filter(home_library=school).exclude(school_class="").first()
    assert pupil is not None
    yield "an", reverse("patrons:class_cards", args=[school.pk]), {"class": pupil.school_class}
    for batch in RotationBatch.objects.all():
        yield "lan", reverse("rotation:batch_handover", args=[batch.pk]), {}
        yield "lan", reverse("rotation:batch_packing_list", args=[batch.pk]), {}
        yield "lan", reverse("rotation:batch_labels", args=[batch.pk]), {}
    yield "lan", reverse("rotation:transit_slip"), {"library": "SL-TVT"}
    trip_year = MobileTrip.objects.order_by("-date").values_list("date__year", flat=True).first()
    for year in {trip_year or today.year, 2001}:  # 2001: a year without trips
        query = {"library": "SL-TVT-LD", "period": "year", "year": year, "number": 1}
        yield "hung", reverse("mobile:report_pdf"), query
        yield "hung", reverse("mobile:report_xlsx"), query
    for code, user in (("SL-TANLAP", "chi"), ("SL-TVT", "chi"), ("SL-THCS-TANLAP", "an")):
        for period in (f"{today.year}", f"{today.year - 1}-12"):
            yield user, reverse("planning:report_pdf", args=[code, period]), {}
            yield user, reverse("planning:report_xlsx", args=[code, period]), {}


def _check_pdf(content: bytes, url: str) -> str:
    assert content.startswith(b"%PDF"), url
    if shutil.which("pdftotext") is None:
        return ""
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True)
    assert result.returncode == 0, (url, result.stderr)
    fonts = subprocess.run(["pdffonts", "-"], input=content, capture_output=True).stdout.decode()
    assert "Helvetica" not in fonts, url  # a built-in font: no ơ, ư, đ
    return result.stdout.decode()


def _check_xlsx(content: bytes, url: str) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(name)), (url, name)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (url, cell.coordinate, cell.value)
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                assert cell.quotePrefix, (url, cell.coordinate, cell.value)


def test_every_document_comes_out_with_hostile_values(small_demo):
    _make_hostile()
    AccessionRegister.objects.create(
        library=Library.objects.get(code="SL-TANLAP"), prefix="TRONG", name="=Sổ trống"
    )
    today = clock.today()
    rotation_services.create_batch(  # a batch with no item in it yet
        from_library=Library.objects.get(code="SL-TVT"),
        to_library=Library.objects.get(code="SL-TANLAP"),
        planned_start=today,
        planned_end=today + dt.timedelta(days=60),
        keeper_name=HOSTILE_NAME,
        boxes=3,
        by=None,
    )
    clients = {name: _client(name) for name in ("lan", "minh", "an", "hung", "chi")}
    seen = {"pdf": 0, "xlsx": 0}
    for user, url, query in _documents():
        response = clients[user].get(url, query)
        assert response.status_code == 200, (user, url, query, response.status_code)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if content.startswith(b"%PDF"):
            text = _check_pdf(content, url)
            assert "giả định" not in text, url
            assert "chưa đối chiếu" not in text, url
            seen["pdf"] += 1
        else:
            _check_xlsx(content, url)
            seen["xlsx"] += 1
    # Registers, labels, letters, cards, Mẫu 02, packing lists, box labels, transit slip,
    # Mẫu 01, report forms; Excel: registers, Mẫu 01, report forms.
    assert seen["pdf"] >= 15
    assert seen["xlsx"] >= 6
    assert Loan.objects.exists()  # the letters above had something to say
