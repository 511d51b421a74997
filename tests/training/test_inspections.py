"""Survey and inspection visits of a library: checklist as data, findings per item,
recommendations with their follow-up and closing, the minutes (biên bản); the inspected
library reads its inspections, other libraries get 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.training import selectors, services
from libnet.training.errors import InspectionInvalid, InspectionRefused
from libnet.training.models import Checklist, Finding, Inspection, Recommendation
from tests.rotation.test_documents import pdf_text

VISIT = dt.date(2026, 3, 12)


@pytest.fixture
def inspection(province, bodies, nga):
    """Tân Lập's commune office inspects the lower-secondary school reporting to it."""
    return services.record_inspection(
        library=province["school"],
        kind="inspection",
        visited_on=VISIT,
        body=bodies["office"],
        inspectors="Hoàng Thị Nga, chuyên viên Phòng Văn hóa – Xã hội",
        by=nga.user,
    )


@pytest.mark.django_db
def test_a_visit_takes_the_default_checklist_shipped_with_libnet(inspection):
    assert inspection.checklist.is_default
    lines = selectors.inspection_sheet(inspection)
    assert len(lines) == 12
    assert lines[0].item.section == "Tài nguyên thông tin"
    assert all(line.finding is None for line in lines)


@pytest.mark.django_db
def test_the_province_writes_its_own_checklist_and_inspects_with_it(province, lan):
    checklist = Checklist.objects.create(name="Phiếu kiểm tra thư viện xã 2026")
    item = checklist.items.create(section="Phục vụ", text="Mở cửa 40 giờ một tuần", order=1)
    visit = services.record_inspection(
        library=province["commune"],
        kind="survey",
        visited_on=VISIT,
        by_library=province["provincial"],
        checklist=checklist,
        by=lan.user,
    )
    services.record_findings(
        inspection=visit, findings={item.pk: ("partly", "Mở 30 giờ")}, by=lan.user
    )
    assert [
        (line.item.text, line.finding.rating) for line in selectors.inspection_sheet(visit)
    ] == [("Mở cửa 40 giờ một tuần", "partly")]


@pytest.mark.django_db
def test_findings_are_rated_per_item_and_a_bad_rating_writes_nothing(inspection, nga):
    first, second = list(inspection.checklist.items.all())[:2]
    with pytest.raises(InspectionInvalid) as refused:
        services.record_findings(
            inspection=inspection,
            findings={first.pk: ("met", ""), second.pk: ("excellent", "")},
            by=nga.user,
        )
    assert refused.value.code == "unknown_rating"
    assert not Finding.objects.exists()
    services.record_findings(
        inspection=inspection,
        findings={first.pk: ("met", ""), second.pk: ("not_met", "Chưa đặt báo Nhi Đồng")},
        summary="Thư viện đạt yêu cầu cơ bản.",
        by=nga.user,
    )
    # Rated again: the new rating replaces the old one, and an empty one clears it.
    services.record_findings(
        inspection=inspection, findings={first.pk: ("", ""), second.pk: ("partly", "")}, by=nga.user
    )
    assert list(inspection.findings.values_list("item_id", "rating")) == [(second.pk, "partly")]
    assert Inspection.objects.get(pk=inspection.pk).summary == "Thư viện đạt yêu cầu cơ bản."


@pytest.mark.django_db
def test_a_recommendation_is_followed_up_and_closed_once(inspection, nga, province):
    with pytest.raises(InspectionInvalid) as refused:
        services.add_recommendation(
            inspection=inspection, text="Bổ sung báo", follow_up_on=dt.date(2026, 3, 1), by=nga.user
        )
    assert refused.value.code == "follow_up_before_visit"
    recommendation = services.add_recommendation(
        inspection=inspection,
        text="Đặt báo Nhi Đồng cho năm 2026",
        follow_up_on=dt.date(2026, 6, 30),
        by=nga.user,
    )
    assert list(selectors.open_recommendations(library_ids=[province["school"].pk])) == [
        recommendation
    ]
    services.close_recommendation(
        recommendation=recommendation,
        closing_note="Đã đặt từ tháng 4",
        by=nga.user,
        at=dt.datetime(2026, 4, 2, 3, tzinfo=dt.UTC),
    )
    assert Recommendation.objects.get().closed_on == dt.date(2026, 4, 2)
    with pytest.raises(InspectionRefused):
        services.close_recommendation(recommendation=recommendation, by=nga.user)
    assert not selectors.open_recommendations(library_ids=[province["school"].pk]).exists()
    assert list(
        selectors.inspections_of(
            library_ids=[province["school"].pk], start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30)
        )
    ) == [inspection]


@pytest.mark.django_db
def test_the_inspected_library_reads_its_inspection_but_cannot_change_it(client, inspection, an):
    client.force_login(an.user)
    page = client.get(reverse("training:inspection", args=[inspection.pk]))
    assert page.status_code == 200
    assert 'id="save-findings"' not in page.content.decode()
    assert client.get(reverse("training:minutes_pdf", args=[inspection.pk])).status_code == 200
    item = inspection.checklist.items.first()
    response = client.post(
        reverse("training:inspection_findings", args=[inspection.pk]),
        {f"rating-{item.pk}": "met"},
    )
    assert response.status_code == 404
    assert not Finding.objects.exists()


@pytest.mark.django_db
def test_other_libraries_get_404_on_every_page_of_an_inspection(client, inspection, minh, thu, nga):
    recommendation = services.add_recommendation(
        inspection=inspection,
        text="Bổ sung giá sách",
        follow_up_on=dt.date(2026, 5, 1),
        by=nga.user,
    )
    item = inspection.checklist.items.first()
    pages = [
        ("get", reverse("training:inspection", args=[inspection.pk]), {}),
        ("get", reverse("training:minutes_pdf", args=[inspection.pk]), {}),
        ("post", reverse("training:inspection_findings", args=[inspection.pk]), {f"rating-{item.pk}": "met"}),
        ("post", reverse("training:recommendation_add", args=[inspection.pk]), {"text": "X", "follow_up_on": "2026-05-01"}),
        ("post", reverse("training:recommendation_close", args=[inspection.pk, recommendation.pk]), {}),
    ]  # fmt: skip
    for persona in (minh, thu):
        client.force_login(persona.user)
        for method, url, data in pages:
            assert getattr(client, method)(url, data).status_code == 404, (persona, url)
    assert not Finding.objects.exists()
    assert Recommendation.objects.get().closed_on is None
    assert Recommendation.objects.count() == 1


@pytest.mark.django_db
def test_an_officer_records_a_visit_rates_it_and_prints_the_minutes(
    client, province, bodies, nga, tmp_path
):
    client.force_login(nga.user)
    response = client.post(
        reverse("training:inspection_new"),
        {
            "library": province["school"].code,
            "kind": "inspection",
            "organiser": "body:SL-PVHXH-TANLAP",
            "visited_on": "2026-03-12",
            "inspectors": "Hoàng Thị Nga",
            "checklist": str(Checklist.objects.get(is_default=True).pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    visit = Inspection.objects.get()
    items = list(visit.checklist.items.all())
    response = client.post(
        reverse("training:inspection_findings", args=[visit.pk]),
        {
            f"rating-{items[0].pk}": "met",
            f"rating-{items[1].pk}": "not_met",
            f"note-{items[1].pk}": "Chưa đặt báo Nhi Đồng",
            "summary": "Thư viện cơ bản đáp ứng yêu cầu.",
        },
    )
    assert response.status_code == 302
    client.post(
        reverse("training:recommendation_add", args=[visit.pk]),
        {"text": "Đặt báo Nhi Đồng cho năm học", "follow_up_on": "2026-06-30"},
    )
    response = client.get(reverse("training:minutes_pdf", args=[visit.pk]))
    text = " ".join(pdf_text(response.content, tmp_path, "minutes").split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "PHÒNG VĂN HÓA – XÃ HỘI XÃ TÂN LẬP",
        "ngày 12 tháng 3 năm 2026",
        "BIÊN BẢN KIỂM TRA",
        "Thư viện: Thư viện Trường THCS Tân Lập",
        "Chưa đặt báo Nhi Đồng",
        "không đạt",
        "Thư viện cơ bản đáp ứng yêu cầu.",
        "Đặt báo Nhi Đồng cho năm học",
        "30/06/2026",
        "TRƯỞNG ĐOÀN",
    ):
        assert expected in text, expected


@pytest.mark.django_db
def test_a_commune_clerk_may_inspect_the_bookcase_below_but_not_the_school(client, province, minh):
    client.force_login(minh.user)
    page = client.get(reverse("training:inspection_new")).content.decode()
    assert province["bookcase"].code in page
    assert province["school"].code not in page
    response = client.post(
        reverse("training:inspection_new"),
        {
            "library": province["school"].code,
            "kind": "inspection",
            "organiser": "library:SL-TANLAP",
            "visited_on": "2026-03-12",
            "checklist": str(Checklist.objects.get(is_default=True).pk),
        },
    )
    assert response.status_code == 400
    assert not Inspection.objects.exists()


@pytest.mark.django_db
def test_findings_naming_an_item_that_is_no_id_change_nothing_not_a_500(client, inspection, nga):
    """ "²" passes str.isdigit() but int() refuses it; 25 digits fit no id column."""
    client.force_login(nga.user)
    url = reverse("training:inspection_findings", args=[inspection.pk])
    for value in ("²", "9" * 25):
        response = client.post(url, {f"rating-{value}": "met", f"note-{value}": "x"})
        assert response.status_code == 302, value
    assert not Finding.objects.exists()


@pytest.mark.django_db
def test_a_recommendation_followed_up_in_year_9999_is_refused_and_nothing_written(
    client, inspection, nga
):
    """Its day is checked against the operational years as every other date."""
    client.force_login(nga.user)
    response = client.post(
        reverse("training:recommendation_add", args=[inspection.pk]),
        {"text": "Bổ sung báo Nhi Đồng", "follow_up_on": "9999-12-31"},
    )
    assert response.status_code == 400
    assert not Recommendation.objects.exists()
