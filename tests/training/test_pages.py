"""The training pages under /staff/training/: plan a course, add people, tick attendance,
record results, finish; the certificates; other libraries' and bodies' staff get 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.training import services
from libnet.training.models import Course, CourseState, Participant, Result
from tests.rotation.test_documents import pdf_text


@pytest.fixture
def people(course, lan, minh, an):
    """Minh and An on the provincial library's course."""
    return [
        services.add_participant(course=course, kind="staff", username="minh", by=lan.user),
        services.add_participant(
            course=course, kind="school_librarian", username="an", by=lan.user
        ),
    ]


@pytest.mark.django_db
def test_a_cataloguer_plans_a_course_from_the_form_with_one_session_a_day(client, lan):
    client.force_login(lan.user)
    response = client.get(reverse("training:new"))
    assert response.status_code == 200
    response = client.post(
        reverse("training:new"),
        {
            "organiser": "library:SL-TVT",
            "title": "Tập huấn nghiệp vụ thư viện cơ sở",
            "starts_on": "2026-03-16",
            "ends_on": "2026-03-18",
            "place": "Thư viện tỉnh",
        },
    )
    course = Course.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training:detail", args=[course.pk])
    assert [s.topic for s in course.sessions.all()] == ["Ngày 1", "Ngày 2", "Ngày 3"]
    response = client.get(reverse("training:list"))
    assert "Tập huấn nghiệp vụ thư viện cơ sở" in response.content.decode()


@pytest.mark.django_db
def test_a_session_line_without_a_day_is_shown_on_the_form_and_nothing_written(client, lan):
    client.force_login(lan.user)
    response = client.post(
        reverse("training:new"),
        {
            "organiser": "library:SL-TVT",
            "title": "Lớp A",
            "starts_on": "2026-03-16",
            "ends_on": "2026-03-16",
            "sessions": "buổi sáng Biên mục",
        },
    )
    assert response.status_code == 400
    assert "dòng phải bắt đầu bằng ngày" in response.content.decode()
    assert not Course.objects.exists()


@pytest.mark.django_db
def test_attendance_is_ticked_per_session_and_results_recorded_then_the_course_finished(
    client, lan, course, people
):
    client.force_login(lan.user)
    minh_place, an_place = people
    first = course.sessions.first()
    url = reverse("training:attendance", args=[course.pk, first.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"present": [str(an_place.pk)]})
    assert response.status_code == 302
    assert list(first.present.all()) == [an_place]
    response = client.post(
        reverse("training:results", args=[course.pk]),
        {f"result-{minh_place.pk}": "failed", f"result-{an_place.pk}": "passed"},
    )
    assert response.status_code == 302
    response = client.post(reverse("training:finish", args=[course.pk]), follow=True)
    assert "Lớp đã kết thúc" in response.content.decode()
    course.refresh_from_db()
    assert course.state == CourseState.FINISHED
    assert Participant.objects.get(pk=an_place.pk).certificate_number == 1
    page = client.get(reverse("training:detail", args=[course.pk])).content.decode()
    assert reverse("training:certificate_pdf", args=[course.pk, an_place.pk]) in page
    assert reverse("training:certificate_pdf", args=[course.pk, minh_place.pk]) not in page


@pytest.mark.django_db
def test_finishing_with_results_pending_says_how_many_and_changes_nothing(
    client, lan, course, people
):
    client.force_login(lan.user)
    response = client.post(reverse("training:finish", args=[course.pk]), follow=True)
    assert "còn 2 người" in response.content.decode()
    assert Course.objects.get(pk=course.pk).state == CourseState.PLANNED


@pytest.mark.django_db
def test_the_certificate_has_the_official_heading_and_the_participant(
    client, lan, course, people, tmp_path
):
    _minh_place, an_place = people
    services.record_results(
        course=course, results={p.pk: Result.PASSED for p in people}, by=lan.user
    )
    services.finish_course(course=course, by=lan.user)
    client.force_login(lan.user)
    response = client.get(reverse("training:certificate_pdf", args=[course.pk, an_place.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content, tmp_path, "certificate").split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "THƯ VIỆN TỈNH SÔNG LAM",
        "ngày 17 tháng 3 năm 2026",  # the course's last day, not the day it is printed
        "Số: 01/GCN-2026",
        "GIẤY CHỨNG NHẬN",
        "Lê Thị An",
        "Đơn vị: Thư viện Trường THCS Tân Lập",
        "đã hoàn thành lớp tập huấn “Tập huấn nghiệp vụ thư viện cơ sở”",
        "từ 16/03/2026 đến 17/03/2026 tại Thư viện tỉnh Sông Lam",
        "Kết quả: Đạt.",
    ):
        assert expected in text, expected
    response = client.get(reverse("training:certificates_pdf", args=[course.pk]))
    text = " ".join(pdf_text(response.content, tmp_path, "certificates").split())
    for expected in ("DANH SÁCH CẤP GIẤY CHỨNG NHẬN", "Nguyễn Văn Minh", "02/GCN-2026"):
        assert expected in text, expected
    assert text.count("GIẤY CHỨNG NHẬN") == 3  # the list's title and two certificates


@pytest.mark.django_db
def test_a_participant_who_did_not_pass_gets_no_certificate(client, lan, course, people):
    minh_place, an_place = people
    services.record_results(
        course=course, results={minh_place.pk: "failed", an_place.pk: "passed"}, by=lan.user
    )
    services.finish_course(course=course, by=lan.user)
    client.force_login(lan.user)
    response = client.get(reverse("training:certificate_pdf", args=[course.pk, minh_place.pk]))
    assert response.status_code == 409


@pytest.mark.django_db
def test_a_body_officer_organises_the_body_course_and_its_heading_is_the_body(
    client, province, bodies, thu, tmp_path
):
    course = services.plan_course(
        title="Bồi dưỡng cán bộ thư viện trường học",
        body=bodies["education"],
        starts_on=dt.date(2026, 3, 20),
        ends_on=dt.date(2026, 3, 20),
        by=thu.user,
    )
    place = services.add_participant(
        course=course, kind="teacher", full_name="Ngô Văn Tuấn", unit="THCS Hòa Bình", by=thu.user
    )
    services.record_results(course=course, results={place.pk: "passed"}, by=thu.user)
    services.finish_course(course=course, by=thu.user)
    client.force_login(thu.user)
    assert client.get(reverse("training:list")).status_code == 200
    response = client.get(reverse("training:certificate_pdf", args=[course.pk, place.pk]))
    text = " ".join(pdf_text(response.content, tmp_path, "body-certificate").split())
    for expected in (
        "ỦY BAN NHÂN DÂN TỈNH SÔNG LAM",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
        "Sông Lam, ngày 20 tháng 3 năm 2026",
    ):
        assert expected in text, expected


@pytest.mark.django_db
def test_other_library_and_body_staff_get_404_on_every_page_of_a_course(
    client, course, people, minh, an, thu
):
    minh_place, _an_place = people
    session = course.sessions.first()
    pages = [
        ("get", reverse("training:detail", args=[course.pk]), {}),
        ("get", reverse("training:attendance", args=[course.pk, session.pk]), {}),
        (
            "post",
            reverse("training:attendance", args=[course.pk, session.pk]),
            {"present": [str(minh_place.pk)]},
        ),
        (
            "post",
            reverse("training:participant_add", args=[course.pk]),
            {"kind": "teacher", "full_name": "X", "unit": "Y"},
        ),
        (
            "post",
            reverse("training:results", args=[course.pk]),
            {f"result-{minh_place.pk}": "passed"},
        ),
        ("post", reverse("training:finish", args=[course.pk]), {}),
        ("post", reverse("training:cancel", args=[course.pk]), {}),
        ("get", reverse("training:certificates_pdf", args=[course.pk]), {}),
        ("get", reverse("training:certificate_pdf", args=[course.pk, minh_place.pk]), {}),
    ]
    for persona in (minh, an, thu):
        client.force_login(persona.user)
        for method, url, data in pages:
            assert getattr(client, method)(url, data).status_code == 404, (persona, url)
    assert not session.present.exists()
    assert Participant.objects.filter(course=course).count() == 2
    assert Course.objects.get(pk=course.pk).state == CourseState.PLANNED
    assert Participant.objects.get(pk=minh_place.pk).result == Result.PENDING


@pytest.mark.django_db
def test_attendance_and_results_naming_a_participant_that_is_no_id_change_nothing_not_a_500(
    client, lan, course, people
):
    """ "²" passes str.isdigit() but int() refuses it; 25 digits fit no id column."""
    client.force_login(lan.user)
    minh_place, _an_place = people
    first = course.sessions.first()
    url = reverse("training:attendance", args=[course.pk, first.pk])
    for value in ("²", "9" * 25):
        response = client.post(url, {"present": [value]})
        assert response.status_code == 302, value
        response = client.post(
            reverse("training:results", args=[course.pk]), {f"result-{value}": "passed"}
        )
        assert response.status_code == 302, value
    assert not first.present.exists()
    assert Participant.objects.get(pk=minh_place.pk).result == Result.PENDING
