"""A report shows one set of figures, and says where they come from.

A report's figures are its library's own (with its deposit points) plus the reports the
libraries below sent and it accepted; every column (computed, adjusted by, reported, since the
start of the year, %) is worked out from them, and the page, the API, the command and the
XLSX give the same numbers. Live figures (the dashboard, `rollup=true`) say they are live.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from libnet.core import tokens
from libnet.planning import services
from libnet.planning.periods import parse
from libnet.stats import services as stats

MARCH = dt.datetime(2026, 4, 5, 3, 0, tzinfo=dt.UTC)  # 5 April 2026, 10:00 in Vietnam


def bearer(persona) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


class ReportTable(HTMLParser):
    """The report table of a page: indicator code → the cells' texts after the name."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self.headers: list[str] = []
        self._table = False
        self._row: str | None = None
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        is_report_table = tag == "table" and "report-table" in (attributes.get("class") or "")
        if is_report_table and not self.rows and not self.headers:
            self._table = True  # the first one: the by-unit table comes after
        if not self._table:
            return
        if tag == "thead":
            self._in_head = True
        if tag == "tr" and attributes.get("data-indicator"):
            self._row = attributes["data-indicator"]
            self.rows[self._row] = []
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if not self._table:
            return
        if tag == "thead":
            self._in_head = False
        if tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            if self._in_head:
                self.headers.append(text)
            elif self._row is not None and tag == "td":
                self.rows[self._row].append(text)
            self._cell = None
        if tag == "table":
            self._table = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def number(text: str) -> int | None:
    """A figure as the page shows it: "1.234", "+35", "−10", "—" (none) or "" (none)."""
    text = text.strip()
    if text in ("", "—"):
        return None
    return int(text.replace(".", "").replace("−", "-").replace("+", ""))


def one_decimal(value: float) -> float:
    """Rounded half up, as a Vietnamese form writes a percentage."""
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def page_columns(content: str) -> dict[str, dict[str, object]]:
    table = ReportTable()
    table.feed(content)
    columns = {
        "Đơn vị tính": "unit",
        "Tính toán": "computed",
        "Điều chỉnh": "adjustment",
        "Số báo cáo": "value",
        "Ghi nhận sau khi gửi": "since_sent",
        "Lũy kế từ đầu năm": "cumulative",
        "Chỉ tiêu năm": "target",
        "%": "percent",
    }
    names = [columns[header] for header in table.headers[1:]]
    result: dict[str, dict[str, object]] = {}
    for code, cells in table.rows.items():
        row = dict(zip(names, cells, strict=True))
        result[code] = {
            name: (
                (float(text.replace(",", ".")) if text else None)
                if name == "percent"
                else text
                if name == "unit"
                else number(text)
            )
            for name, text in row.items()
        }
    return result


@pytest.fixture
def quarter(province, sibling, chi, hoa):
    """January to March 2026 at the province, Tân Lập and Hòa Bình; Tân Lập's three reports
    accepted (March's with +5 loans from the paper register), Hòa Bình's January accepted and
    its March sent but not accepted; the province's March adjusted by −10 visits; its plan."""
    for month in (1, 2, 3):
        day = dt.date(2026, month, 10)
        for library, loans in [
            (province["provincial"], 300 + month),
            (province["commune"], 40 + month),
            (province["bookcase"], 7),
            (sibling, 25 + month),
        ]:
            stats.bump(library_id=library.pk, indicator="loans", day=day, by=loans)
            stats.bump(library_id=library.pk, indicator="visits", day=day, by=loans * 3)
    services.adjust_report(
        library=province["commune"],
        period=parse("2026-03"),
        indicator_code="loans",
        delta=5,
        reason="Sổ mượn giấy ngày 31/3",
        by=hoa.user,
        at=MARCH,
    )
    for code in ("2026-01", "2026-02", "2026-03"):
        report = services.submit_report(
            library=province["commune"], period=parse(code), by=hoa.user, at=MARCH
        )
        services.accept_report(report=report, by=chi.user, at=MARCH)
    january = services.submit_report(library=sibling, period=parse("2026-01"), by=None, at=MARCH)
    services.accept_report(report=january, by=chi.user, at=MARCH)
    services.submit_report(library=sibling, period=parse("2026-03"), by=None, at=MARCH)
    services.adjust_report(
        library=province["provincial"],
        period=parse("2026-03"),
        indicator_code="visits",
        delta=-10,
        reason="Cổng đếm tính trùng đoàn tham quan",
        by=chi.user,
        at=MARCH,
    )
    services.set_targets(
        library=province["provincial"],
        year=2026,
        targets={"loans": 5_000, "visits": 12_000},
        by=chi.user,
        approve=True,
        at=MARCH,
    )


def test_every_column_of_a_report_agrees_on_the_page_the_api_the_command_and_the_xlsx(
    client, chi, province, quarter
):
    client.force_login(chi.user)
    page = client.get(reverse("planning:report", args=["SL-TVT", "2026-03"]))
    assert page.status_code == 200
    shown = page_columns(page.content.decode())
    api = client.get(
        "/api/v1/reports", {"library": "SL-TVT", "period": "2026-03"}, headers=bearer(chi)
    ).json()
    out = io.StringIO()
    call_command("report", "--library", "SL-TVT", "--period", "2026-03", stdout=out)
    command = json.loads(out.getvalue())
    assert {key: api[key] for key in command} == command
    earlier = [
        client.get(
            "/api/v1/reports", {"library": "SL-TVT", "period": code}, headers=bearer(chi)
        ).json()["indicators"]
        for code in ("2026-01", "2026-02")
    ]
    for code, figures in api["indicators"].items():
        row = shown[code]
        assert row["computed"] == figures["computed"], code
        assert (row["adjustment"] or 0) == figures["adjustment"], code
        assert row["value"] == figures["value"], code
        assert row["cumulative"] == figures["cumulative"], code
        assert row["target"] == figures["target"], code
        assert row["percent"] == figures["percent"], code
        assert figures["value"] == figures["computed"] + figures["adjustment"], code
        if code != "active_patrons":
            assert figures["cumulative"] == figures["value"] + sum(
                month[code]["value"] for month in earlier
            ), code
    # March: the province's own 303 and Tân Lập's accepted report (43, its bookcase's 7, +5
    # from the paper register); Hòa Bình's March is sent but not accepted, so not in.
    assert api["indicators"]["loans"]["value"] == 303 + 55
    assert api["indicators"]["visits"]["value"] == 303 * 3 + 50 * 3 - 10
    # January adds Hòa Bình's accepted report, February does not have one.
    assert earlier[0]["loans"]["value"] == 301 + (41 + 7) + 26
    assert api["indicators"]["loans"]["percent"] == one_decimal(
        100 * api["indicators"]["loans"]["cumulative"] / 5_000
    )
    xlsx = client.get(reverse("planning:report_xlsx", args=["SL-TVT", "2026-03"]))
    cells = [
        list(row)
        for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)
    ]
    loans = next(row for row in cells if row[1] == "Lượt tài liệu cho mượn về nhà")
    assert loans[4:8] == [
        5_000,
        358,
        api["indicators"]["loans"]["cumulative"],
        api["indicators"]["loans"]["percent"],
    ]


def test_a_year_report_shows_one_total_in_every_column(client, chi, province, quarter):
    """The year's report covers the whole plan year: "since the start of the year" is the
    reported figure itself, and the % is worked out from it, not from the live subtree."""
    client.force_login(chi.user)
    shown = page_columns(
        client.get(reverse("planning:report", args=["SL-TVT", "2026"])).content.decode()
    )
    visits = shown["visits"]
    assert visits["cumulative"] == visits["value"]
    assert visits["percent"] == one_decimal(100 * visits["value"] / 12_000)
    api = client.get(
        "/api/v1/reports", {"library": "SL-TVT", "period": "2026"}, headers=bearer(chi)
    ).json()
    assert api["indicators"]["visits"]["cumulative"] == api["indicators"]["visits"]["value"]
    assert api["indicators"]["visits"]["value"] == visits["value"]


def test_the_report_says_where_its_figures_come_from_and_which_reports_are_not_in(
    client, chi, province, quarter
):
    client.force_login(chi.user)
    content = client.get(reverse("planning:report", args=["SL-TVT", "2026-03"])).content.decode()
    assert "cộng với báo cáo đã được tiếp nhận của các thư viện trực thuộc: 1/2" in content
    assert "chưa tính: Thư viện xã Hòa Bình" in content
    assert "Cổng đếm tính trùng đoàn tham quan" in content
    assert "từ tháng 1/2026 đến tháng 3/2026" in content
    pdf = client.get(reverse("planning:report_pdf", args=["SL-TVT", "2026-03"]))
    if shutil.which("pdftotext"):
        text = " ".join(
            subprocess.run(
                ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
            )
            .stdout.decode()
            .split()
        )
        assert "cộng báo cáo đã được tiếp nhận của 1/2 thư viện trực thuộc" in text
        assert "Cổng đếm tính trùng đoàn tham quan" in text


def test_a_sent_report_shows_what_was_recorded_after_sending_not_a_silent_difference(
    client, chi, hoa, province, quarter
):
    """Tân Lập sent March with 43 loans + 5; 12 more March loans are recorded afterwards. The
    report still says 48 computed as sent, and shows the 12 apart, with the reason."""
    stats.bump(
        library_id=province["commune"].pk, indicator="loans", day=dt.date(2026, 3, 30), by=12
    )
    client.force_login(chi.user)
    page = client.get(reverse("planning:report", args=["SL-TANLAP", "2026-03"]))
    content = page.content.decode()
    loans = page_columns(content)["loans"]
    assert (loans["computed"], loans["adjustment"], loans["value"]) == (43 + 7, 5, 55)
    assert loans["since_sent"] == 12
    assert "Ghi nhận sau khi gửi" in content
    api = client.get(
        "/api/v1/reports", {"library": "SL-TANLAP", "period": "2026-03"}, headers=bearer(hoa)
    ).json()
    assert api["indicators"]["loans"]["since_sent"] == 12
    assert api["indicators"]["loans"]["value"] == 55


def test_the_dashboard_says_its_figures_are_live_and_they_equal_the_apis_live_roll_up(
    client, chi, province, quarter, in_april
):
    client.force_login(chi.user)
    page = client.get(reverse("planning:dashboard"), {"year": 2026, "indicator": "loans"})
    content = page.content.decode()
    assert "Số liệu theo ghi nhận hiện tại của mọi thư viện trực thuộc" in content
    live = client.get(
        "/api/v1/reports",
        {"library": "SL-TVT", "period": "2026", "rollup": "true"},
        headers=bearer(chi),
    ).json()
    assert live["basis"] == "live"
    total = live["indicators"]["loans"]["cumulative"]
    shown = f"{total:,}".replace(",", ".")
    assert f'<td class="num">{shown}</td>' in content
    assert total == (301 + 302 + 303) + (41 + 42 + 43 + 3 * 7) + (26 + 27 + 28)
