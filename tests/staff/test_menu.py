"""The staff menu shows each persona of the demo what they can use, and only that.

Every page of the menu (staff/menu.py) is opened as each persona: a page the menu shows
answers 200, a page it hides answers 403 with the reason in Vietnamese, never a 404 about a
library or a copy.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from libnet.staff import menu

pytestmark = pytest.mark.django_db

# What each persona of the README's tour finds in the top menu, in order.
TOP_MENU = {
    # Cataloguer of the province: the catalogue and rotation, no desk, no readers.
    "lan": [
        "Trang chủ",
        "Luân chuyển",
        "Kiểm kê",
        "Bổ sung",
        "Thanh lọc",
        "Sách tặng",
        "Sự kiện",
        "Tập huấn",
        "Kế hoạch và báo cáo",
        "Mạng lưới thư viện",
        "Biên mục",
        "Nhập MARC",
        "Thư viện số",
        "Sổ đăng ký cá biệt",
    ],
    # Clerk and cataloguer of one commune library.
    "minh": [
        "Trang chủ",
        "Quầy mượn trả",
        "Bạn đọc",
        "Luân chuyển",
        "Kiểm kê",
        "Bổ sung",
        "Thanh lọc",
        "Sách tặng",
        "Sự kiện",
        "Tập huấn",
        "Kế hoạch và báo cáo",
        "Mạng lưới thư viện",
        "Biên mục",
        "Nhập MARC",
        "Thư viện số",
        "Sổ đăng ký cá biệt",
    ],
    # Administrator of a school library: everything a library does, but no mobile library.
    "an": [
        "Trang chủ",
        "Quầy mượn trả",
        "Bạn đọc",
        "Luân chuyển",
        "Kiểm kê",
        "Bổ sung",
        "Thanh lọc",
        "Sách tặng",
        "Sự kiện",
        "Tập huấn",
        "Kế hoạch và báo cáo",
        "Chương trình phối hợp",
        "Tiêu chuẩn thư viện trường học",
        "Mạng lưới thư viện",
        "Biên mục",
        "Nhập MARC",
        "Thư viện số",
        "Sổ đăng ký cá biệt",
    ],
    # Department officer: reports, the network, the catalogue; the monthly figures of the
    # deposit points and the mobile library's Form 01; never a desk or a reader.
    "chi": [
        "Trang chủ",
        "Luân chuyển",
        "Kiểm kê",
        "Sách tặng",
        "Sự kiện",
        "Tập huấn",
        "Thư viện lưu động",
        "Kế hoạch và báo cáo",
        "Cơ quan quản lý",  # she is an officer of the Sở VHTTDL too
        "Chương trình phối hợp",
        "Mạng lưới thư viện",
        "Biên mục",
        "Thư viện số",
        "Sổ đăng ký cá biệt",
    ],
    # Officers of a managing body (the Sở GD&ĐT, a commune office): their schools' reports,
    # nothing of any library's holdings, desk or readers.
    "thu": [
        "Trang chủ",
        "Tập huấn",
        "Cơ quan quản lý",
        "Chương trình phối hợp",
        "Tiêu chuẩn thư viện trường học",
    ],
    "nga": [
        "Trang chủ",
        "Tập huấn",
        "Cơ quan quản lý",
        "Chương trình phối hợp",
        "Tiêu chuẩn thư viện trường học",
    ],
    # Crew of the mobile library: its desk, its trips; no cataloguing work.
    "hung": [
        "Trang chủ",
        "Quầy mượn trả",
        "Bạn đọc",
        "Luân chuyển",
        "Kiểm kê",
        "Sách tặng",
        "Sự kiện",
        "Thư viện lưu động",
        "Kế hoạch và báo cáo",
        "Mạng lưới thư viện",
        "Biên mục",
        "Thư viện số",
        "Sổ đăng ký cá biệt",
    ],
}

PERSONAS = sorted(TOP_MENU)


def _log_in(client, username: str):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    return user


def _top_menu(html: str) -> list[tuple[str, str]]:
    """(label, address) of each entry of the top menu of a staff page."""
    nav = re.search(r'<nav class="mainnav".*?</nav>', html, re.S)
    assert nav is not None
    return [
        (unescape(label).strip(), href)
        for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav.group(0))
    ]


def _refusal(html: str) -> str:
    """The reason a 403 page gives, under its heading "Không được phép" (Not allowed)."""
    assert "<h1>Không được phép</h1>" in html
    match = re.search(r'<div class="alert alert-error" role="alert"><p>(.*?)</p>', html, re.S)
    assert match is not None
    return unescape(match.group(1)).strip()


def _section_links(html: str) -> set[str]:
    return set(re.findall(r'<a class="button(?: primary)?" href="([^"]+)">', html))


@pytest.mark.parametrize("username", PERSONAS)
def test_the_top_menu_shows_each_persona_the_sections_of_their_work(client, small_demo, username):
    _log_in(client, username)
    html = client.get(reverse("staff:home")).content.decode()
    assert [label for label, _href in _top_menu(html)] == TOP_MENU[username]


def _template_marks(response) -> list[str]:
    html = response.content.decode()
    return [mark for mark in ("{#", "#}", "{%", "%}") if mark in html]


@pytest.mark.parametrize("username", PERSONAS)
def test_every_page_the_menu_shows_opens_and_every_page_it_hides_says_why(
    client, small_demo, username
):
    user = _log_in(client, username)
    shown_in_menu = {
        href for _label, href in _top_menu(client.get(reverse("staff:home")).content.decode())
    }
    for section in menu.SECTIONS:
        landing = client.get(reverse(section.pages[0].url_name))
        if landing.status_code == 200:
            shown_in_menu |= _section_links(landing.content.decode())
    opened, refused = [], []
    for page in menu.pages():
        url = reverse(page.url_name)
        response = client.get(url)
        assert response.status_code in (200, 403), (page.key, response.status_code)
        # No template syntax reaches the page (a `{# … #}` comment is one line only).
        assert not _template_marks(response), page.key
        if response.status_code == 200:
            opened.append(page.key)
            assert url in shown_in_menu, f"{page.key} opens for {username} but the menu hides it"
        else:
            refused.append(page.key)
            assert url not in shown_in_menu, f"{page.key} is in {username}'s menu but refused"
            reason = _refusal(response.content.decode())
            assert reason  # the 403 page says why, in Vietnamese
            assert "Không có thư viện" not in reason  # not the 404 about a library code
        assert menu.menu_for(user).can[page.key] == (response.status_code == 200)
    assert opened, f"{username} can open nothing"
    assert refused, f"{username} is refused nothing"


def test_the_department_officer_opening_the_desk_is_told_the_desk_is_not_her_work(
    client, small_demo
):
    _log_in(client, "chi")
    response = client.get(reverse("circulation:desk"))
    assert response.status_code == 403
    text = unescape(response.content.decode())
    assert "Trang này dành cho quầy mượn trả" in text
    assert "Không có thư viện" not in text  # not the old 404 about a library code


def test_the_mobile_crew_opening_the_weeding_list_is_told_it_is_the_cataloguers(client, small_demo):
    _log_in(client, "hung")
    response = client.get(reverse("staff:weeding"))
    assert response.status_code == 403
    assert "biên mục" in _refusal(response.content.decode())


def test_a_member_of_no_library_sees_only_home_and_is_told_to_ask_the_administrator(client, db):
    user = get_user_model().objects.create_user("moi", password="x")
    client.force_login(user)
    html = client.get(reverse("staff:home")).content.decode()
    assert [label for label, _href in _top_menu(html)] == ["Trang chủ"]
    for url_name in ("staff:search", "staff:registers", "staff:network", "planning:dashboard"):
        response = client.get(reverse(url_name))
        assert response.status_code == 403
        assert "Bạn chưa làm việc cho thư viện nào" in unescape(response.content.decode())
