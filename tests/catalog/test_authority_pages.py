"""Authority pages: any member of staff reads them, the provincial library's cataloguers
write them; a rename from the form rewrites the records; refusals say why, write nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from libnet.catalog import authority_marc
from libnet.catalog.authority_marc import AuthorityForm
from libnet.catalog.models import Authority, AuthorityKind, BibRecord
from libnet.catalog.services import authorities, create_record
from libnet.core.models import AuditEntry
from tests.factories import make_marc
from tests.html import visible_text
from tests.interop.test_import_authorities import authority

pytestmark = pytest.mark.django_db


@pytest.fixture
def to_hoai(lan):
    """Tô Hoài, pen name of Nguyễn Sen, with one book catalogued under it."""
    create_record(
        marc_record=make_marc(title="Dế Mèn phiêu lưu ký", author="Tô Hoài"),
        by=lan.user,
        library=lan.library,
    )
    return authorities.create_authority(
        form=AuthorityForm(
            kind=AuthorityKind.PERSONAL, heading="Tô Hoài", identities=("Nguyễn Sen",)
        ),
        by=lan.user,
    )


def _form(heading: str, **fields) -> dict[str, str]:
    return {
        "kind": AuthorityKind.PERSONAL,
        "heading": heading,
        "variants": "",
        "identities": "",
        "related": "",
        "notes": "",
        **fields,
    }


def test_any_staff_member_reads_the_list_and_an_authority(client, minh, to_hoai):
    client.force_login(minh.user)
    listing = visible_text(client.get(reverse("authorities:list"), {"q": "to hoai"}).content)
    assert "Tô Hoài" in listing
    page = client.get(reverse("authorities:detail", args=[to_hoai.pk]))
    assert page.status_code == 200
    text = visible_text(page.content)
    assert "Dế Mèn phiêu lưu ký" in text
    assert "Nguyễn Sen" in text
    assert "Tô, Hoài" in text  # the inverted form, a variant
    assert reverse("authorities:edit", args=[to_hoai.pk]) not in page.content.decode()


def test_the_record_page_links_each_heading_to_its_authority(client, lan, to_hoai):
    bib = BibRecord.objects.get(title="Dế Mèn phiêu lưu ký")
    client.force_login(lan.user)
    page = client.get(reverse("staff:record", args=[bib.pk])).content.decode()
    assert "Tiêu đề được kiểm soát tính định" in page
    assert f'href="{reverse("authorities:detail", args=[to_hoai.pk])}">Tô Hoài</a>' in page


def test_the_list_finds_an_authority_by_a_variant_without_accents(client, lan, to_hoai):
    client.force_login(lan.user)
    authorities.create_authority(
        form=AuthorityForm(
            kind=AuthorityKind.PERSONAL, heading="Hồ Chí Minh", variants=("Nguyễn Tất Thành",)
        ),
        by=lan.user,
    )
    listing = visible_text(client.get(reverse("authorities:list"), {"q": "nguyen tat"}).content)
    assert "Hồ Chí Minh" in listing
    assert "Tô Hoài" not in listing


def test_a_cataloguer_of_another_library_may_not_create_or_change_an_authority(
    client, minh, to_hoai
):
    """Minh catalogues at the commune library: he reads authorities, the provincial
    library's cataloguers write them (403 with the reason, nothing written)."""
    client.force_login(minh.user)
    assert client.get(reverse("authorities:new")).status_code == 403
    response = client.post(reverse("authorities:new"), _form("Nam Cao"))
    assert response.status_code == 403
    assert "thư viện tỉnh" in visible_text(response.content)
    edit = reverse("authorities:edit", args=[to_hoai.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, _form("Tô Hoài (1920-2014)")).status_code == 403
    upload = SimpleUploadedFile("a.mrc", authority("Nam Cao").as_marc())
    assert client.post(reverse("authority_import:upload"), {"file": upload}).status_code == 403
    to_hoai.refresh_from_db()
    assert to_hoai.heading == "Tô Hoài"
    assert Authority.objects.count() == 1


def test_the_provincial_cataloguer_creates_an_authority_on_the_form(client, lan, to_hoai):
    client.force_login(lan.user)
    response = client.post(reverse("authorities:new"), _form("Nguyễn Sen", identities="Tô Hoài"))
    assert response.status_code == 302
    nguyen_sen = Authority.objects.get(heading="Nguyễn Sen")
    assert response["Location"] == reverse("authorities:detail", args=[nguyen_sen.pk])
    page = visible_text(client.get(reverse("authorities:detail", args=[to_hoai.pk])).content)
    assert "Nguyễn Sen" in page
    assert AuditEntry.objects.filter(
        action="authority.create", subject_id=str(nguyen_sen.pk)
    ).exists()


def test_renaming_on_the_form_rewrites_the_records(client, lan, to_hoai):
    client.force_login(lan.user)
    edit = reverse("authorities:edit", args=[to_hoai.pk])
    form = client.get(edit)
    assert form.status_code == 200
    response = client.post(edit, _form("Tô Hoài (bút danh)", variants="Tô, Hoài"), follow=True)
    assert response.status_code == 200
    assert "1" in visible_text(response.content)
    bib = BibRecord.objects.get(title="Dế Mèn phiêu lưu ký")
    assert bib.authors == "Tô Hoài (bút danh)"
    to_hoai.refresh_from_db()
    assert to_hoai.heading == "Tô Hoài (bút danh)"
    assert "Tô Hoài" in to_hoai.names.values_list("form", flat=True)


def test_a_duplicate_heading_is_refused_on_the_form_with_nothing_written(client, lan, to_hoai):
    client.force_login(lan.user)
    response = client.post(reverse("authorities:new"), _form("Tô Hoài"))
    assert response.status_code == 400
    assert "Tô Hoài" in visible_text(response.content)
    assert Authority.objects.count() == 1


@pytest.mark.parametrize("heading", ["...", "---", "?!"])
def test_a_heading_of_punctuation_alone_is_refused_on_both_forms_with_nothing_written(
    client, lan, to_hoai, heading
):
    """A heading without a letter or digit names no one: refused next to the form (400), not
    a server error on a rename nor an authority no record can be linked to."""
    client.force_login(lan.user)
    created = client.post(reverse("authorities:new"), _form(heading))
    assert created.status_code == 400
    renamed = client.post(reverse("authorities:edit", args=[to_hoai.pk]), _form(heading))
    assert renamed.status_code == 400
    assert Authority.objects.count() == 1
    to_hoai.refresh_from_db()
    assert to_hoai.heading == "Tô Hoài"
    assert BibRecord.objects.get(title="Dế Mèn phiêu lưu ký").authors == "Tô Hoài"


def test_an_authority_file_is_uploaded_and_reported(client, lan):
    client.force_login(lan.user)
    content = b"".join(
        record.as_marc()
        for record in (
            _utf8(authority("Nguyễn, Du", control_number="A1")),
            _utf8(authority("Nguyễn Du", control_number="A2")),
        )
    )
    upload = SimpleUploadedFile("names.mrc", content)
    response = client.post(reverse("authority_import:upload"), {"file": upload})
    assert response.status_code == 200
    text = visible_text(response.content)
    assert "(001 A2)" in text
    assert Authority.objects.get().heading == "Nguyễn Du"


def test_a_file_that_is_not_marc_is_refused_on_the_upload_page(client, lan):
    client.force_login(lan.user)
    upload = SimpleUploadedFile("names.txt", b"Nguyen Du\nTo Hoai\n")
    response = client.post(reverse("authority_import:upload"), {"file": upload})
    assert response.status_code == 400
    assert not Authority.objects.exists()


def test_an_unknown_authority_is_404(client, minh):
    client.force_login(minh.user)
    assert client.get(reverse("authorities:detail", args=[999999])).status_code == 404


def _utf8(record):
    record.leader = record.leader[:9] + "a" + record.leader[10:]
    return record


assert authority_marc.LEADER[6] == "z"
