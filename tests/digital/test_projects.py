"""Digitisation projects through the staff pages: planned, documents chosen from the catalogue
or described, the condition check, the steps in order (refused otherwise, nothing written),
publication opening the object and counting its pages in the month's report; hand entry of
pages digitised closes once a library has a project; another library's staff get 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.catalog import services as catalog_services
from libnet.core import clock
from libnet.digital import projects
from libnet.digital.models import (
    Access,
    DigitalFile,
    DigitalObject,
    DigitalPage,
    DigitisationProject,
    ItemState,
    ProjectItem,
    ProjectStep,
)
from libnet.planning import periods
from libnet.planning import selectors as planning_selectors
from libnet.planning import services as planning_services
from libnet.planning.errors import FigureRefused
from libnet.planning.models import ManualFigure
from tests.factories import make_marc

pytestmark = pytest.mark.django_db


def scanned_object(library, title: str, pages: int) -> DigitalObject:
    """A digital object of `library` with `pages` page images (rows only: no file is read)."""
    made = DigitalObject.objects.create(library=library, title=title)
    for sequence in range(1, pages + 1):
        file = DigitalFile.objects.create(
            object=made,
            path=f"originals/{made.pk}/{sequence}.png",
            original_name=f"{sequence}.png",
            media_type="image/png",
            size=10,
            sha256="0" * 64,
        )
        DigitalPage.objects.create(object=made, sequence=sequence, file=file)
    return made


@pytest.fixture
def gia_pha(lan, province):
    """A local-studies book of the provincial library with one copy."""
    provincial = province["provincial"]
    bib = catalog_services.create_record(
        marc_record=make_marc(title="Gia phả họ Nguyễn làng Tân Lập", author="Nguyễn Văn Cừ"),
        by=lan.user,
        library=provincial,
    )
    catalog_services.add_item(
        bib=bib, library=provincial, by=lan.user, barcode="TVT0000901", accession_number="DC.0901"
    )
    return bib


def _plan(client, **changes):
    today = clock.today()
    data = {
        "library": "SL-TVT",
        "name": "Số hóa tài liệu địa chí 2026",
        "starts_on": today.replace(day=1).isoformat(),
        "ends_on": (today + dt.timedelta(days=200)).isoformat(),
        "target_pages": "20",
        "plan": "Gia phả, ca dao, bản đồ làng.",
    } | changes
    return client.post(reverse("digital_projects:index"), data)


def test_a_project_goes_from_plan_to_publication_and_its_pages_count_in_the_months_report(
    client, lan, province, gia_pha
):
    """A copy by barcode and an uncatalogued map are listed, checked, scanned, described and
    published; the object opens to readers and its 4 pages are the month's pages digitised."""
    client.force_login(lan.user)
    response = _plan(client)
    assert response.status_code == 302
    project = DigitisationProject.objects.get()
    url = reverse("digital_projects:detail", args=[project.pk])
    assert client.post(url, {"action": "add", "barcode": " tvt0000901 "}).status_code == 302
    assert (
        client.post(url, {"action": "add", "description": "Bản đồ làng Tân Lập"}).status_code == 302
    )
    book, village_map = ProjectItem.objects.order_by("pk")
    assert book.record == gia_pha
    assert book.copy.barcode == "TVT0000901"
    page = client.get(url).content.decode()
    assert "Gia phả họ Nguyễn làng Tân Lập" in page
    assert "Bản đồ làng Tân Lập" in page

    # The map is too fragile: it stops at the check, with its condition as the reason.
    client.post(
        url,
        {"action": "check", "item": village_map.pk, "condition": "Giấy mục, rách nát", "fit": "no"},
    )
    refused = client.post(url, {"action": "step", "item": village_map.pk, "to": "scanned"})
    assert refused.status_code == 400
    assert "không đủ điều kiện" in refused.content.decode().lower()
    assert "Giấy mục, rách nát" in refused.content.decode()

    # The book: steps only in order.
    skipped = client.post(url, {"action": "step", "item": book.pk, "to": "scanned"})
    assert skipped.status_code == 400
    assert "Đã chọn" in skipped.content.decode()
    client.post(
        url, {"action": "check", "item": book.pk, "condition": "Tốt, gáy lỏng", "fit": "yes"}
    )
    scans = scanned_object(project.library, "Gia phả họ Nguyễn", 4)
    empty = DigitalObject.objects.create(library=project.library, title="Chưa quét")
    no_pages = client.post(
        url, {"action": "step", "item": book.pk, "to": "scanned", "object": empty.pk}
    )
    assert no_pages.status_code == 400
    assert (
        client.post(
            url, {"action": "step", "item": book.pk, "to": "scanned", "object": scans.pk}
        ).status_code
        == 302
    )
    client.post(
        url, {"action": "step", "item": book.pk, "to": "described", "note": "Mô tả Dublin Core"}
    )
    staff_only = client.post(
        url, {"action": "step", "item": book.pk, "to": "published", "access": "staff"}
    )
    assert staff_only.status_code == 400
    assert DigitalObject.objects.get(pk=scans.pk).published_at is None
    assert (
        client.post(
            url, {"action": "step", "item": book.pk, "to": "published", "access": "public"}
        ).status_code
        == 302
    )

    book.refresh_from_db()
    scans.refresh_from_db()
    assert book.state == ItemState.PUBLISHED
    assert book.object == scans
    assert scans.access == Access.PUBLIC
    assert scans.published_at is not None
    assert list(ProjectStep.objects.filter(item=book).values_list("state", flat=True)) == [
        "selected", "checked", "scanned", "described", "published",
    ]  # fmt: skip
    assert set(ProjectStep.objects.filter(item=book).values_list("by", flat=True)) == {lan.user.pk}
    project.refresh_from_db()
    assert project.state == "active"
    report = planning_selectors.report_object(
        province["provincial"], periods.month_of(clock.today())
    )
    assert report["indicators"]["pages_digitised"]["computed"] == 4
    assert "4 / 20" in client.get(url).content.decode().replace(" trên ", " / ")


def test_a_copy_of_another_library_is_refused_and_nothing_is_added(client, lan, province):
    client.force_login(lan.user)
    _plan(client)
    project = DigitisationProject.objects.get()
    bib = catalog_services.create_record(
        marc_record=make_marc(), by=lan.user, library=province["provincial"]
    )
    catalog_services.add_item(
        bib=bib,
        library=province["commune"],
        by=lan.user,
        barcode="TANLAP0901",
        accession_number="VV.0901",
    )
    url = reverse("digital_projects:detail", args=[project.pk])
    refused = client.post(url, {"action": "add", "barcode": "TANLAP0901"})
    assert refused.status_code == 400
    assert "Thư viện xã Tân Lập" in refused.content.decode()
    assert not ProjectItem.objects.exists()
    unknown = client.post(url, {"action": "add", "barcode": "NOPE"})
    assert unknown.status_code == 400
    nothing = client.post(url, {"action": "add"})
    assert nothing.status_code == 400
    assert not ProjectItem.objects.exists()


def test_a_project_ending_before_it_starts_is_refused(client, lan):
    client.force_login(lan.user)
    starts_on = clock.today().replace(day=1)
    response = _plan(client, ends_on=(starts_on - dt.timedelta(days=1)).isoformat())
    assert response.status_code == 400
    assert "kết thúc trước khi bắt đầu" in response.content.decode()
    assert not DigitisationProject.objects.exists()


def test_hand_entry_of_pages_digitised_closes_from_the_month_of_the_first_project(lan, province):
    """Hand entries from the project's month are taken out; earlier months stay; later hand
    entries are refused. A library with no project still enters the figure."""
    provincial, commune = province["provincial"], province["commune"]
    at = dt.datetime(2026, 6, 15, 9, tzinfo=clock.VIETNAM)
    for month in (dt.date(2026, 3, 1), dt.date(2026, 5, 1)):
        planning_services.enter_manual_figure(
            library=provincial, indicator_code="pages_digitised", month=month, value=300,
            note="Sổ số hóa", by=lan.user, at=at,
        )  # fmt: skip
    projects.create_project(
        library=provincial, name="Địa chí", starts_on=dt.date(2026, 5, 20),
        ends_on=dt.date(2026, 12, 31), by=lan.user, at=at,
    )  # fmt: skip
    assert list(ManualFigure.objects.values_list("month", flat=True)) == [dt.date(2026, 3, 1)]
    with pytest.raises(FigureRefused) as refused:
        planning_services.enter_manual_figure(
            library=provincial, indicator_code="pages_digitised", month=dt.date(2026, 6, 1),
            value=10, note="x", by=lan.user, at=at,
        )  # fmt: skip
    assert refused.value.code == "computed_from_projects"
    planning_services.enter_manual_figure(
        library=commune, indicator_code="pages_digitised", month=dt.date(2026, 6, 1),
        value=10, note="Sổ số hóa", by=lan.user, at=at,
    )  # fmt: skip


def test_staff_of_another_library_get_404_for_a_project(client, lan, an):
    client.force_login(lan.user)
    _plan(client)
    project = DigitisationProject.objects.get()
    client.force_login(an.user)
    url = reverse("digital_projects:detail", args=[project.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "add", "description": "x"}).status_code == 404
    assert not ProjectItem.objects.exists()
    assert (
        "Số hóa tài liệu địa chí"
        not in client.get(reverse("digital_projects:index")).content.decode()
    )
