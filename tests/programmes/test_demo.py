"""The demo's programme between the Sở VHTTDL and the Sở GD&ĐT, with its mid-term review."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from libnet.programmes import selectors
from libnet.programmes.models import Programme, ProgrammeReview

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_programme_of_the_two_departments_with_its_mid_term_review(
    client, small_demo
):
    programme = Programme.objects.get()
    assert (programme.culture_body.code, programme.education_body.code) == (
        "SL-SVHTTDL",
        "SL-SGDDT",
    )
    review = ProgrammeReview.objects.get(programme=programme)
    assert review.period == f"{programme.starts_on.year}-H1"
    assert review.culture_text
    assert review.education_text
    sheet = selectors.review_sheet(programme, review.kind, review.period)
    assert sheet.value("schools_served") >= 1
    assert sheet.value("copies_rotated") > 0
    assert sheet.value("events_held") > 0
    users = get_user_model().objects.in_bulk(["chi", "thu", "minh"], field_name="username")
    url = reverse("programmes:review", args=[programme.pk, "mid_term", review.period])
    for name, status in (("chi", 200), ("thu", 200), ("minh", 404)):
        client.force_login(users[name])
        assert client.get(url).status_code == status, name
