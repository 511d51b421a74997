"""What every page refuses, through the pages: text too long for its field, control
characters, text that was not UTF-8 (Django would decode it to "�����"), line breaks in a
one-line field. Each refusal names the field, in Vietnamese, and nothing is stored."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import libnet
from libnet.core.forms import LibnetForm
from libnet.interop.models import MarcImportJob
from libnet.patrons.models import Patron
from tests.factories import category

pytestmark = pytest.mark.django_db


def _issue_form(library, **changes):
    return {
        "library": library.pk,
        "full_name": "Hà Thị Xuân",
        "birth_date": "1985-04-30",
        "category": category("adult").pk,
        "phone": "0912 111 222",
        "reader_consents": "on",
        **changes,
    }


def _form_errors(response, field: str) -> list[str]:
    assert response.status_code == 200
    return list(response.context["form"].errors.get(field, []))


def test_a_name_longer_than_its_field_is_refused_next_to_it_not_cut(client, minh, province):
    client.force_login(minh.user)
    form = _issue_form(province["commune"], full_name="Nguyễn " * 50)
    response = client.post(reverse("patrons:issue"), form)
    assert _form_errors(response, "full_name") == [
        "Họ và tên quá dài: tối đa 200 ký tự (hiện có 349)."
    ]
    assert not Patron.objects.exists()


def test_a_name_typed_decomposed_is_measured_composed(client, minh, province):
    """200 letters with their marks typed apart (NFD, as some keyboards send them) fit."""
    client.force_login(minh.user)
    decomposed = "Nguye\u0302\u0303n " * 24 + "A" * 32  # 200 characters once composed
    assert len(decomposed) > 200
    response = client.post(
        reverse("patrons:issue"), _issue_form(province["commune"], full_name=decomposed)
    )
    assert response.status_code == 302
    assert Patron.objects.get().full_name.startswith("Nguyễn Nguyễn")


def test_a_line_break_in_a_one_line_field_is_refused(client, minh, province):
    client.force_login(minh.user)
    form = _issue_form(province["commune"], full_name="Hà Thị\r\nXuân")
    response = client.post(reverse("patrons:issue"), form)
    assert _form_errors(response, "full_name") == ["Họ và tên phải nằm trên một dòng."]
    assert not Patron.objects.exists()


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("Hà\x00Xuân", "chứa ký tự điều khiển (U+0000)"),
        ("Hà\x1bXuân", "chứa ký tự điều khiển (U+001B)"),
        ("Hà\x9bXuân", "chứa ký tự điều khiển (U+009B)"),
        ("x" * 100_001, "quá dài: tối đa 100.000 ký tự (hiện có 100.001)"),
    ],
)
def test_a_form_value_no_one_types_is_refused_before_any_view(client, minh, province, value, said):
    """A NUL would fail on PostgreSQL; the page says which field and why, with a 400."""
    client.force_login(minh.user)
    response = client.post(
        reverse("patrons:issue"), _issue_form(province["commune"], full_name=value)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f"Trường “full_name” {said}" in page
    assert not Patron.objects.exists()


def test_a_form_that_is_not_utf8_is_refused_not_stored_as_question_marks(client, minh, province):
    """Windows-1258 bytes sent as if UTF-8: Django would decode them to "�����"."""
    client.force_login(minh.user)
    body = (
        f"library={province['commune'].pk}&category={category('adult').pk}"
        "&reader_consents=on&birth_date=1985-04-30&full_name=H%E0+Th%D2+Xu%E2n"
    )
    response = client.generic(
        "POST", reverse("patrons:issue"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "Trường “full_name” chứa ký tự �" in response.content.decode()
    assert not Patron.objects.exists()


def test_a_catalogue_search_that_is_not_utf8_gets_the_catalogues_own_error_page(client, db):
    response = client.get("/search?q=s%E1ch")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Trường “q” chứa ký tự �" in page
    assert 'name="q"' in page or "opac" in page  # the public catalogue's page, not the staff's


def test_an_address_naming_a_library_with_a_control_character_is_refused(client, chi):
    client.force_login(chi.user)
    response = client.get("/staff/planning/figures/SL%00TVT/")
    assert response.status_code == 400
    assert "Trường “code” chứa ký tự điều khiển (U+0000)" in response.content.decode()


def test_copies_asked_for_by_a_number_no_column_holds_are_not_found(client, minh):
    client.force_login(minh.user)
    response = client.get(reverse("staff:labels"), {"items": ["1", "9" * 25]})
    assert response.status_code == 404


# --- the form base -------------------------------------------------------------------------


def _libnet_form_classes() -> list[type[forms.Form]]:
    found = []
    for module_info in pkgutil.walk_packages(libnet.__path__, "libnet."):
        if "migrations" in module_info.name or not module_info.name.endswith(("forms", "views")):
            continue
        module = importlib.import_module(module_info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__.startswith("libnet."):
                found.append(value)
    return found


def test_every_form_of_libnet_has_the_input_rules():
    forms_found = _libnet_form_classes()
    assert len(forms_found) > 30
    without = [form.__qualname__ for form in forms_found if not issubclass(form, LibnetForm)]
    assert without == []


class NotesForm(LibnetForm):
    note = forms.CharField(required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea)
    count = forms.IntegerField(required=False)


def test_a_form_field_without_a_length_gets_one():
    form = NotesForm({"note": "n" * 201, "notes": "line\n" * 2001, "count": str(2**31)})
    assert not form.is_valid()
    assert form.errors["note"] == ["Note quá dài: tối đa 200 ký tự (hiện có 201)."]
    assert form.errors["notes"] == ["Notes quá dài: tối đa 10.000 ký tự (hiện có 10.004)."]
    assert "count" in form.errors
    assert NotesForm({"notes": "line\n" * 20, "count": "-5"}).is_valid()


# --- numbers the admin types ---------------------------------------------------------------


def test_a_fee_no_column_holds_is_refused_in_the_admin(client, django_user_model):
    """SQLite would store 2⁴⁰ in a 32-bit column; PostgreSQL would fail. Both refuse it now."""
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    adult = category("adult")
    fee = adult.card_fee_vnd
    url = reverse("admin:patrons_patroncategory_change", args=[adult.pk])
    form = {
        "code": adult.code,
        "name": adult.name,
        "name_en": adult.name_en,
        "card_fee_vnd": str(2**40),
        "card_months": "12",
        "sort_order": "0",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert "card_fee_vnd" in response.context["adminform"].form.errors
    adult.refresh_from_db()
    assert adult.card_fee_vnd == fee


def test_an_uploaded_file_whose_name_was_not_utf8_is_refused(client, lan, province):
    """Django drops control characters from a file name itself; what it decoded to U+FFFD
    would be stored with the import and shown back."""
    client.force_login(lan.user)
    upload = SimpleUploadedFile("kho\ufffdsach.mrc", b"00026nam a2200025 a 4500\x1e\x1d")
    response = client.post(
        reverse("staff:imports"),
        {
            "file": upload,
            "library": province["provincial"].pk,
            "on_duplicate": "skip",
            "holdings": "auto",
        },
    )
    assert response.status_code == 400
    assert "Trường “file” chứa ký tự �" in response.content.decode()
    assert not MarcImportJob.objects.exists()
