"""The copy cataloguing pages, as a cataloguer uses them: pick a catalogue, search, read the
record, import it, add copies. Searches go to the real Zebra server of conftest.py."""

from __future__ import annotations

import html as html_module
import re

import pytest
from django.urls import reverse

from libnet.catalog.models import BibRecord
from libnet.core.models import AuditEntry
from libnet.interop.models import CopyTarget
from libnet.stats.models import DailyStat

pytestmark = pytest.mark.django_db

SEARCH = reverse("staff:copycat")
IMPORT = reverse("staff:copycat_import")


@pytest.fixture
def target(zebra):
    target = zebra.target(name="Zebra (Evergreen)")
    target.save()
    return target


def search(client, target, protocol="z3950", field="isbn", term="2222030501", **more):
    return client.get(
        SEARCH, {"target": f"{target.pk}:{protocol}", "field": field, "term": term, **more}
    )


def import_form(html: str) -> dict[str, str]:
    """The hidden fields of the first "import" form of a page, as the browser would send them."""
    form = re.search(rf'<form method="post" action="{re.escape(IMPORT)}".*?</form>', html, re.S)
    assert form is not None, "no import form on the page"
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(0)))
    return {name: html_module.unescape(value) for name, value in fields.items()}


@pytest.mark.parametrize("protocol", ["z3950", "sru"])
def test_lan_finds_a_book_by_isbn_and_reads_its_record(client, lan, target, protocol):
    client.force_login(lan.user)
    response = search(client, target, protocol=protocol)
    assert response.status_code == 200
    page = response.content.decode()
    assert "dépréciation monétaire" in page  # MARC-8 decoded for the readable view
    assert "Reinecker, Heinrich" in page
    assert 'class="marc"' in page
    assert "<b>$a</b>" in page
    assert "2222030501" in page


def test_lan_imports_the_record_and_goes_on_to_add_copies(client, lan, target):
    client.force_login(lan.user)
    form = import_form(search(client, target).content.decode())
    response = client.post(IMPORT, form)
    bib = BibRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:item_add", args=[bib.pk])
    assert bib.title.startswith("L'influence de la dépréciation monétaire")
    assert bib.created_at_library == lan.library
    tags = {next(iter(entry)) for entry in bib.marc_json["fields"]}
    assert "245" in tags
    assert "020" in tags
    assert not {"852", "949"} & tags  # the source library's copies stay there
    entry = AuditEntry.objects.get(action="record.copy_catalogue")
    assert entry.subject_id == str(bib.pk)
    assert "Zebra (Evergreen)" in entry.after["source"]
    assert DailyStat.objects.get(library=lan.library, indicator="records_created").value == 1
    # The add-copies page opens for the new record.
    assert client.get(response["Location"]).status_code == 200


def test_a_record_already_in_the_catalogue_is_a_duplicate_warning_with_the_way_to_it(
    client, lan, target
):
    client.force_login(lan.user)
    form = import_form(search(client, target).content.decode())
    client.post(IMPORT, form)
    existing = BibRecord.objects.get()

    results = search(client, target).content.decode()
    assert f"#{existing.pk}" in results  # the results list says so before the import
    response = client.post(IMPORT, form)
    assert response.status_code == 409
    page = response.content.decode()
    assert reverse("staff:record", args=[existing.pk]) in page
    assert reverse("staff:item_add", args=[existing.pk]) in page  # add my copy there instead
    assert BibRecord.objects.count() == 1  # nothing written

    anyway = import_form(page)
    assert anyway["allow_duplicate"] == "on"
    response = client.post(IMPORT, anyway)
    assert response.status_code == 302
    assert BibRecord.objects.count() == 2


def test_minh_catalogues_for_his_commune_library(client, minh, target):
    client.force_login(minh.user)
    form = import_form(search(client, target, field="title", term="grande guerre").content.decode())
    assert form["library"] == str(minh.library.pk)
    assert client.post(IMPORT, form).status_code == 302
    assert BibRecord.objects.get().created_at_library == minh.library


def test_a_department_officer_who_does_not_catalogue_cannot_search_or_import(
    client, chi, lan, target
):
    client.force_login(lan.user)
    form = import_form(search(client, target).content.decode())
    client.force_login(chi.user)
    assert search(client, target).status_code == 403
    assert client.post(IMPORT, form).status_code == 403
    assert not BibRecord.objects.exists()


def test_a_school_librarian_cannot_import_for_another_library(client, an, lan, target):
    client.force_login(lan.user)
    form = import_form(search(client, target).content.decode())
    assert form["library"] == str(lan.library.pk)
    client.force_login(an.user)
    response = client.post(IMPORT, form)  # the provincial library is not hers
    assert response.status_code == 400
    assert not BibRecord.objects.exists()


def test_a_target_that_is_down_is_a_clear_refusal_on_the_page(client, lan, closed_port):
    target = CopyTarget.objects.create(
        name="Thư viện Quốc gia Việt Nam",
        host="127.0.0.1",
        port=closed_port,
        database="x",
        is_enabled=True,
    )
    client.force_login(lan.user)
    response = search(client, target, field="title", term="Truyện Kiều")
    assert response.status_code == 400
    # The page speaks Vietnamese.
    assert "Không kết nối được tới Thư viện Quốc gia Việt Nam" in response.content.decode()


def test_a_wrong_isbn_is_refused_next_to_the_field_without_searching(client, lan, closed_port):
    target = CopyTarget.objects.create(
        name="Nowhere", host="127.0.0.1", port=closed_port, database="x", is_enabled=True
    )
    client.force_login(lan.user)
    response = search(client, target, field="isbn", term="978-604-1-00000-2")
    assert response.status_code == 400
    assert "không phải ISBN hợp lệ" in response.content.decode()


def test_a_disabled_target_cannot_be_searched(client, lan, target):
    target.is_enabled = False
    target.save()
    client.force_login(lan.user)
    page = client.get(SEARCH).content.decode()
    assert "Chưa bật mục lục nào để sao chép biểu ghi" in page
    assert search(client, target).status_code == 400  # not one of the choices


def test_a_tampered_record_is_refused_and_nothing_is_written(client, lan, target):
    client.force_login(lan.user)
    form = import_form(search(client, target).content.decode())
    response = client.post(IMPORT, {**form, "record": '{"leader": "x"}'})
    assert response.status_code == 400
    broken = form["record"].replace('"245"', '"24X"')
    response = client.post(IMPORT, {**form, "record": broken})
    assert response.status_code == 400
    assert not BibRecord.objects.exists()


@pytest.mark.parametrize(
    "record",
    [
        '{"leader": "x", "fields": []}',
        '{"leader": 5, "fields": []}',
    ],
)
def test_an_import_whose_record_was_tampered_with_is_refused_and_nothing_is_written(
    client, lan, record
):
    """The record comes back in a hidden field: a leader that is no leader is a 400 next to
    the form, not a server error."""
    client.force_login(lan.user)
    response = client.post(IMPORT, {"record": record, "library": lan.library.pk})
    assert response.status_code == 400
    assert not BibRecord.objects.exists()
