"""Forms answer a mistake in plain Vietnamese, and dates are day first (05/03/2026).

Django's own Vietnamese for form errors reads awkwardly ("Nhập một số tổng thể." for a whole
number); libnet's catalogue words them again (core/wording.py). Django's Vietnamese formats
have no input formats, so a typed 05/03/2026 was read the American way, as 3 May; libnet's
formats (libnet/formats) read and write day first.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from libnet.circulation.models import VisitCount
from libnet.core import clock
from libnet.rotation.models import DepositUsage

pytestmark = pytest.mark.django_db


def _errors(html: str) -> str:
    match = re.search(
        r'<div class="alert alert-error" role="alert" id="form-errors".*?</div>', html, re.S
    )
    assert match is not None, "the page shows no form errors"
    return re.sub(r"<[^>]+>", "", unescape(match.group(0)))


def test_a_mistyped_password_is_answered_in_plain_vietnamese(client, minh):
    response = client.post(reverse("staff:login"), {"username": "minh", "password": "sai"})
    text = _errors(response.content.decode())
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in text
    assert "Vui lòng điền vào" not in text  # Django's wording


def test_a_card_form_sent_without_a_name_says_the_name_must_be_filled(client, minh):
    client.force_login(minh.user)
    response = client.post(reverse("patrons:issue"), {"full_name": "", "category": "adult"})
    text = _errors(response.content.decode())
    assert "Họ và tên: Mục này không được để trống." in text
    assert "Trường này là bắt buộc" not in text


def test_loans_typed_in_letters_ask_for_a_whole_number(client, small_demo):
    """A bookcase's monthly loans, typed in words by mistake."""
    client.force_login(get_user_model().objects.get(username="minh"))
    response = client.post(
        reverse("rotation:deposit_usage"),
        {
            "point": "SL-TANLAP-TS1",
            "month": clock.today().replace(day=1).isoformat(),
            "loans": "mười",
            "readers": "4",
        },
    )
    assert response.status_code == 400
    text = _errors(response.content.decode())
    assert "Hãy nhập một số nguyên" in text
    assert "tổng thể" not in text  # Django's own Vietnamese: "Nhập một số tổng thể."
    assert not DepositUsage.objects.filter(point__code="SL-TANLAP-TS1", loans=10).exists()


def _ambiguous_recent_day() -> dt.date:
    """A recent day whose day and month could be swapped (5 March, read 3 May)."""
    day = clock.today()
    while day.day > 12 or day.day == day.month:
        day -= dt.timedelta(days=1)
    return day


def test_a_day_typed_day_first_is_read_day_first(client, minh):
    day = _ambiguous_recent_day()
    client.force_login(minh.user)
    response = client.post(
        reverse("circulation:visits"),
        {"library": "SL-TANLAP", "day": day.strftime("%d/%m/%Y"), "count": "17"},
    )
    assert response.status_code == 302
    assert list(VisitCount.objects.values_list("day", "count")) == [(day, 17)]


def test_the_printable_bibliography_is_dated_day_first(client, province):
    page = client.get(reverse("opac:search_bibliography"), {"q": "so do"}).content.decode()
    assert f"tính đến ngày {clock.today():%d/%m/%Y}" in page
