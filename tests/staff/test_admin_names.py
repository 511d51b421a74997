"""The Django admin, where loan rules, memberships and joint-card areas are edited, names each
row in Vietnamese words (its __str__), never ids, enum values or ISO dates."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from libnet.circulation.models import CirculationPolicy
from libnet.network.models import Membership

pytestmark = pytest.mark.django_db


def _title(client, url: str) -> str:
    html = unescape(client.get(url).content.decode())
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match is not None
    return match.group(1)


def test_the_network_wide_loan_rule_is_named_in_words(client, small_demo):
    client.force_login(get_user_model().objects.get(username="admin"))
    rule = CirculationPolicy.objects.filter(
        library__isnull=True, patron_category__isnull=True, item_type=""
    ).first()
    assert rule is not None
    title = _title(client, reverse("admin:circulation_circulationpolicy_change", args=[rule.pk]))
    assert "toàn mạng lưới / mọi đối tượng bạn đọc / mọi loại tài liệu" in title
    assert "*" not in title


def test_a_membership_is_named_with_its_role_in_vietnamese(client, small_demo):
    client.force_login(get_user_model().objects.get(username="admin"))
    membership = Membership.objects.get(user__username="chi")
    title = _title(client, reverse("admin:network_membership_change", args=[membership.pk]))
    assert "chi · Thống kê, báo cáo · SL-TVT" in title
    assert "reporting" not in title
