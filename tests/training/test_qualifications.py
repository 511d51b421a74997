"""Staff qualifications on staff records and the share of qualified staff per library that
NĐ 93 Art. 11–21 asks for."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.network.models import LibraryKind
from libnet.training import policies, selectors, services
from libnet.training.models import DegreeLevel, StaffQualification


@pytest.mark.parametrize(
    ("kind", "level", "science", "expected"),
    [
        (LibraryKind.PROVINCIAL, "university", True, True),
        (LibraryKind.PROVINCIAL, "college", True, True),
        (LibraryKind.PROVINCIAL, "intermediate", True, False),  # Art. 11: college or higher
        (LibraryKind.PROVINCIAL, "university", False, False),  # another field, no certificate
        (LibraryKind.PROVINCIAL, "certificate", False, True),  # a certificate always counts
        (LibraryKind.COMMUNE, "intermediate", True, True),
        (LibraryKind.SCHOOL_LOWER_SECONDARY, "intermediate", True, True),  # Art. 17
        (LibraryKind.SCHOOL_LOWER_SECONDARY, "postgraduate", False, False),
    ],
)
def test_which_qualification_meets_the_requirement_of_a_kind_of_library(
    kind, level, science, expected
):
    requirement = policies.STAFF_REQUIREMENTS[kind]
    assert policies.qualifies(level, science, requirement) is expected


@pytest.mark.parametrize(
    ("kind", "staff", "qualified", "expected"),
    [
        (LibraryKind.PROVINCIAL, 10, 7, True),  # Art. 11: at least 70 %
        (LibraryKind.PROVINCIAL, 10, 6, False),
        (LibraryKind.COMMUNE, 1, 1, True),
        (LibraryKind.COMMUNE, 3, 0, False),
        (LibraryKind.COMMUNE, 0, 0, None),  # nobody in libnet: nothing to say
        (LibraryKind.MOBILE, 4, 0, None),  # no requirement for its kind
    ],
)
def test_whether_a_library_meets_its_staff_requirement(kind, staff, qualified, expected):
    requirement = policies.STAFF_REQUIREMENTS.get(kind)
    assert (
        policies.meets_requirement(staff=staff, qualified=qualified, requirement=requirement)
        is expected
    )


def qualify(person, level="university", science=True):
    return services.record_qualification(
        person=person.user,
        level=level,
        is_library_science=science,
        certificate="Cử nhân Thông tin - Thư viện",
        awarded_on=dt.date(2012, 6, 30),
        by=None,
    )


@pytest.mark.django_db
def test_the_share_of_qualified_staff_is_read_per_library(
    province, lan, chi, minh, django_assert_num_queries
):
    qualify(lan)
    ids = [province["provincial"].pk, province["commune"].pk]
    with django_assert_num_queries(3):
        shares = {row.library.code: row for row in selectors.qualification_shares(ids)}
    provincial = shares["SL-TVT"]
    assert (provincial.staff, provincial.qualified, provincial.share_percent) == (2, 1, 50)
    assert provincial.meets is False  # 50 % < 70 %
    assert (shares["SL-TANLAP"].staff, shares["SL-TANLAP"].meets) == (1, False)
    qualify(chi, level="certificate", science=False)
    qualify(minh, level="intermediate")
    shares = {row.library.code: row for row in selectors.qualification_shares(ids)}
    assert (shares["SL-TVT"].share_percent, shares["SL-TVT"].meets) == (100, True)
    assert shares["SL-TANLAP"].meets is True


@pytest.mark.django_db
def test_the_provincial_librarian_records_a_qualification_of_a_commune_clerk(client, lan, minh):
    client.force_login(lan.user)
    url = reverse("training:qualifications") + "?library=SL-TANLAP"
    response = client.post(
        url,
        {
            "username": "minh",
            "level": "intermediate",
            "is_library_science": "on",
            "certificate": "Trung cấp Thư viện",
            "awarded_on": "2015-06-30",
        },
    )
    assert response.status_code == 302
    qualification = StaffQualification.objects.get()
    assert (qualification.user, qualification.level) == (minh.user, DegreeLevel.INTERMEDIATE)
    page = client.get(url).content.decode()
    assert "Trung cấp Thư viện" in page
    assert "100 %" in page


@pytest.mark.django_db
def test_a_school_librarian_cannot_record_or_remove_a_qualification_of_another_library(
    client, lan, minh, an
):
    client.force_login(an.user)
    response = client.post(
        reverse("training:qualifications") + f"?library={an.library.code}",
        {"username": "minh", "level": "college", "awarded_on": "2015-06-30"},
    )
    assert response.status_code == 400
    assert "Không có cán bộ nào mang tên đăng nhập này" in response.content.decode()
    assert not StaffQualification.objects.exists()
    qualification = qualify(minh)
    response = client.post(reverse("training:qualification_remove", args=[qualification.pk]))
    assert response.status_code == 404
    assert StaffQualification.objects.filter(pk=qualification.pk).exists()
    response = client.get(reverse("training:qualifications") + "?library=SL-TANLAP")
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_body_officer_reads_the_shares_of_the_schools_reporting_to_the_body(
    client, province, nga, an
):
    client.force_login(nga.user)
    response = client.get(reverse("training:qualifications"))
    assert response.status_code == 200
    page = response.content.decode()
    assert province["school"].name in page
    assert province["provincial"].name not in page
    assert 'id="record-qualification"' not in page
