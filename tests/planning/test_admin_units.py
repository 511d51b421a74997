"""Reports with the administrative unit of their period, and roll-ups by unit (2025 reform).

A small Sông Lam: before 1/7/2025 the districts Hưng Lam (communes Tân Lập, Hưng Phúc) and
Thanh Sơn (Thị trấn Thanh Sơn, Xã Thanh Hà); from 1/7/2025 the communes Tân Lập (Tân Lập +
Hưng Phúc, same code) and Thanh Sơn (Thị trấn Thanh Sơn + Thanh Hà, a new code).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from libnet.core import tokens
from libnet.network.models import LibraryKind
from libnet.network.selectors import admin_unit_in_period, admin_units_in_period
from libnet.planning import documents, policies, selectors
from libnet.planning.periods import parse
from libnet.stats import services as stats
from tests.factories import LibraryFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def bearer(persona) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


# --- the unit of a period -----------------------------------------------------------------


def test_a_commune_library_shows_its_old_commune_before_the_reform_and_the_new_after(
    province, units
):
    commune = province["commune"]
    before = admin_unit_in_period(commune, parse("2024-Q3").end)
    assert before is not None
    assert (before.unit.id, before.exact) == (units["SL-X-TANLAP"].id, True)
    assert before.parent is not None
    assert before.parent.name == "Huyện Hưng Lam"
    assert before.group.name == "Huyện Hưng Lam"
    after = admin_unit_in_period(commune, parse("2025-Q4").end, start=parse("2025-Q4").start)
    assert after is not None
    assert (after.unit.id, after.group.id, after.merged_from) == (
        units["tan_lap"].id,
        units["tan_lap"].id,
        (),
    )


def test_a_period_that_spans_the_reform_names_the_merged_communes(province, units):
    year = parse("2025")
    place = admin_unit_in_period(province["commune"], year.end, start=year.start)
    assert place is not None
    assert place.unit.id == units["tan_lap"].id
    assert [unit.name for unit in place.merged_from] == ["Xã Hưng Phúc", "Xã Tân Lập"]
    assert documents.unit_text(place) == (
        "Xã Tân Lập (trước 1/7/2025: Xã Hưng Phúc, Xã Tân Lập — Huyện Hưng Lam)"
    )


def test_when_no_old_unit_kept_the_code_the_district_is_shown_with_the_candidates(sibling, units):
    """Thanh Sơn commune was formed from a town and a commune and kept neither's code: the
    library was in one of them, surely in the Thanh Sơn district."""
    place = admin_unit_in_period(sibling, parse("2024-Q3").end)
    assert place is not None
    assert (place.unit.id, place.exact) == (units["district_ts"].id, False)
    assert [unit.name for unit in place.candidates] == ["Thị trấn Thanh Sơn", "Xã Thanh Hà"]
    assert place.group.id == units["district_ts"].id
    assert documents.unit_text(place) == (
        "Huyện Thanh Sơn (một trong: Thị trấn Thanh Sơn, Xã Thanh Hà)"
    )


def test_a_library_recorded_in_an_old_unit_follows_it_into_the_merged_one(province, units):
    bookcase = province["bookcase"]
    before = admin_unit_in_period(bookcase, parse("2024-Q3").end)
    after = admin_unit_in_period(bookcase, parse("2025-Q4").end)
    assert before is not None
    assert after is not None
    assert (before.unit.name, before.exact) == ("Xã Hưng Phúc", True)
    assert after.unit.id == units["tan_lap"].id


def test_no_unit_before_the_history_starts_and_none_when_none_is_recorded(province, units):
    assert admin_unit_in_period(province["commune"], dt.date(2003, 12, 31)) is None
    assert admin_unit_in_period(province["school"], parse("2025-Q4").end) is None


def test_the_units_of_many_libraries_take_two_queries(
    province, units, django_assert_max_num_queries
):
    ids = [province["commune"].pk]
    for number in range(40):
        ids.append(
            LibraryFactory(
                code=f"SL-X{number:02d}", parent=province["commune"], admin_unit=units["tan_lap"]
            ).pk
        )
    with django_assert_max_num_queries(2):
        places = admin_units_in_period(ids, parse("2024-Q3").end)
    assert {place.group.name for place in places.values() if place} == {"Huyện Hưng Lam"}


# --- the roll-up by unit --------------------------------------------------------------------


def _groups(library, code):
    return {
        (group.unit.name if group.unit else None): (group.library_count, group.value("loans"))
        for group in selectors.figures_by_admin_unit(library, parse(code))
    }


def test_a_period_before_the_reform_groups_by_the_old_districts(province, loans):
    assert _groups(province["provincial"], "2024-Q3") == {
        "Tỉnh Sông Lam": (1, 300),  # the provincial library sits at the province level
        "Huyện Hưng Lam": (2, 47),  # Tân Lập and its bookcase (recorded in Hưng Phúc)
        "Huyện Thanh Sơn": (1, 25),
    }


def test_a_period_after_the_reform_groups_by_the_new_communes(province, loans):
    assert _groups(province["provincial"], "2025-Q4") == {
        "Tỉnh Sông Lam": (1, 300),
        "Xã Tân Lập": (2, 47),
        "Xã Thanh Sơn": (1, 25),
    }


def test_a_period_that_spans_the_reform_groups_by_the_units_of_its_end(province, sibling, loans):
    """March 2025 (under the districts) and November 2025 (the communes) both go to the
    communes of 31/12/2025."""
    stats.bump(
        library_id=province["commune"].pk, indicator="loans", day=dt.date(2025, 3, 10), by=10
    )
    stats.bump(library_id=sibling.pk, indicator="loans", day=dt.date(2025, 3, 10), by=5)
    assert _groups(province["provincial"], "2025") == {
        "Tỉnh Sông Lam": (1, 300),
        "Xã Tân Lập": (2, 57),
        "Xã Thanh Sơn": (1, 30),
    }


@pytest.mark.parametrize("code", ["2024-Q3", "2025-Q4", "2025", "2024"])
def test_the_groups_add_up_to_the_roll_up(province, loans, code):
    period = parse(code)
    groups = selectors.figures_by_admin_unit(province["provincial"], period)
    assert policies.add_figures(*(group.figures for group in groups)) == selectors.live_figures(
        province["provincial"], period, rollup=True
    )


def test_libraries_without_a_unit_are_a_group_of_their_own(province, loans):
    extra = LibraryFactory(code="SL-NOUNIT", parent=province["provincial"])
    stats.bump(library_id=extra.pk, indicator="loans", day=dt.date(2024, 8, 6), by=3)
    assert _groups(province["provincial"], "2024-Q3")[None] == (1, 3)


def test_the_roll_up_by_unit_costs_the_same_queries_for_ten_libraries_or_forty(
    province, units, django_assert_max_num_queries
):
    for number in range(40):
        library = LibraryFactory(
            code=f"SL-X{number:02d}",
            parent=province["commune"],
            kind=LibraryKind.COMMUNITY_BOOKCASE,
            admin_unit=units["tan_lap"],
        )
        stats.bump(library_id=library.pk, indicator="loans", day=dt.date(2024, 2, 3), by=2)
    with django_assert_max_num_queries(6):
        groups = selectors.figures_by_admin_unit(province["provincial"], parse("2024"))
    assert {group.unit.name: group.value("loans") for group in groups if group.unit} == {
        "Tỉnh Sông Lam": 0,
        "Huyện Hưng Lam": 80,
        "Huyện Thanh Sơn": 0,
    }


# --- pages, API, command, documents -----------------------------------------------------------


def test_the_report_page_shows_the_unit_of_the_period(client, chi, province, loans):
    client.force_login(chi.user)
    old = client.get(reverse("planning:report", args=["SL-TANLAP", "2024-Q3"]))
    assert old.status_code == 200
    assert "Xã Tân Lập, Huyện Hưng Lam" in old.content.decode()
    new = client.get(reverse("planning:report", args=["SL-TANLAP", "2025-Q4"]))
    assert "Huyện Hưng Lam" not in new.content.decode()


def test_the_province_report_page_groups_by_unit(client, chi, province, loans):
    client.force_login(chi.user)
    url = reverse("planning:report", args=["SL-TVT", "2024-Q3"])
    plain = client.get(url).content.decode()
    assert "?by=admin_unit" in plain
    page = client.get(url, {"by": "admin_unit"})
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="by-admin-unit"' in body
    assert "Huyện Thanh Sơn" in body
    assert "Huyện Hưng Lam" in body
    after = client.get(reverse("planning:report", args=["SL-TVT", "2025-Q4"]), {"by": "admin_unit"})
    assert "Xã Thanh Sơn" in after.content.decode()


def test_a_bad_grouping_is_refused_on_the_page_and_the_api(client, chi, province, units):
    client.force_login(chi.user)
    page = client.get(reverse("planning:report", args=["SL-TVT", "2024-Q3"]), {"by": "district"})
    assert page.status_code == 400
    response = client.get(
        "/api/v1/reports",
        {"library": "SL-TVT", "period": "2024-Q3", "rollup": "true", "by": "district"},
        headers=bearer(chi),
    )
    assert (response.status_code, response.json()["code"]) == (400, "unknown_grouping")


def test_other_librarys_staff_get_404_for_the_grouped_page_and_api(client, hoa, sibling, loans):
    client.force_login(hoa.user)
    for code in ("SL-TVT", sibling.code):
        page = client.get(reverse("planning:report", args=[code, "2024-Q3"]), {"by": "admin_unit"})
        assert page.status_code == 404
        response = client.get(
            "/api/v1/reports",
            {"library": code, "period": "2024-Q3", "rollup": "true", "by": "admin_unit"},
            headers=bearer(hoa),
        )
        assert response.status_code == 404


def test_the_api_groups_the_roll_up_by_unit(client, chi, province, loans):
    response = client.get(
        "/api/v1/reports",
        {"library": "SL-TVT", "period": "2024-Q3", "rollup": "true", "by": "admin_unit"},
        headers=bearer(chi),
    )
    body = response.json()
    assert response.status_code == 200
    assert body["admin_unit"] == {"code": "SL", "name": "Tỉnh Sông Lam"}
    assert body["by"] == "admin_unit"
    groups = {group["admin_unit"]["code"]: group for group in body["groups"]}
    assert set(groups) == {"SL", "SL-D-HUNGLAM", "SL-D-THANHSON"}
    assert groups["SL-D-HUNGLAM"]["libraries"] == 2
    assert groups["SL-D-HUNGLAM"]["indicators"]["loans"] == 47
    assert (
        sum(group["indicators"]["loans"] for group in body["groups"])
        == body["indicators"]["loans"]["value"]
        == 372
    )


def test_the_command_gives_the_unit_of_the_period(province, loans):
    out = io.StringIO()
    call_command("report", "--library", "SL-TANLAP", "--period", "2024-Q3", stdout=out)
    assert json.loads(out.getvalue())["admin_unit"] == {"code": "SL-X-TANLAP", "name": "Xã Tân Lập"}
    out = io.StringIO()
    call_command(
        "report",
        "--library",
        "SL-TVT",
        "--period",
        "2025-Q4",
        "--rollup",
        "--by",
        "admin_unit",
        stdout=out,
    )
    body = json.loads(out.getvalue())
    assert [group["admin_unit"]["name"] for group in body["groups"]] == [
        "Tỉnh Sông Lam",
        "Xã Tân Lập",
        "Xã Thanh Sơn",
    ]


def test_the_xlsx_and_pdf_name_the_unit_of_the_period(client, chi, province, loans):
    client.force_login(chi.user)
    xlsx = client.get(reverse("planning:report_xlsx", args=["SL-TANLAP", "2024-Q3"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [value for row in sheet.iter_rows(values_only=True) for value in row if value]
    assert "Đơn vị báo cáo: Thư viện xã Tân Lập — Xã Tân Lập, Huyện Hưng Lam" in cells
    assert "Đơn vị nhận báo cáo: Thư viện tỉnh Sông Lam" in cells
    pdf = client.get(reverse("planning:report_pdf", args=["SL-TANLAP", "2025"]))
    assert pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
        ).stdout.decode()
        assert "Xã Tân Lập (trước 1/7/2025: Xã Hưng Phúc, Xã Tân Lập — Huyện Hưng Lam)" in " ".join(
            text.split()
        )
    if shutil.which("pdftoppm"):
        SCREENSHOTS.mkdir(exist_ok=True)
        (SCREENSHOTS / "planning-report-admin-unit.pdf").write_bytes(pdf.content)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-singlefile",
                str(SCREENSHOTS / "planning-report-admin-unit.pdf"),
                str(SCREENSHOTS / "planning-report-admin-unit-pdf"),
            ],
            check=True,
        )
