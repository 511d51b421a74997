"""The official statistics forms (TT 18/2014 Art. 13, the Ministry's yearly table) against
counts made by hand on a small network; their pages, documents and API; other libraries and
other bodies get a 404."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from libnet.catalog.models import ItemStatus, ItemType, WithdrawalDecision
from libnet.circulation.models import InLibraryUse, VisitCount, VisitSource
from libnet.core import tokens
from libnet.core.errors import LibnetError
from libnet.network.models import AdminUnit, AdminUnitLevel, AdminUnitPopulation, Library
from libnet.patrons import policies as patron_policies
from libnet.patrons import services as patron_services
from libnet.patrons.models import ConsentRole, PatronStatus
from libnet.planning import selectors
from libnet.planning.models import OfficialFormLayout
from libnet.planning.official import checks, layouts
from libnet.planning.official.sheets import official_form
from libnet.planning.official.views import closed_periods
from libnet.planning.periods import PeriodKind, parse, periods_to_date
from libnet.stats import rebuild
from tests.factories import BibRecordFactory, ItemFactory, LoanFactory, PatronFactory, category

pytestmark = pytest.mark.django_db

Q3 = parse("2026-Q3")


def moment(day: dt.date) -> dt.datetime:
    """10:00 in Vietnam on `day`."""
    return dt.datetime(day.year, day.month, day.day, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def counted(province):
    """A small network whose figures were counted by hand (see each test)."""
    provincial, commune = province["provincial"], province["commune"]
    literature = BibRecordFactory(class_number="895.9223", class_scheme="ddc")
    economics = BibRecordFactory(class_number="335.4", class_scheme="ddc")
    unclassed = BibRecordFactory(class_number="")

    def copy(bib, library, day, **fields):
        return ItemFactory(
            bib=bib, home_library=library, created_at=moment(day), updated_at=moment(day), **fields
        )

    a1 = copy(literature, commune, dt.date(2026, 2, 10))
    a2 = copy(literature, commune, dt.date(2026, 2, 10))
    b1 = copy(economics, commune, dt.date(2026, 5, 3), item_type=ItemType.TEXTBOOK)
    # Carried over from an older system in July, held since 2025.
    c1 = copy(unclassed, commune, dt.date(2026, 7, 15), acquired_on=dt.date(2025, 6, 1))
    p1 = copy(economics, provincial, dt.date(2026, 8, 20), item_type=ItemType.REFERENCE)
    copy(economics, provincial, dt.date(2026, 8, 20), item_type=ItemType.REFERENCE)
    decision = WithdrawalDecision.objects.create(
        library=commune,
        number="01/QĐ-TV",
        decided_on=dt.date(2026, 6, 30),
        created_at=moment(dt.date(2026, 6, 30)),
    )
    a2.status, a2.withdrawal_decision = ItemStatus.WITHDRAWN, decision
    a2.save(update_fields=["status", "withdrawal_decision"])

    adult = PatronFactory(home_library=commune, birth_date=dt.date(1980, 1, 1))
    PatronFactory(home_library=commune, category=category("child"), birth_date=dt.date(2019, 1, 1))
    PatronFactory(home_library=commune, category=category("pupil"), birth_date=dt.date(2013, 1, 1))
    PatronFactory(
        home_library=commune, category=category("elderly"), birth_date=dt.date(1950, 1, 1)
    )
    # In the "disabled" card category, but never agreed to the disability being recorded.
    PatronFactory(home_library=commune, category=category("disabled"))
    PatronFactory(home_library=commune, card_valid_until=dt.date(2026, 6, 30))  # expired
    PatronFactory(home_library=commune, status=PatronStatus.ERASED)
    patron_services.record_consent(
        patron=adult,
        given_by=ConsentRole.READER,
        purpose=patron_policies.DISABILITY_RECORD,
        by=None,
        at=moment(dt.date(2026, 8, 1)),
    )

    LoanFactory(item=a1, patron=adult, library=commune, loaned_at=moment(dt.date(2026, 8, 5)))
    LoanFactory(item=b1, patron=adult, library=commune, loaned_at=moment(dt.date(2026, 9, 10)))
    LoanFactory(item=p1, patron=adult, library=provincial, loaned_at=moment(dt.date(2026, 8, 21)))
    InLibraryUse.objects.create(
        library=commune, item=c1, used_at=moment(dt.date(2026, 9, 1)), count=3
    )
    # Counted for the day without a copy.
    InLibraryUse.objects.create(
        library=commune, item=None, used_at=moment(dt.date(2026, 9, 2)), count=4
    )
    VisitCount.objects.create(
        library=commune,
        day=dt.date(2026, 9, 3),
        source=VisitSource.MANUAL,
        count=10,
        updated_at=moment(dt.date(2026, 9, 3)),
    )
    rebuild.rebuild_daily_stats()
    unit = AdminUnit.objects.create(
        code="SL",
        name="Tỉnh Sông Lam",
        level=AdminUnitLevel.PROVINCE,
        valid_from=dt.date(2004, 1, 1),
    )
    Library.objects.filter(pk=provincial.pk).update(admin_unit=unit)
    provincial.refresh_from_db()
    AdminUnitPopulation.objects.create(unit=unit, as_of=dt.date(2025, 12, 31), population=1000)
    AdminUnitPopulation.objects.create(unit=unit, as_of=dt.date(2026, 12, 31), population=2000)
    return province


def values(form, number):
    row = form.row(number)
    return row.period, row.to_date


def class_row(form, parent, key):
    """The row under `parent` for main class `key` ("" for no class number)."""
    position = (int(key) + 1) if key else 11
    return form.row(f"{parent}.{position}")


def test_holdings_by_class_and_format_match_the_hand_count(counted):
    """On 30/9/2026 the province and the commune hold 5 copies: the commune's second copy of
    the novel was written off on 30/6; the copy carried over counts from when it was acquired."""
    form = official_form("tt18", counted["provincial"], Q3)
    assert values(form, "2") == (5, None)
    assert values(form, "1") == (
        4,
        None,
    )  # novel, economics at the commune, economics at the province, unclassed
    assert class_row(form, "2", "8").period == 1
    assert class_row(form, "2", "3").period == 3
    assert class_row(form, "2", "").period == 1
    assert class_row(form, "1", "3").period == 2
    # Books: the novel and the unclassed copy; a textbook; two reference books.
    assert [form.row(f"4.{n}").period for n in (1, 2, 3, 4)] == [2, 1, 2, 0]
    assert [form.row(f"3.{n}").period for n in (1, 2, 3)] == [2, 1, 1]
    assert checks.disagreements(form) == []


def test_additions_and_uses_by_class_add_up_to_the_counters(counted):
    form = official_form("tt18", counted["provincial"], Q3)
    # Q3: the unclassed copy (15/7) and two at the province (20/8); since 1/1, three more.
    assert values(form, "5") == (3, 6)
    assert (class_row(form, "5", "3").period, class_row(form, "5", "3").to_date) == (2, 3)
    assert (class_row(form, "5", "8").period, class_row(form, "5", "8").to_date) == (0, 2)
    assert form.row("5.12").period == 0  # nothing carried over without copies
    assert values(form, "9") == (3, 3)  # loans
    assert class_row(form, "9", "3").period == 2
    assert class_row(form, "9", "8").period == 1
    assert values(form, "8") == (7, 7)  # uses in place: 3 of the unclassed copy, 4 without a copy
    assert class_row(form, "8", "").period == 3
    assert form.row("8.12").period == 4
    assert values(form, "14") == (10, 10)
    assert checks.disagreements(form) == []


def test_readers_by_group_count_a_disability_only_with_consent(counted):
    """Five readers of the commune hold a valid card on 30/9 (the expired card and the erased
    reader do not count); one agreed to the disability being recorded, the reader in the
    "disabled" category did not."""
    form = official_form("tt18", counted["commune"], Q3)
    assert values(form, "12") == (5, None)
    groups = [row.period for row in form.rows if row.part_of == "12" and row.splits]
    assert groups == [1, 1, 1, 2]
    assert values(form, "13") == (1, None)
    assert values(form, "10") == (1, 1)  # the adult borrowed in August and September


def test_withdrawing_the_consent_takes_the_reader_out_of_the_count(counted):
    consent = (
        counted["commune"]
        .patrons.get(consents__purpose=patron_policies.DISABILITY_RECORD)
        .consents.get(purpose=patron_policies.DISABILITY_RECORD)
    )
    patron_services.withdraw_consent(consent=consent, by=None, at=moment(dt.date(2026, 9, 15)))
    assert values(official_form("tt18", counted["commune"], Q3), "13") == (0, None)
    # Still counted at the end of August, before the withdrawal.
    assert values(official_form("tt18", counted["commune"], parse("2026-08")), "13") == (1, None)


def test_the_ministrys_table_counts_public_libraries_and_copies_per_inhabitant(counted):
    form = official_form("ministry", counted["provincial"], Q3)
    assert values(form, "1") == (3, None)  # provincial, commune, bookcase; the school is not
    levels = [row.period for row in form.rows if row.part_of == "1"]
    assert levels == [1, 0, 1, 1, 0]
    assert [row.period for row in form.rows if row.part_of == "2"] == [2, 0, 3, 0, 0]
    kinds = [row.period for row in form.rows if row.part_of == "1a"]
    assert kinds == [1, 0, 0, 1, 1, 0, 0, 0]  # provincial, commune, community bookcase
    assert values(form, "7") == (10, 10)  # loans 3 + uses in place 7
    assert values(form, "8") == (1000, None)  # the figure of 31/12/2025 still holds on 30/9/2026
    assert values(form, "9") == (Decimal("0.01"), None)  # 5 / 1000, rounded half up
    assert values(official_form("ministry", counted["provincial"], parse("2026")), "8") == (
        2000,
        None,
    )
    assert checks.disagreements(form) == []


def test_the_ministrys_table_is_refused_for_a_school(counted):
    with pytest.raises(LibnetError) as refused:
        official_form("ministry", counted["school"], Q3)
    assert refused.value.code == "public_libraries_only"


def test_every_kind_of_period_gives_a_form_whose_columns_agree(counted):
    """Each kind planning offers (iterated, so a new kind is tested too): the flows' "since
    the start of the year" is the sum of the forms of the periods to date."""
    today = dt.date(2027, 1, 15)
    periods = closed_periods(today)
    assert {period.kind for period in periods} == set(PeriodKind)
    for period in periods:
        for code in layouts.form_codes():
            form = official_form(code, counted["provincial"], period)
            assert checks.disagreements(form) == [], period.code
            earlier = [
                official_form(code, counted["provincial"], p) for p in periods_to_date(period)
            ]
            for row in form.rows:
                if row.kind == "flow":
                    assert row.to_date == sum(f.row(row.number).period for f in earlier), (
                        period.code,
                        row.number,
                    )


def test_the_province_changes_a_layout_and_a_bad_one_is_refused(counted, client):
    from django.contrib.auth import get_user_model

    shipped = layouts.shipped_layouts()["tt18"]
    OfficialFormLayout.objects.create(
        code="tt18",
        layout={"rows": [dict(shipped["rows"][13], number="A", label="Lượt đến thư viện")]},
        updated_at=moment(dt.date(2026, 10, 1)),
    )
    form = official_form("tt18", counted["provincial"], Q3)
    assert [(row.number, row.label, row.period) for row in form.rows] == [
        ("A", "Lượt đến thư viện", 10)
    ]
    assert form.province_layout
    assert not form.libnet_own
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "demo-password")
    client.force_login(admin)
    url = reverse(
        "admin:planning_officialformlayout_change", args=[OfficialFormLayout.objects.get().pk]
    )
    response = client.post(
        url,
        {
            "code": "tt18",
            "layout": '{"rows": [{"number": "1", "label": "X", "unit": "bản", "counts": "", "measure": "magic"}]}',
        },
    )
    assert response.status_code == 200
    assert "unknown measure" in response.content.decode()
    assert OfficialFormLayout.objects.get().layout["rows"][0]["number"] == "A"


def test_every_shipped_row_says_what_it_counts():
    codes = {"visits", "loans", "in_library_uses", "items_added", "titles_added", "new_patrons",
             "active_patrons", "serial_titles_subscribed"}  # fmt: skip
    for code, layout in layouts.shipped_layouts().items():
        assert layouts.layout_problems(layout, indicator_codes=codes) == [], code


def test_the_forms_indicator_rows_are_the_reports_live_figures(counted):
    live = selectors.live_figures(counted["provincial"], Q3, rollup=True)
    form = official_form("tt18", counted["provincial"], Q3)
    assert form.row("14").period == live["visits"]
    assert form.row("9").period == live["loans"]
    assert form.row("11").period == live.get("new_patrons", 0)


# --- pages, documents, API; other libraries and bodies ------------------------------------


def bearer(persona) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


def test_the_page_xlsx_pdf_and_api_give_the_same_figures(counted, chi, client):
    client.force_login(chi.user)
    url = reverse("planning:statistics", args=["SL-TVT"])
    page = client.get(url, {"form": "tt18", "period": "2026-Q3"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-row="2"' in html
    assert "Bản tài liệu (đăng ký cá biệt)" in html  # what row 2 counts
    workbook = client.get(url, {"form": "tt18", "period": "2026-Q3", "format": "xlsx"})
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["2"][3] == 5
    assert rows["5"][3:5] == (3, 6)
    pdf = client.get(url, {"form": "ministry", "period": "2026-Q3", "format": "pdf"})
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    answer = client.get(
        "/api/v1/statistics/tt18", {"library": "SL-TVT", "period": "2026-Q3"}, headers=bearer(chi)
    )
    assert answer.status_code == 200
    body = answer.json()
    got = {row["number"]: (row["period"], row["to_date"]) for row in body["rows"]}
    assert got["2"] == (5, None)
    assert got["5"] == (3, 6)
    assert body["libnet_layout"] is True


def test_a_bad_period_or_form_is_a_clear_refusal(counted, chi, client):
    client.force_login(chi.user)
    url = reverse("planning:statistics", args=["SL-TVT"])
    assert client.get(url, {"form": "tt18", "period": "2026-13"}).status_code == 400
    page = client.get(url, {"form": "nope", "period": "2026-Q3"})
    assert page.status_code == 400
    assert "tt18" in page.content.decode()
    answer = client.get(
        "/api/v1/statistics/nope", {"library": "SL-TVT", "period": "2026-Q3"}, headers=bearer(chi)
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "unknown_form"


@pytest.mark.parametrize(
    ("persona", "library"),
    [
        ("minh", "SL-TVT"),  # a commune clerk, the province above him
        ("an", "SL-TANLAP"),  # a school librarian, a commune library
        ("minh", "SL-THCS-TANLAP"),  # a commune clerk, a school
        ("thu", "SL-TANLAP"),  # the education department, a public library
        ("thu", "SL-THCS-TANLAP"),  # the education department, a school of the commune office
        ("nga", "SL-TVT"),  # the commune office, the provincial library
    ],
)
def test_other_libraries_and_other_bodies_get_404(counted, request, client, persona, library):
    officer = request.getfixturevalue(persona)
    client.force_login(officer.user)
    url = reverse("planning:statistics", args=[library])
    for form in ("tt18", "ministry"):
        for output in ("", "xlsx", "pdf"):
            response = client.get(url, {"form": form, "period": "2026-Q3", "format": output})
            assert response.status_code == 404, (form, output)
        answer = client.get(
            f"/api/v1/statistics/{form}",
            {"library": library, "period": "2026-Q3"},
            headers=bearer(officer),
        )
        assert answer.status_code == 404


def test_the_commune_office_sees_its_schools_form(counted, nga, client):
    client.force_login(nga.user)
    response = client.get(
        reverse("planning:statistics", args=["SL-THCS-TANLAP"]),
        {"form": "tt18", "period": "2026-SY"},
    )
    assert response.status_code == 200


def test_a_layout_written_around_the_admin_is_refused_with_what_is_wrong(counted, chi, client):
    OfficialFormLayout.objects.create(
        code="tt18",
        layout={"rows": [{"number": "1", "label": "X", "unit": "bản", "measure": "magic"}]},
        updated_at=moment(dt.date(2026, 10, 1)),
    )
    client.force_login(chi.user)
    response = client.get(
        reverse("planning:statistics", args=["SL-TVT"]), {"form": "tt18", "period": "2026-Q3"}
    )
    assert response.status_code == 400
    assert "unknown measure" in response.content.decode()
