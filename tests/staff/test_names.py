"""People are named the Vietnamese way everywhere: family name first ("Trần Thị Lan").

Django's `get_full_name()` puts the given name first ("Lan Trần Thị"); libnet names a person
through one function, `network.services.display_name`, and the `person_name` filter.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from libnet.core import clock
from libnet.mobile import services as mobile_services
from libnet.mobile.models import MobileTrip, TripState

pytestmark = pytest.mark.django_db


def _log_in(client, username: str):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    return user


def test_the_deposit_usage_page_names_who_typed_the_figures_family_name_first(client, small_demo):
    _log_in(client, "lan")
    page = client.get(reverse("rotation:deposit_usage")).content.decode()
    assert "Trần Thị Lan" in page
    assert "Lan Trần Thị" not in page


def test_a_report_comment_is_signed_family_name_first(client, small_demo):
    _log_in(client, "chi")
    month = (clock.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    url = reverse("planning:report_comment", args=["SL-TVT", month])
    client.post(url, {"comment": "Đề nghị bổ sung số liệu tháng"})
    page = client.get(reverse("planning:report", args=["SL-TVT", month])).content.decode()
    assert "Đỗ Thị Chi: Đề nghị bổ sung số liệu tháng" in page
    assert "Chi Đỗ Thị" not in page


def test_a_crew_member_added_as_a_user_is_named_family_name_first(small_demo):
    hung = get_user_model().objects.get(username="hung")
    trip = MobileTrip.objects.filter(state=TripState.PLANNED).first()
    assert trip is not None
    member = mobile_services.add_crew_member(trip=trip, user=hung, role="librarian", by=hung)
    assert member.person_name == "Trương Văn Hùng"
