"""Hùng runs a trip in a real browser (Debian chromium): plans it, loads the vehicle by scan,
lends at a stop while the tablet is offline, syncs when the network is back, counts the stock.

Screenshots land in screenshots/mobile-*.png so a person can look at them.
"""

from __future__ import annotations

import re
import uuid

import pytest

from libnet.catalog.models import Item, ItemStatus
from libnet.circulation.models import Loan
from libnet.core import clock
from libnet.mobile.models import MobileOperation, MobileTrip, TripState
from tests.browser import DESKTOP, SCREENSHOTS, launch

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
TABLET = {"width": 1024, "height": 768}


@pytest.fixture
def browser(monkeypatch):
    # Lets context.route() see a service worker's own requests (to cut its network too).
    monkeypatch.setenv("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")
    yield from launch()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"mobile-{name}.png"), full_page=True)


def _login(page, base_url: str) -> None:
    page.goto(f"{base_url}/staff/login/?next=/staff/mobile/")
    page.fill("#id_username", "hung")
    page.fill("#id_password", "demo-password")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"^[^?]*/staff/mobile/$"))


def test_hung_plans_loads_lends_offline_syncs_and_counts_the_stock(
    browser, live_server, hung, route, vehicle, stock, villager
):
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    _login(page, live_server.url)

    # Plan the trip.
    page.select_option("#id_route", str(route.pk))
    page.select_option("#id_vehicle", str(vehicle.pk))
    page.fill("#id_date", clock.today().isoformat())  # a trip leaves on its own day
    page.click("form[action$='/staff/mobile/'] button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/mobile/trips/\d+/"))
    trip = MobileTrip.objects.get()

    # The crew of TT 05/2022 Art. 8.
    for name, role in [
        ("Nguyễn Văn Tài", "driver"),
        ("Trương Văn Hùng", "librarian"),
        ("Lê Thị Hoa", "librarian"),
    ]:
        page.fill("#id_person_name", name)
        page.select_option("#id_role", role)
        page.click("#crew button[type=submit]:not(.link-button)")
        page.wait_for_selector(f"#crew li:has-text('{name}')")

    # Load the vehicle with the scanner: each barcode, then Enter in the box and the button.
    page.fill("#id_barcodes", "TVT0001\nTVT0002\nTVT0003\nKHONGCO")
    page.click("#stock button[type=submit]")
    page.wait_for_selector("#stock-table tr[data-barcode='TVT0003']")
    assert "KHONGCO" in page.inner_text(".messages")  # the refused barcode says why
    _shot(page, "1-loaded")

    page.click("button[data-action='depart']")
    page.wait_for_selector("#trip-state[data-state='on_road']")

    # At the first stop, on the tablet.
    first_stop = trip.stops.select_related("route_stop").first()
    page.set_viewport_size(TABLET)
    page.goto(f"{live_server.url}/staff/mobile/trips/{trip.pk}/stops/{first_stop.pk}/")
    page.wait_for_selector("#net-status[data-online='true']")
    page.fill("#card", villager.card_number)
    page.fill("#barcode", "TVT0001")
    page.click("#scan-submit")
    page.wait_for_selector("#ops tr[data-barcode='TVT0001'][data-state='ok']")

    # The network drops: the next scans wait on the tablet.
    context.set_offline(True)
    page.wait_for_selector("#net-status[data-online='false']")
    page.fill("#card", villager.card_number)
    page.fill("#barcode", "TVT0002")
    page.click("#scan-submit")
    page.fill("#barcode", "TVT0001")  # lent already: the server will refuse it
    page.click("#scan-submit")
    page.wait_for_selector("#ops tr[data-barcode='TVT0002'][data-state='waiting']")
    assert page.inner_text("#waiting-count") == "2"
    _shot(page, "2-offline-waiting")
    assert Loan.objects.count() == 1

    # A reload while offline would lose nothing either: the queue is in localStorage.
    # It is kept under this user and trip, so another clerk on the tablet does not send it.
    queue_key = f"libnet.mobile.queue.{hung.user.pk}.{trip.pk}"
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{queue_key}')).length") == 2
    assert page.evaluate("localStorage.getItem('libnet.mobile.queue')") is None

    # Back online: the queue is sent and each scan gets its answer.
    context.set_offline(False)
    page.wait_for_selector("#ops tr[data-barcode='TVT0002'][data-state='ok']")
    page.wait_for_selector("#ops tr[data-barcode='TVT0001'][data-state='refused']")
    assert page.inner_text("#waiting-count") == "0"
    # Answered scans keep their barcode and result, not the reader's card number.
    done = page.evaluate(
        f"JSON.parse(localStorage.getItem('libnet.mobile.done.{hung.user.pk}.{trip.pk}'))"
    )
    assert len(done) == 3
    assert all("card_number" not in op for op in done)
    refused = page.inner_text("#ops tr[data-state='refused']")
    assert "TVT0001" in refused
    _shot(page, "3-synced")
    assert Loan.objects.filter(closed_at__isnull=True).count() == 2
    assert MobileOperation.objects.count() == 3

    # Figures of the stop, back on the trip page.
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/staff/mobile/trips/{trip.pk}/#stop-{first_stop.pk}")
    prefix = f"#id_stop{first_stop.pk}-"
    page.fill(prefix + "readers_served", "27")
    page.fill(prefix + "in_place_uses", "40")
    page.fill(prefix + "new_cards", "3")
    page.fill(prefix + "activities", "Kể chuyện cho thiếu nhi; giới thiệu sách mới")
    page.click(f"#stop-{first_stop.pk} button[type=submit]")
    page.wait_for_selector(".message:has-text('UBND xã Tân Lập')")
    assert "2" in page.inner_text(f"#stop-{first_stop.pk}")  # the two loans made through libnet

    # Back in town: count the stock. TVT0003 comes back; two copies are with readers.
    page.click("button[data-action='return']")
    page.wait_for_selector("#trip-state[data-state='back']")
    page.fill("#id_barcode", "TVT0003")
    page.click("#check button[type=submit]")
    page.wait_for_selector(".message:has-text('TVT0003')")
    assert "TVT0001" in page.inner_text("#check-on-loan")
    assert "TVT0002" in page.inner_text("#check-on-loan")
    _shot(page, "4-count-after-trip")
    page.click("button[data-action='close']")
    page.wait_for_selector("#trip-state[data-state='closed']")
    _shot(page, "5-closed")

    # Mẫu 01 for the month of the trip, and the route editor.
    today = clock.today()
    page.goto(
        f"{live_server.url}/staff/mobile/report/?library=SL-TVT-LD&period=month"
        f"&year={today.year}&number={today.month}"
    )
    assert "UBND xã Tân Lập" in page.inner_text("#report-table")
    _shot(page, "6-report")
    page.goto(f"{live_server.url}/staff/mobile/routes/{route.pk}/")
    _shot(page, "7-route")

    trip.refresh_from_db()
    assert trip.state == TripState.CLOSED
    assert Item.objects.get(barcode="TVT0003").status == ItemStatus.AVAILABLE
    assert Item.objects.get(barcode="TVT0002").status == ItemStatus.ON_LOAN
    context.close()


def test_scans_of_another_clerk_or_an_unknown_trip_are_neither_sent_nor_lost(
    browser, live_server, hung, on_road, villager
):
    """The tablet holds another clerk's queue and a scan the server answers `trip_not_found`:
    Hùng's sync sends only his own queue of this trip, and the refused scan stays queued."""
    context = browser.new_context(viewport=TABLET, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    _login(page, live_server.url)
    stop = on_road.stops.first()
    page.goto(f"{live_server.url}/staff/mobile/trips/{on_road.pk}/stops/{stop.pk}/")
    page.wait_for_selector("#net-status[data-online='true']")
    other_key = f"libnet.mobile.queue.{hung.user.pk + 1000}.{on_road.pk}"
    mine_key = f"libnet.mobile.queue.{hung.user.pk}.{on_road.pk}"

    def scan(barcode: str, trip_id: int) -> dict:
        return {
            "client_uuid": str(uuid.uuid4()),
            "trip_id": trip_id,
            "stop_id": stop.pk,
            "action": "checkout",
            "card_number": villager.card_number,
            "barcode": barcode,
            "client_at": "2026-03-02T02:30:00Z",
        }

    page.evaluate(
        "([key, ops]) => localStorage.setItem(key, JSON.stringify(ops))",
        [other_key, [scan("TVT0001", on_road.pk)]],
    )
    page.evaluate(
        "([key, ops]) => localStorage.setItem(key, JSON.stringify(ops))",
        [mine_key, [scan("TVT0002", on_road.pk + 1000)]],
    )
    with page.expect_response(lambda response: "/mobile/sync" in response.url) as answer:
        page.click("#sync-now")
    assert answer.value.json()["results"][0]["code"] == "trip_not_found"
    page.wait_for_function("() => document.querySelector('#waiting-count').textContent === '1'")
    assert page.inner_text("#waiting-count") == "1"
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{mine_key}')).length") == 1
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{other_key}')).length") == 1
    assert not Loan.objects.exists()
    assert not MobileOperation.objects.exists()
    context.close()


def test_a_stop_page_reloaded_offline_shows_the_page_and_its_waiting_scans(
    browser, live_server, hung, on_road, villager
):
    """The service worker keeps the stop page: reloaded without a network it comes back with
    the scans still waiting, and they are sent when the network returns. A stop never opened
    online shows a short offline page, not the browser's error."""
    context = browser.new_context(viewport=TABLET, locale="vi-VN", service_workers="allow")
    page = context.new_page()
    page.set_default_timeout(10_000)
    _login(page, live_server.url)
    first, second = list(on_road.stops.all()[:2])
    stop_url = f"{live_server.url}/staff/mobile/trips/{on_road.pk}/stops/{first.pk}/"
    page.goto(stop_url)
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
    page.fill("#card", villager.card_number)
    page.fill("#barcode", "TVT0001")
    page.click("#scan-submit")
    page.wait_for_selector("#ops tr[data-barcode='TVT0001'][data-state='waiting']")

    page.reload()
    page.wait_for_selector("#mobile-stop")
    page.wait_for_selector("#ops tr[data-barcode='TVT0001'][data-state='waiting']")
    assert page.inner_text("#waiting-count") == "1"
    assert "UBND xã Tân Lập" in page.inner_text("h1")
    _shot(page, "8-reloaded-offline")
    assert not Loan.objects.exists()

    page.goto(f"{live_server.url}/staff/mobile/trips/{on_road.pk}/stops/{second.pk}/")
    assert "Không có mạng" in page.inner_text("h1")
    _shot(page, "9-never-opened-offline")

    context.unroute("**/*", offline)
    context.set_offline(False)
    page.goto(stop_url)
    page.wait_for_selector("#ops tr[data-barcode='TVT0001'][data-state='ok']")
    assert Loan.objects.filter(item__barcode="TVT0001").exists()
    context.close()


def test_readme_step_10_on_the_demo(browser, live_server):
    """README step 10 as written, on the demo province loaded today: Hùng opens the planned
    trip, adds the crew, loads copies the trip page offers, leaves, lends at a stop on the
    tablet (one scan while offline), records the stop's figures, counts the stock back and
    closes the trip, confirming the copy that did not come back."""
    from libnet.demo import loader, people
    from libnet.demo import mobile as demo_mobile
    from libnet.patrons.models import Patron

    loader.load_demo(scale="small")
    card = Patron.objects.get(full_name="Hà Thị Nga").card_number
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_username", demo_mobile.CREW_USERNAME)
    page.fill("#id_password", people.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    page.click("nav.mainnav a[href='/staff/mobile/']")
    planned = MobileTrip.objects.get(state=TripState.PLANNED)
    page.click(f"a[href='/staff/mobile/trips/{planned.pk}/']")
    page.wait_for_selector("#trip-state[data-state='planned']")

    for name, role in demo_mobile.CREW:
        page.fill("#id_person_name", name)
        page.select_option("#id_role", role)
        page.click("#crew button[type=submit]:not(.link-button)")
        page.wait_for_selector(f"#crew li:has-text('{name}')")
    offered = page.locator("#loadable input[name=picked]").evaluate_all(
        "boxes => boxes.map(box => box.value)"
    )
    page.fill("#id_barcodes", "\n".join(offered[:2]))  # as the scanner types them
    page.click("#stock form.inline-form button[type=submit]")
    page.wait_for_selector(f"#stock-table tr[data-barcode='{offered[1]}']")
    page.locator("#loadable summary").click()
    page.check(f"#loadable input[value='{offered[2]}']")
    page.click("#loadable button[type=submit]")
    page.wait_for_selector(f"#stock-table tr[data-barcode='{offered[2]}']")
    page.click("button[data-action='depart']")
    page.wait_for_selector("#trip-state[data-state='on_road']")
    _shot(page, "10-1-on-the-road")

    page.click("#stops a.button >> nth=0")
    page.wait_for_selector("#net-status[data-online='true']")
    page.fill("#card", card)
    page.fill("#barcode", offered[0])
    page.click("#scan-submit")
    page.wait_for_selector(f"#ops tr[data-barcode='{offered[0]}'][data-state='ok']")
    context.set_offline(True)
    page.wait_for_selector("#net-status[data-online='false']")
    page.fill("#card", card)
    page.fill("#barcode", offered[1])
    page.click("#scan-submit")
    page.wait_for_selector(f"#ops tr[data-barcode='{offered[1]}'][data-state='waiting']")
    context.set_offline(False)
    page.wait_for_selector(f"#ops tr[data-barcode='{offered[1]}'][data-state='ok']")
    _shot(page, "10-2-lent-at-the-stop")

    page.goto(f"{live_server.url}/staff/mobile/trips/{planned.pk}/")
    stop = planned.stops.order_by("route_stop__order").first()
    page.fill(f"#id_stop{stop.pk}-readers_served", "14")
    page.fill(f"#id_stop{stop.pk}-in_place_uses", "25")
    page.click(f"#stop-{stop.pk} button[type=submit]")
    page.wait_for_selector(".message-success")
    page.click("button[data-action='return']")
    page.wait_for_selector("#trip-state[data-state='back']")
    assert offered[0] in page.inner_text("#check-on-loan")
    page.click("button[data-action='close']")  # the third copy was never checked back
    page.wait_for_selector(f"#confirm-lines tr[data-barcode='{offered[2]}']")
    _shot(page, "10-3-close-confirm")
    page.click("#confirm-step")
    page.wait_for_selector("#trip-state[data-state='closed']")
    assert Loan.objects.filter(patron__card_number=card, closed_at__isnull=True).count() == 2
    assert Item.objects.get(barcode=offered[2]).status == ItemStatus.LOST
    context.close()
