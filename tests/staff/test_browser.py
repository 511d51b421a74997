"""Minh at the Tân Lập desk, in a real browser (Debian chromium through Playwright).

Screenshots of every page land in screenshots/ (not committed) so a person can look at them.
"""

from __future__ import annotations

import re

import pytest

from tests.browser import SCREENSHOTS, launch, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def page():
    for browser in launch():
        yield new_page(browser)


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"staff-{name}.png"), full_page=True)


def _log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/staff/login/")
    _shot(page, "login")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-password")
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"/staff/"))


def test_minh_finds_a_record_adds_a_copy_and_cannot_open_the_schools(
    page, live_server, minh, record, commune_item, school_item
):
    _log_in(page, live_server, "minh")
    assert "Thư viện xã Tân Lập" in page.content()
    _shot(page, "home")

    page.goto(f"{live_server.url}/staff/catalogue/")
    page.fill("#q", "số đỏ")
    page.press("#q", "Enter")
    page.wait_for_selector(".result")
    _shot(page, "search")
    page.click(".result h2 a")
    page.wait_for_url(re.compile(rf"/catalogue/records/{record.pk}/$"))
    assert "Vũ Trọng Phụng" in page.content()
    assert "TANLAP0000001" in page.content()
    _shot(page, "record")

    page.click(f"a[href='/staff/catalogue/records/{record.pk}/copies/add/']")
    page.wait_for_selector("#id_accession_number")
    # The register of Tân Lập has used VV.000001: the next number is proposed.
    assert page.input_value("#id_accession_number") == "VV.000002"
    _shot(page, "item-add")
    page.fill("#id_barcode", "TANLAP0000002")
    page.click("button[type=submit].primary")
    page.wait_for_url(re.compile(rf"/catalogue/records/{record.pk}/$"))
    assert "TANLAP0000002" in page.content()
    assert "VV.000002" in page.content()

    response = page.goto(f"{live_server.url}/staff/catalogue/copies/{school_item.pk}/")
    assert response is not None
    assert response.status == 404
    _shot(page, "other-library-404")


def test_lan_uploads_a_marc_file_and_watches_it_finish(page, live_server, lan, tmp_path):
    from libnet.interop import jobs
    from tests.factories import make_marc

    path = tmp_path / "sach-moi.mrc"
    with path.open("wb") as out:
        for number in range(3):
            record = make_marc(
                title=f"Truyện cổ tích Việt Nam tập {number + 1}", control_number=f"TL{number}"
            )
            record.leader = record.leader[:9] + "a" + record.leader[10:]
            out.write(record.as_marc())
    _log_in(page, live_server, "lan")
    page.goto(f"{live_server.url}/staff/imports/")
    page.set_input_files("input[type=file]", str(path))
    page.click("button[type=submit].primary")
    page.wait_for_url(re.compile(r"/staff/imports/\d+/$"))
    _shot(page, "import-queued")
    # The worker (`libnet worker`, started by `make run`) picks the job up; the page polls.
    assert jobs.run_pending_jobs() == 1
    page.wait_for_selector(".job-done", timeout=15_000)
    assert page.locator("#job-status dd").first.inner_text() == "3"
    _shot(page, "import-done")


def test_pages_fit_a_phone_screen(page, live_server, minh, record, commune_item):
    page.set_viewport_size({"width": 375, "height": 800})
    _log_in(page, live_server, "minh")
    page.goto(f"{live_server.url}/staff/catalogue/records/{record.pk}/")
    width = page.evaluate("document.documentElement.scrollWidth")
    _shot(page, "record-phone")
    assert width <= 375 + 1
