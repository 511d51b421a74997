"""The readers' staff pages: what the clerk does all day, and what other libraries never see."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from libnet.patrons import services
from libnet.patrons.models import Consent, Patron, PatronStatus
from tests.factories import PatronFactory, category


@pytest.fixture
def school_reader(province):
    """A pupil who only ever used the school library: the commune must not see him."""
    return PatronFactory(
        home_library=province["school"],
        school=province["school"],
        school_class="6A",
        category=category("pupil"),
        full_name="Võ Văn Tài",
        card_number="THCSTANLAP2026000001",
        birth_date=dt.date(2014, 1, 1),
    )


@pytest.fixture
def commune_reader(province):
    return PatronFactory(
        home_library=province["commune"], full_name="Đinh Thị Mơ", card_number="TANLAP2026000001"
    )


# Every page that shows or changes one reader, with the method it answers.
READER_PAGES = [
    ("get", "patrons:detail"),
    ("post", "patrons:renew"),
    ("post", "patrons:block"),
    ("post", "patrons:unblock"),
    ("post", "patrons:set_pin"),
    ("post", "patrons:record_consent"),
    ("post", "patrons:change_class"),
    ("get", "patrons:card_pdf"),
    ("get", "patrons:export"),
    ("get", "patrons:erase"),
    ("post", "patrons:erase"),
]


@pytest.mark.parametrize(("method", "name"), READER_PAGES)
def test_commune_clerk_gets_404_for_every_page_of_a_school_reader(
    client, minh, school_reader, method, name
):
    client.force_login(minh.user)
    response = getattr(client, method)(reverse(name, args=[school_reader.pk]), {"reason": "x"})
    assert response.status_code == 404
    school_reader.refresh_from_db()
    assert school_reader.status == PatronStatus.ACTIVE
    assert not school_reader.pin_hash


@pytest.mark.parametrize(("method", "name"), READER_PAGES)
def test_the_department_officer_gets_404_for_every_page_of_bình(client, chi, binh, method, name):
    client.force_login(chi.user)
    response = getattr(client, method)(reverse(name, args=[binh.pk]))
    assert response.status_code == 404


def test_withdrawing_a_consent_of_a_school_reader_is_404_for_the_commune(
    client, minh, school_reader
):
    consent = services.record_consent(patron=school_reader, given_by="reader", by=None)
    client.force_login(minh.user)
    url = reverse("patrons:withdraw_consent", args=[school_reader.pk, consent.pk])
    assert client.post(url).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


@pytest.mark.parametrize(
    "name", ["patrons:class_detail", "patrons:class_cards", "patrons:rollover"]
)
def test_commune_clerk_gets_404_for_the_school_classes(client, minh, province, school_reader, name):
    client.force_login(minh.user)
    url = reverse(name, args=[province["school"].pk])
    assert client.get(url, {"class": "6A"}).status_code == 404
    assert client.post(url).status_code in (404, 405)
    school_reader.refresh_from_db()
    assert school_reader.school_class == "6A"


def test_the_reader_list_shows_my_readers_only(client, minh, commune_reader, school_reader, binh):
    client.force_login(minh.user)
    response = client.get(reverse("patrons:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đinh Thị Mơ" in page
    assert "Phạm Văn Bình" in page  # he borrowed at the commune
    assert "Võ Văn Tài" not in page


def test_filtering_the_list_by_another_library_is_404(client, minh, province):
    client.force_login(minh.user)
    response = client.get(reverse("patrons:list"), {"library": province["school"].pk})
    assert response.status_code == 404


def test_the_department_officer_may_not_open_the_reader_pages(client, chi, binh):
    client.force_login(chi.user)
    for name in ("patrons:list", "patrons:issue", "patrons:import", "patrons:classes"):
        assert client.get(reverse(name)).status_code == 403


def test_searching_without_diacritics_finds_the_reader(client, minh, commune_reader):
    client.force_login(minh.user)
    response = client.get(reverse("patrons:list"), {"q": "dinh thi mo"})
    assert "Đinh Thị Mơ" in response.content.decode()


def test_scanning_a_card_opens_the_reader(client, minh, commune_reader):
    client.force_login(minh.user)
    response = client.get(reverse("patrons:list"), {"q": "tanlap2026000001"})
    assert response.status_code == 302
    assert response.url == reverse("patrons:detail", args=[commune_reader.pk])


def test_the_reader_page_shows_the_card_consents_and_missing_consent(client, an, binh):
    binh.consents.filter(given_by="reader").delete()
    client.force_login(an.user)
    response = client.get(reverse("patrons:detail", args=[binh.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "HS2026000123" in page
    assert "10/02/2014" in page
    assert 'class="alert alert-error"' in page  # consents of Bình and a parent are missing


def _issue_form(**changes):
    data = {
        "library": "",
        "full_name": "Hà Thị Xuân",
        "birth_date": "1985-04-30",
        "category": category("adult").pk,
        "phone": "0912 111 222",
        "reader_consents": "on",
    }
    data.update(changes)
    return data


def test_the_clerk_issues_a_card_at_the_desk(client, minh, province):
    client.force_login(minh.user)
    response = client.post(reverse("patrons:issue"), _issue_form(library=province["commune"].pk))
    patron = Patron.objects.get(name_folded="ha thi xuan")
    assert response.status_code == 302
    assert response.url == reverse("patrons:detail", args=[patron.pk])
    assert patron.consents.get().given_by == "reader"
    page = client.get(response.url).content.decode()
    assert patron.card_number in page


def test_the_desk_form_asks_for_the_consent_of_a_child_and_a_parent(client, minh, province):
    client.force_login(minh.user)
    form = _issue_form(
        library=province["commune"].pk,
        category=category("child").pk,
        birth_date="2015-06-01",
        guardian_name="",
    )
    response = client.post(reverse("patrons:issue"), form)
    assert response.status_code == 200
    assert not Patron.objects.exists()
    assert response.context["form"].errors.keys() >= {"guardian_consents", "guardian_name"}
    form.update(guardian_consents="on", guardian_name="Hà Văn Sáu")
    assert client.post(reverse("patrons:issue"), form).status_code == 302
    roles = set(Consent.objects.values_list("given_by", flat=True))
    assert roles == {"reader", "guardian"}


def test_a_possible_duplicate_is_shown_and_issued_only_when_confirmed(
    client, minh, province, commune_reader
):
    client.force_login(minh.user)
    form = _issue_form(
        library=province["commune"].pk, full_name="Dinh Thi Mo", birth_date="1990-05-01"
    )
    response = client.post(reverse("patrons:issue"), form)
    assert response.status_code == 200
    assert response.context["candidates"] == [commune_reader]
    assert "TANLAP2026000001" in response.content.decode()
    form["confirm_duplicate"] = "on"
    assert client.post(reverse("patrons:issue"), form).status_code == 302
    assert Patron.objects.filter(name_folded="dinh thi mo").count() == 2


def test_the_clerk_cannot_issue_a_card_for_another_library(client, minh, province):
    client.force_login(minh.user)
    response = client.post(reverse("patrons:issue"), _issue_form(library=province["school"].pk))
    assert response.status_code == 200
    assert "library" in response.context["form"].errors
    assert not Patron.objects.exists()


def test_the_school_fields_follow_the_category(client, an):
    client.force_login(an.user)
    url = reverse("patrons:issue_fields")
    pupil = client.get(url, {"category": category("pupil").pk, "birth_date": "2014-02-10"})
    adult = client.get(url, {"category": category("adult").pk, "birth_date": "1980-01-01"})
    assert 'name="school_class"' in pupil.content.decode()
    assert 'name="guardian_name"' in pupil.content.decode()
    assert 'name="school_class"' not in adult.content.decode()
    assert 'name="guardian_name"' not in adult.content.decode()


def test_block_unblock_renew_and_pin_from_the_reader_page(client, minh, commune_reader):
    client.force_login(minh.user)
    args = [commune_reader.pk]
    client.post(reverse("patrons:block", args=args), {"reason": "Làm hỏng sách"})
    commune_reader.refresh_from_db()
    assert commune_reader.blocked_reason == "Làm hỏng sách"
    client.post(reverse("patrons:unblock", args=args))
    client.post(reverse("patrons:renew", args=args))
    client.post(reverse("patrons:set_pin", args=args), {"pin": "2468"})
    commune_reader.refresh_from_db()
    assert commune_reader.status == PatronStatus.ACTIVE
    assert commune_reader.card_valid_until > dt.date(2026, 12, 31)
    assert services.authenticate_reader(card_number="TANLAP2026000001", pin="2468")


def test_a_refused_action_comes_back_as_a_message(client, minh, commune_reader):
    client.force_login(minh.user)
    response = client.post(
        reverse("patrons:set_pin", args=[commune_reader.pk]), {"pin": "12"}, follow=True
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_the_card_pdf_and_the_export_are_served(client, an, binh):
    client.force_login(an.user)
    pdf = client.get(reverse("patrons:card_pdf", args=[binh.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    exported = client.get(reverse("patrons:export", args=[binh.pk]))
    assert "attachment" in exported["Content-Disposition"]
    assert json.loads(exported.content)["profile"]["full_name"] == "Phạm Văn Bình"


def test_erasing_needs_confirmation(client, minh, commune_reader):
    client.force_login(minh.user)
    url = reverse("patrons:erase", args=[commune_reader.pk])
    assert client.post(url, {"reason": "Yêu cầu"}).status_code == 200
    commune_reader.refresh_from_db()
    assert commune_reader.status == PatronStatus.ACTIVE
    response = client.post(url, {"confirm": "on", "reason": "Yêu cầu bằng văn bản"})
    assert response.status_code == 302
    commune_reader.refresh_from_db()
    assert commune_reader.status == PatronStatus.ERASED
    assert commune_reader.full_name == ""


def _class_list() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Họ và tên", "Ngày sinh", "Giới tính", "Lớp"])
    sheet.append(["Trịnh Văn Long", "02/03/2014", "Nam", "6B"])
    sheet.append(["Mai Thị Hoa", "ngày xưa", "Nữ", "6B"])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_the_school_librarian_previews_then_imports_a_class_list(client, an, province):
    client.force_login(an.user)
    upload = SimpleUploadedFile("6B.xlsx", _class_list())
    preview = client.post(
        reverse("patrons:import"), {"school": province["school"].pk, "file": upload}
    )
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Trịnh Văn Long" in page
    assert "ngày xưa" in page  # the refused row, with its reason
    assert not Patron.objects.exists()
    done = client.post(reverse("patrons:import_confirm"))
    assert done.status_code == 200
    assert list(Patron.objects.values_list("full_name", "school_class")) == [
        ("Trịnh Văn Long", "6B")
    ]
    again = client.post(reverse("patrons:import_confirm"))
    assert again.status_code == 302  # nothing pending any more


def test_the_commune_clerk_cannot_import_into_the_school(client, minh, province):
    client.force_login(minh.user)
    upload = SimpleUploadedFile("6B.xlsx", _class_list())
    response = client.post(
        reverse("patrons:import"), {"school": province["school"].pk, "file": upload}
    )
    assert response.status_code == 403
    assert "Danh sách lớp do thư viện trường học quản lý" in response.content.decode()
    assert not Patron.objects.exists()


def test_the_classes_page_lists_classes_and_prints_a_class(client, an, province, binh):
    client.force_login(an.user)
    page = client.get(reverse("patrons:classes")).content.decode()
    assert "7A" in page
    roster = client.get(
        reverse("patrons:class_detail", args=[province["school"].pk]), {"class": "7A"}
    )
    assert "Phạm Văn Bình" in roster.content.decode()
    pdf = client.get(reverse("patrons:class_cards", args=[province["school"].pk]), {"class": "7A"})
    assert pdf.content.startswith(b"%PDF")


def test_the_rollover_page_previews_then_moves_the_classes(client, an, province, binh):
    client.force_login(an.user)
    url = reverse("patrons:rollover", args=[province["school"].pk])
    preview = client.get(url)
    assert "8A" in preview.content.decode()
    binh.refresh_from_db()
    assert binh.school_class == "7A"
    assert client.post(url).status_code == 302
    binh.refresh_from_db()
    assert binh.school_class == "8A"
