"""The training endpoints under /api/v1/training: shapes, refusals, other organisers 404."""

from __future__ import annotations

import pytest

from libnet.training.models import Course, Participant
from tests.circulation.test_api import post

COURSE = {
    "library": "sl-tvt",
    "title": "Tập huấn nghiệp vụ thư viện trường học",
    "starts_on": "2026-03-16",
    "ends_on": "2026-03-17",
    "place": "Hội trường Thư viện tỉnh",
    "trainers": "ThS. Trần Thị Lan",
    "sessions": [
        {"held_on": "2026-03-16", "topic": "Biên mục MARC 21"},
        {"held_on": "2026-03-17", "topic": "Phân loại DDC 23"},
    ],
}


@pytest.mark.django_db
def test_plan_a_course_and_add_its_participants_through_the_api(client, lan, minh, an):
    response = post(client, lan, "/api/v1/training/courses", COURSE)
    assert response.status_code == 201, response.content
    course_id = response.json()["id"]
    assert response.json() == {"id": course_id}
    course = Course.objects.get(pk=course_id)
    assert (course.library, course.sessions.count()) == (lan.library, 2)
    url = f"/api/v1/training/courses/{course_id}/participants"
    response = post(client, lan, url, {"kind": "school_librarian", "username": "an"})
    assert response.status_code == 201, response.content
    response = post(
        client,
        lan,
        url,
        {"kind": "commune_officer", "full_name": "Bùi Thị Hoa", "unit": "UBND xã Tân Lập"},
    )
    assert response.status_code == 201, response.content
    assert sorted(course.participants.values_list("full_name", "unit")) == [
        ("Bùi Thị Hoa", "UBND xã Tân Lập"),
        ("Lê Thị An", an.library.name),
    ]


@pytest.mark.django_db
def test_a_managing_body_plans_a_course_through_the_api(client, province, bodies, thu):
    body = dict(COURSE, library="", body="SL-SGDDT")
    response = post(client, thu, "/api/v1/training/courses", body)
    assert response.status_code == 201, response.content
    assert Course.objects.get().body == bodies["education"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"title": ""}, 400, "title_required"),
        ({"body": "SL-SGDDT"}, 400, "one_organiser"),
        ({"ends_on": "2026-03-10"}, 400, "ends_before_start"),
        (
            {"sessions": [{"held_on": "2026-04-01", "topic": "Buổi 3"}]},
            400,
            "session_outside_course",
        ),
        ({"library": "SL-NOWHERE"}, 404, "organiser_not_found"),
    ],
)
def test_a_bad_course_is_refused_with_its_code_and_nothing_written(
    client, lan, bodies, change, status, code
):
    response = post(client, lan, "/api/v1/training/courses", dict(COURSE, **change))
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert not Course.objects.exists()


@pytest.mark.django_db
def test_a_commune_clerk_gets_404_planning_a_course_for_the_province(client, lan, minh):
    response = post(client, minh, "/api/v1/training/courses", COURSE)
    assert response.status_code == 404, response.content
    assert response.json()["code"] == "organiser_not_found"
    assert not Course.objects.exists()


@pytest.mark.django_db
def test_other_library_and_body_staff_get_404_on_adding_to_a_course(client, lan, an, thu):
    course_id = post(client, lan, "/api/v1/training/courses", COURSE).json()["id"]
    url = f"/api/v1/training/courses/{course_id}/participants"
    outsider = {"kind": "teacher", "full_name": "Ngô Văn Tuấn", "unit": "THCS Hòa Bình"}
    for persona in (an, thu):
        response = post(client, persona, url, outsider)
        assert response.status_code == 404, response.content
        assert response.json()["code"] == "course_not_found"
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_an_unknown_person_is_refused_through_the_api(client, lan):
    course_id = post(client, lan, "/api/v1/training/courses", COURSE).json()["id"]
    url = f"/api/v1/training/courses/{course_id}/participants"
    response = post(client, lan, url, {"kind": "staff", "username": "nobody"})
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_person"
    response = post(client, lan, url, {"kind": "staff", "username": "lan", "library": "XX"})
    assert response.status_code == 404
    assert response.json()["code"] == "library_not_found"
    assert not Participant.objects.exists()
