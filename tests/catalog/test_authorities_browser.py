"""Authorities in a real browser (Debian chromium), on a phone: Lan finds Tô Hoài by an
unaccented variant, renames the heading on the form, and the book follows. Screenshots land
in screenshots/ for a person to look at."""

from __future__ import annotations

import pytest

from libnet.catalog.authority_marc import AuthorityForm
from libnet.catalog.models import AuthorityKind, BibRecord
from libnet.catalog.services import authorities, create_record
from tests.browser import PHONE, SCREENSHOTS, launch, log_in
from tests.factories import make_marc

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    yield from launch()


def test_lan_finds_and_renames_a_heading_on_a_phone(browser, live_server, lan):
    create_record(
        marc_record=make_marc(title="Dế Mèn phiêu lưu ký", author="Tô Hoài"),
        by=lan.user,
        library=lan.library,
    )
    authorities.create_authority(
        form=AuthorityForm(
            kind=AuthorityKind.PERSONAL, heading="Tô Hoài", identities=("Nguyễn Sen",)
        ),
        by=lan.user,
    )
    page = log_in(browser, live_server.url, "/staff/authorities/", viewport=PHONE)
    page.fill("#q", "to, hoai")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with page.expect_navigation():
        page.click("#authorities a")
    assert "Dế Mèn phiêu lưu ký" in page.inner_text("#records")
    with page.expect_navigation():
        page.click("text=Sửa tiêu đề hoặc các dạng tên")
    page.fill("#id_heading", "Tô Hoài (1920-2014)")
    with page.expect_navigation():
        page.click("button:has-text('Lưu')")
    assert "Đã đổi tiêu đề thành Tô Hoài (1920-2014) trong 1 biểu ghi." in page.inner_text("body")
    page.screenshot(path=str(SCREENSHOTS / "authority-renamed-375.png"), full_page=True)
    assert BibRecord.objects.get().authors == "Tô Hoài (1920-2014)"
