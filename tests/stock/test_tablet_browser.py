"""The stocktake's tablet page in a real browser (Debian chromium): Minh opens it, the network
drops, he scans three copies (they wait on the tablet), reloads the page without a network
(the service worker shows it with its queue), the network comes back, the queue empties and
the desk counts them. Screenshots at 375 px land in screenshots/."""

from __future__ import annotations

import re

import pytest

from libnet.stock.models import StocktakeScan
from tests.browser import PHONE, SCREENSHOTS, launch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser(monkeypatch):
    # Lets context.route() see a service worker's own requests (to cut its network too).
    monkeypatch.setenv("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")
    yield from launch()


def test_scans_made_offline_wait_on_the_tablet_and_are_counted_once_back_online(
    browser, live_server, minh, stocktake, open_stacks
):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", service_workers="allow")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_server.url}/staff/login/?next=/staff/stock/")
    page.fill("#id_username", "minh")
    page.fill("#id_password", "demo-password")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^[^?]*/staff/stock/$"))
    page.goto(f"{live_server.url}/staff/stock/{stocktake.pk}/")
    page.click("#tablet-link")
    page.wait_for_url(re.compile(rf"/staff/stock/{stocktake.pk}/tablet/$"))
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()  # now through the service worker, which keeps a copy
    page.wait_for_selector("#net-status[data-online='true']")

    def offline(route):
        # Chromium's offline mode does not reach a service worker's own fetches.
        if route.request.service_worker:
            return route.abort("internetdisconnected")
        return route.continue_()

    context.set_offline(True)
    context.route("**/*", offline)
    page.wait_for_selector("#net-status[data-online='false']")
    page.select_option("#location", str(open_stacks.pk))
    for barcode in ("CX001", "CX002", "CX003"):
        page.fill("#barcode", barcode)
        page.keyboard.press("Enter")
        page.wait_for_selector(f"#scans tr[data-barcode='{barcode}'][data-state='waiting']")
    assert page.inner_text("#waiting-count") == "3"
    assert "đang chờ gửi" in page.inner_text("#stock-tablet")
    page.screenshot(path=str(SCREENSHOTS / "stock-tablet-offline-375.png"), full_page=True)
    assert not StocktakeScan.objects.exists()

    page.reload()
    page.wait_for_selector("#stock-tablet")
    page.wait_for_selector("#scans tr[data-barcode='CX003'][data-state='waiting']")
    assert page.inner_text("#waiting-count") == "3"
    assert page.input_value("#location") == str(open_stacks.pk)  # the shelf stays chosen

    context.unroute("**/*", offline)
    context.set_offline(False)
    page.wait_for_function("() => document.querySelector('#waiting-count').textContent === '0'")
    page.wait_for_selector("#scans tr[data-barcode='CX001'][data-state='found']")
    assert "đúng giá" in page.inner_text("#scans tr[data-barcode='CX001']")
    page.screenshot(path=str(SCREENSHOTS / "stock-tablet-synced-375.png"), full_page=True)
    scans = StocktakeScan.objects.filter(stocktake=stocktake)
    assert sorted(scans.values_list("barcode", flat=True)) == ["CX001", "CX002", "CX003"]
    assert set(scans.values_list("source", "times")) == {("tablet", 1)}

    page.goto(f"{live_server.url}/staff/stock/{stocktake.pk}/")
    counted = page.locator("#desk-counts div").nth(1).inner_text()
    assert counted.endswith("3"), counted
    context.close()
