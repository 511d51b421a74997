"""README.md's "A tour of the demo province", steps 0-12, walked in a real browser.

The small demo (`libnet load_demo --scale small`) is loaded once for the module and served by
one live server; each step is a test of its own, in the README's order, and clicks the
links the README names, by their Vietnamese labels. Screenshots land in
screenshots/tour-*.png.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from libnet.catalog.models import BibRecord, Item
from tests.browser import CHROMIUM, SCREENSHOTS

# Each step runs in a transaction rolled back after it, over the demo loaded once (committed)
# for the module; the live server shares the test's database connection.
pytestmark = [pytest.mark.browser, pytest.mark.django_db, pytest.mark.xdist_group("readme_tour")]

PASSWORD = "libnet-demo"  # README: every demo account shares it
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}


# ---------------------------------------------------------------- the demo and the server


@pytest.fixture(scope="module")
def small_demo_for_the_tour(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The small demo in the test database, committed, for the whole module.

    Each step runs in a transaction rolled back after it, so each starts from the demo as
    loaded; the database is emptied (and the migrations' rows put back) after the last step.
    """
    from libnet.core import cache
    from libnet.demo import loader

    with django_db_blocker.unblock():
        cache.clear_all()
        loader.load_demo(scale="small")
        try:
            yield
        finally:
            # As TransactionTestCase does after a test with serialized_rollback: empty every
            # table, then put back what the migrations wrote (content types included).
            serialized = getattr(connection, "_test_serialized_contents", None)
            call_command(
                "flush", interactive=False, verbosity=0, inhibit_post_migrate=bool(serialized)
            )
            if serialized:
                connection.creation.deserialize_db_from_string(serialized)
            cache.clear_all()


@pytest.fixture
def tour(small_demo_for_the_tour) -> Iterator[dict[str, Any]]:
    """A live server over the demo, sharing the step's database connection (and transaction)."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost:0")
    try:
        yield {"url": server.url}
    finally:
        # The browser's kept-alive connections end before the server stops sharing the
        # database connection with its request threads.
        while _OPEN_CONTEXTS:
            _OPEN_CONTEXTS.pop().close()
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (make test installs it)")
    playwright_sync = pytest.importorskip("playwright.sync_api")
    SCREENSHOTS.mkdir(exist_ok=True)
    with playwright_sync.sync_playwright() as playwright:
        # --lang: the date fields read and show day/month/year, as on a Vietnamese computer.
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--lang=vi-VN"]
        )
        yield launched
        launched.close()


_OPEN_CONTEXTS: list[Any] = []


def _context(browser: Any, viewport: dict[str, int] = DESKTOP) -> Any:
    """A fresh browser profile (its own cookies), closed when the step ends."""
    context = browser.new_context(viewport=viewport, locale="vi-VN", accept_downloads=True)
    _OPEN_CONTEXTS.append(context)
    return context


def _page(browser: Any, viewport: dict[str, int] = DESKTOP) -> Any:
    page = _context(browser, viewport).new_page()
    page.set_default_timeout(10_000)
    return page


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"tour-{name}.png"), full_page=True)


def _fits(page: Any) -> None:
    """Nothing sticks out sideways: the page scrolls only up and down."""
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1


def _log_in(page: Any, tour: dict[str, Any], username: str) -> None:
    page.goto(f"{tour['url']}/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"/staff/$"))


def _menu(page: Any, label: str) -> None:
    """Open the entry of the staff menu the README names."""
    page.locator("nav.mainnav").get_by_role("link", name=label, exact=True).click()
    page.wait_for_load_state()


def _link(page: Any, label: str) -> None:
    page.get_by_role("link", name=label, exact=True).first.click()
    page.wait_for_load_state()


def _search_opac(page: Any, query: str) -> str:
    page.fill("#q", query)
    page.press("#q", "Enter")
    page.wait_for_selector(".hits, .no-results, .opac-empty", state="attached")
    return page.inner_text("main")


def _download(page: Any, url: str) -> tuple[str, bytes]:
    """Fetch what a download link gives, with the page's session: (content type, body)."""
    response = page.request.get(url)
    assert response.ok, (url, response.status)
    return response.headers["content-type"], response.body()


def _hit_titles(page: Any) -> list[str]:
    return [title.strip() for title in page.locator(".hit h2").all_inner_texts()]


# ---------------------------------------------------------------- step 0: the public catalogue


def test_step_00_a_reader_searches_the_catalogue_without_logging_in(tour, browser):
    page = _page(browser)
    page.goto(f"{tour['url']}/")
    _search_opac(page, "so do")
    assert _hit_titles(page)[0].startswith("Số đỏ")
    for typed in ("số đỏ", "SO DO"):
        _search_opac(page, typed)
        assert _hit_titles(page)[0].startswith("Số đỏ"), typed

    # The same titles for `sổ` and `số`, those with the marks typed first.
    _search_opac(page, "sổ")
    assert _hit_titles(page)[0].startswith("Sổ")
    _search_opac(page, "số")
    assert re.search(r"\b[Ss]ố\b", _hit_titles(page)[0])
    _search_opac(page, "nguyen du")
    assert any(title.startswith("Truyện Kiều") for title in _hit_titles(page))
    _search_opac(page, 'author:"Tô Hoài"')
    authors = page.locator(".hit .hit-authors").all_inner_texts()
    assert authors
    assert all("Tô Hoài" in line for line in authors)
    _search_opac(page, "year:2010..2020")
    years = [
        int(m)
        for m in re.findall(r"\b(20\d\d)\b", " ".join(page.locator(".hit-meta").all_inner_texts()))
    ]
    assert years
    assert all(2010 <= year <= 2020 for year in years)
    so_do = next(
        bib for bib in BibRecord.objects.filter(title__startswith="Số đỏ") if bib.isbns.strip()
    )
    isbn = so_do.isbns.split()[0]
    hyphenated = f"{isbn[:3]}-{isbn[3:6]}-{isbn[6:8]}-{isbn[8:12]}-{isbn[12:]}"
    for typed in (isbn, hyphenated):
        _search_opac(page, typed)
        assert _hit_titles(page)[0].startswith("Số đỏ"), typed

    # Narrow by library, then to the copies on the shelf now.
    _search_opac(page, "so do")
    page.locator("#refine a:has-text('Thư viện tỉnh Sông Lam')").first.click()
    page.wait_for_url(re.compile(r"library=SL-TVT"))
    assert "Thư viện tỉnh Sông Lam" in page.inner_text(".active-filters")
    page.check("input[name=available]")
    page.locator("#refine button[type=submit], form#search button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"available=1"))
    assert _hit_titles(page)

    # A record's copies, library by library.
    page.goto(f"{tour['url']}/record/{so_do.pk}")
    where = page.inner_text("section[aria-labelledby='where-heading']")
    assert "Thư viện tỉnh Sông Lam" in where
    assert "Thư viện xã Tân Lập" in where
    _shot(page, "00-record")

    phone = _page(browser, PHONE)
    for path in ("/", "/search?q=so+do", f"/record/{so_do.pk}"):
        phone.goto(f"{tour['url']}{path}")
        _fits(phone)
    _shot(phone, "00-record-phone")


# ---------------------------------------------------------------- steps 1-4: Lan catalogues


def test_step_01_lan_opens_the_network_tree(tour, browser):
    page = _page(browser)
    _log_in(page, tour, "lan")
    _menu(page, "Mạng lưới thư viện")
    tree = page.inner_text("main")
    for name in ("Thư viện tỉnh Sông Lam", "Thư viện xã Tân Lập", "Thư viện Trường THCS Tân Lập"):
        assert name in tree
    _shot(page, "01-network")


def test_step_02_lan_finds_a_record_reads_its_marc_and_adds_a_copy(tour, browser):
    page = _page(browser)
    _log_in(page, tour, "lan")
    _menu(page, "Biên mục")
    kieu = next(bib for bib in BibRecord.objects.filter(title="Truyện Kiều") if bib.isbns.strip())
    copy = Item.objects.filter(bib=kieu).first()
    isbn, barcode = kieu.isbns.split()[0], copy.barcode
    hyphenated = f"{isbn[:3]}-{isbn[3:6]}-{isbn[6:8]}-{isbn[8:12]}-{isbn[12:]}"
    for typed in ("Truyện Kiều", isbn, hyphenated, barcode):
        page.fill("#q", typed)
        page.press("#q", "Enter")
        page.wait_for_selector(".result")
        assert "Truyện Kiều" in page.inner_text(".results"), typed
    page.get_by_role("link", name="Truyện Kiều").first.click()
    page.wait_for_url(re.compile(r"/catalogue/records/\d+/$"))
    _link(page, "Dạng MARC")
    assert "245" in page.inner_text("main")
    _shot(page, "02-marc")
    _link(page, "Thêm bản sách")
    proposed = page.input_value("#id_accession_number")
    assert re.fullmatch(r"[A-ZĐ]+\.\d+", proposed), proposed  # the next number of the register
    _shot(page, "02-add-copy")


def _marc_file(path) -> None:
    """Two good records and one whose leader lies about its length."""
    from tests.factories import make_marc

    with path.open("wb") as out:
        for number in range(2):
            record = make_marc(
                title=f"Địa chí Sông Lam tập {number + 1}", control_number=f"TOUR{number}"
            )
            record.leader = record.leader[:9] + "a" + record.leader[10:]
            out.write(record.as_marc())
        out.write(b"00099nam a2200037 a 4500\x1e broken \x1d")


def test_step_03_lan_uploads_a_marc_file_and_sees_the_records_it_could_not_read(
    tour, browser, tmp_path
):
    page = _page(browser)
    _log_in(page, tour, "lan")
    _menu(page, "Nhập MARC")
    path = tmp_path / "dia-chi.mrc"
    _marc_file(path)
    page.set_input_files("input[type=file]", str(path))
    page.click("button[type=submit].primary")
    page.wait_for_url(re.compile(r"/staff/imports/\d+/$"))
    from libnet.interop import jobs

    assert jobs.run_pending_jobs() == 1  # `libnet worker`, which `make run` starts
    page.wait_for_selector(".job-done", timeout=15_000)
    report = page.inner_text("#job-status")
    assert re.search(r"\b3\b", report)  # records read
    assert re.search(r"3 @ byte \d+|3 @ byte|bản ghi 3|biểu ghi 3", report), report
    _shot(page, "03-import")


def test_step_04_lan_downloads_a_register_and_prints_labels(tour, browser):
    page = _page(browser)
    _log_in(page, tour, "lan")
    _menu(page, "Sổ đăng ký cá biệt")
    page.locator("table a").first.click()
    page.wait_for_url(re.compile(r"/staff/registers/\d+/$"))
    excel = page.get_by_role("link", name=re.compile("Excel")).get_attribute("href")
    pdf = page.get_by_role("link", name=re.compile("PDF")).first.get_attribute("href")
    kind, body = _download(page, f"{tour['url']}{excel}")
    assert "spreadsheetml" in kind
    assert body[:2] == b"PK"
    kind, body = _download(page, f"{tour['url']}{pdf}")
    assert body.startswith(b"%PDF")
    # Select copies on a record page and print their labels.
    bib_id = (
        Item.objects.filter(home_library__code="SL-TVT").values_list("bib_id", flat=True).first()
    )
    page.goto(f"{tour['url']}/staff/catalogue/records/{bib_id}/")
    page.locator("input[name=items]").first.check()
    with page.expect_popup() as popup_info:
        page.get_by_role("button", name=re.compile("In nhãn")).click()
    labels = popup_info.value
    labels.wait_for_load_state()
    assert "labels.pdf" in labels.url


# ---------------------------------------------------------------- step 5: another library


def test_step_05_an_cannot_open_a_copy_of_the_commune_library(tour, browser):
    commune_copy = Item.objects.filter(home_library__code="SL-TANLAP").first()
    page = _page(browser)
    _log_in(page, tour, "an")
    response = page.goto(f"{tour['url']}/staff/catalogue/copies/{commune_copy.pk}/")
    assert response.status == 404
    assert "Không tìm thấy" in page.inner_text("h1")
    _shot(page, "05-not-found")


# ---------------------------------------------------------------- steps 6-7: Minh at the desk


def _lendable_copy_and_reader(library_code: str) -> tuple[Item, Any]:
    """A copy on an open shelf and a reader with a valid card at `library_code`, as the clerk
    would find them on the shelf and in the reader list."""
    from libnet.catalog.models import ItemStatus
    from libnet.core import clock
    from libnet.patrons.models import Patron, PatronStatus

    copy = (
        Item.objects.filter(home_library__code=library_code, status=ItemStatus.AVAILABLE)
        .exclude(shelf_location__is_reference=True)
        .exclude(shelf_location__is_closed_stack=True)
        .order_by("pk")
        .first()
    )
    reader = (
        Patron.objects.filter(
            home_library__code=library_code,
            status=PatronStatus.ACTIVE,
            card_valid_until__gt=clock.today(),
            birth_date__lt=clock.today() - dt.timedelta(days=20 * 366),
        )
        .order_by("pk")
        .first()
    )
    assert copy is not None
    assert reader is not None
    return copy, reader


def _scan(page: Any, barcode: str, code: str) -> str:
    """Type a barcode into the desk's scan field and press Enter, as a scanner does."""
    page.fill("#scan", barcode)
    page.press("#scan", "Enter")
    page.wait_for_selector(f"#desk-status .desk-event[data-code='{code}']")
    return page.inner_text("#desk-status")


def test_step_06_minh_lends_and_takes_back_from_the_keyboard(tour, browser):
    copy, reader = _lendable_copy_and_reader("SL-TANLAP")
    page = _page(browser)
    _log_in(page, tour, "minh")
    _menu(page, "Bạn đọc")
    page.fill("#q", reader.card_number)
    page.press("#q", "Enter")
    page.wait_for_load_state()
    assert reader.full_name in page.inner_text("main")

    _menu(page, "Quầy mượn trả")
    _shot(page, "06-desk")
    _scan(page, reader.card_number, "reader_opened")
    assert reader.full_name in page.inner_text("#reader-heading")
    lent = _scan(page, copy.barcode, "lent")
    assert copy.barcode in lent
    page.keyboard.press("F2")
    page.wait_for_selector(".desk-modes [data-mode='return'][aria-pressed='true']")
    _scan(page, copy.barcode, "returned")
    page.keyboard.press("F4")
    page.wait_for_selector(".desk-modes [data-mode='use'][aria-pressed='true']")
    page.keyboard.press("F9")
    page.wait_for_selector("#desk-status .desk-event[data-code='visit']")
    page.keyboard.press("F2")
    page.wait_for_selector(".desk-modes [data-mode='lend'][aria-pressed='true']")
    page.keyboard.press("Escape")
    page.wait_for_selector("#reader-heading:has-text('Chưa có bạn đọc')")
    # A refusal says why, in Vietnamese.
    page.fill("#scan", "KHONG-CO-MA-NAY")
    page.press("#scan", "Enter")
    page.wait_for_selector("#desk-status .desk-event-refused")
    assert "KHONG-CO-MA-NAY" in page.inner_text("#desk-status")

    _link(page, "Sách mượn quá hạn")
    assert "Sách mượn quá hạn" in page.inner_text("h1")
    letters = page.get_by_role("link", name="In thư nhắc trả sách (PDF)")
    if letters.count():
        _kind, body = _download(page, f"{tour['url']}{letters.get_attribute('href')}")
        assert body.startswith(b"%PDF")
    _shot(page, "06-overdue")
    _menu(page, "Quầy mượn trả")
    _link(page, "Giá sách đặt mượn")
    assert "Giá sách đặt mượn" in page.inner_text("h1")


def test_step_07_minh_issues_a_card_and_an_keeps_the_class_lists(tour, browser):
    page = _page(browser)
    _log_in(page, tour, "minh")
    _menu(page, "Bạn đọc")
    _link(page, "Cấp thẻ")
    page.fill("#id_full_name", "Hoàng Thị Mai")
    page.fill("#id_birth_date", "1990-05-17")
    page.wait_for_load_state("networkidle")
    consent = page.locator("#id_reader_consents")
    if consent.count():
        consent.check()
    page.get_by_role("button", name="Cấp thẻ").click()
    page.wait_for_url(re.compile(r"/staff/readers/\d+/$"))
    assert "Hoàng Thị Mai" in page.inner_text("h1")
    _shot(page, "07-reader")
    card = page.get_by_role("link", name="In thẻ").get_attribute("href")
    _kind, body = _download(page, f"{tour['url']}{card}")
    assert body.startswith(b"%PDF")
    page.get_by_role("button", name="Gia hạn thẻ").click()
    page.wait_for_load_state()
    page.fill("#id_pin", "2468")
    page.get_by_role("button", name="Đặt mã PIN").click()
    page.wait_for_load_state()
    export = page.get_by_role("link", name="Xuất toàn bộ dữ liệu (JSON)").get_attribute("href")
    kind, body = _download(page, f"{tour['url']}{export}")
    assert "json" in kind
    assert "Hoàng Thị Mai" in body.decode()
    page.fill("#id_reason", "Bạn đọc làm mất thẻ")
    page.get_by_role("button", name="Khóa thẻ").click()
    page.wait_for_load_state()
    assert "Bạn đọc làm mất thẻ" in page.inner_text("main")
    _link(page, "Xóa dữ liệu theo yêu cầu…")
    assert "Hoàng Thị Mai" in page.inner_text("main")

    school = _page(browser)
    _log_in(school, tour, "an")
    _menu(school, "Bạn đọc")
    _link(school, "Các lớp")
    classes = school.inner_text("main")
    assert "Các lớp" in classes
    _shot(school, "07-classes")
    sheet = school.get_by_role("link", name=re.compile("In thẻ của cả lớp")).first.get_attribute(
        "href"
    )
    _kind, body = _download(school, f"{tour['url']}{sheet}")
    assert body.startswith(b"%PDF")
    _link(school, "Năm học mới: lên lớp")
    assert "lên lớp" in school.inner_text("main").lower()
    _menu(school, "Bạn đọc")
    _link(school, "Nhập danh sách lớp")
    assert school.locator("input[type=file]").count() == 1


# ---------------------------------------------------------------- step 8: Bình in the OPAC


def test_step_08_binh_signs_in_to_the_catalogue_and_places_a_hold(tour, browser):
    page = _page(browser, PHONE)
    page.goto(f"{tour['url']}/")
    page.get_by_role("link", name="Đăng nhập dành cho bạn đọc").first.click()
    page.fill("#id_card_number", "HS2026000123")
    page.fill("#id_pin", "1234")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/account/$"))
    account = page.inner_text("main")
    assert "Phạm Văn Bình" in account
    _fits(page)
    _shot(page, "08-account-phone")
    # A title his school library holds, every copy out: his card (issued there) is valid
    # there, and a title on the shelf is taken from the shelf, not held.
    school_copies = Item.objects.filter(home_library__code="SL-THCS-TANLAP")
    on_shelf = school_copies.filter(status="available").values("bib_id")
    wanted = school_copies.exclude(bib_id__in=on_shelf).select_related("bib").order_by("pk").first()
    assert wanted is not None
    page.goto(f"{tour['url']}/record/{wanted.bib_id}")
    page.locator("select[name=pickup_library]").select_option(label="Thư viện Trường THCS Tân Lập")
    page.get_by_role("button", name="Đặt mượn").click()
    page.wait_for_url(re.compile(r"/account/$"))
    assert wanted.bib.title in page.inner_text("main")
    _shot(page, "08-hold-phone")


# ---------------------------------------------------------------- step 9: rotation


def test_step_09_lan_plans_packs_and_ships_a_rotation_batch(tour, browser):
    from libnet.rotation.models import BatchState, RotationBatch
    from libnet.rotation.selectors import copy_facts, item_refusal

    page = _page(browser)
    _log_in(page, tour, "lan")
    _menu(page, "Luân chuyển")
    plan = page.inner_text("main")
    assert "Kế hoạch luân chuyển" in plan
    assert page.locator("tr.is-overdue").count() >= 1  # a batch overdue at its point, in red
    draft = RotationBatch.objects.filter(
        state=BatchState.DRAFT, from_library__code="SL-TVT"
    ).first()
    assert draft is not None
    page.get_by_role("link", name=draft.to_library.name).first.click()
    page.wait_for_url(re.compile(r"/staff/rotation/points/"))
    _menu(page, "Luân chuyển")
    page.get_by_role("link", name=f"#{draft.pk}").click()
    page.wait_for_url(re.compile(rf"/batches/{draft.pk}/$"))
    # Add copies from a list: a word of the subject or title, at most five.
    page.get_by_text("Thêm theo danh sách", exact=True).click()
    page.get_by_label("Chủ đề hoặc từ trong nhan đề").fill("Truyện")
    page.get_by_label("Tối đa").fill("5")
    page.get_by_role("button", name="Thêm các bản tìm được").click()
    page.wait_for_selector("#batch-work .desk-event:has-text('Đã thêm')")
    # A copy the rules refuse says why, citing TT 05/2022.
    # A title the provincial library holds fewer than three times (TT 05/2022 Art. 6.2.b):
    # a copy on its shelf that the rule refuses for that reason and no other.
    few = (
        Item.objects.filter(home_library__code="SL-TVT")
        .values("bib_id")
        .annotate(copies=Count("pk"))
        .filter(copies__lt=3)
        .values("bib_id")
    )
    candidates = list(
        Item.objects.filter(
            bib_id__in=few, home_library__code="SL-TVT", current_library__code="SL-TVT"
        )
        .filter(status="available")
        .select_related("bib", "shelf_location")
        .order_by("pk")[:200]
    )
    draft.refresh_from_db()
    facts = copy_facts(candidates, owner_id=draft.from_library_id, desk=draft.to_library)
    lonely = next(
        (
            item
            for item in candidates
            if (refusal := item_refusal(draft, item, facts[item.pk])) is not None
            and refusal.code == "too_few_copies"
        ),
        None,
    )
    assert lonely is not None
    page.fill("#scan-add", lonely.barcode)
    page.press("#scan-add", "Enter")
    page.wait_for_selector("#batch-work .desk-event-refused:has-text('TT 05/2022')")
    page.get_by_role("button", name="Đóng thùng").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Gửi đi").click()
    page.wait_for_load_state()
    for label in ("Biên bản bàn giao (PDF)", "Danh mục đóng thùng (PDF)", "Nhãn thùng (PDF)"):
        href = page.get_by_role("link", name=label).get_attribute("href")
        _kind, body = _download(page, f"{tour['url']}{href}")
        assert body.startswith(b"%PDF"), label
    _shot(page, "09-shipped")
    for label in (
        "Số liệu điểm gửi sách",
        "Chuyển tài liệu",
        "Mượn liên thư viện",
        "Danh sách đề nghị thanh lọc",
    ):
        _menu(page, "Luân chuyển")
        _link(page, label)
        assert page.locator("h1").count() == 1, label


# ---------------------------------------------------------------- step 10: the mobile library


def _trip_on_the_road(tour: dict[str, Any], context: Any) -> tuple[Any, Any, list[str]]:
    """Hùng opens the planned trip from his menu, checks the crew, loads three copies by scan
    and leaves: (page, trip, barcodes loaded)."""
    from libnet.catalog.models import ItemStatus, ItemType
    from libnet.mobile.models import MobileTrip, TripState

    trip = MobileTrip.objects.filter(state=TripState.PLANNED).select_related("route").first()
    assert trip is not None
    # Copies the crew takes off the provincial library's shelf: titles it holds three times or
    # more (TT 05/2022 Art. 5). The trip page says which of them the rules let go.
    owner = trip.route.library.parent
    plentiful = (
        Item.objects.filter(home_library=owner)
        .values("bib_id")
        .annotate(copies=Count("pk"))
        .filter(copies__gte=3)
        .values("bib_id")
    )
    candidates = list(
        Item.objects.filter(
            bib_id__in=plentiful, status=ItemStatus.AVAILABLE, current_library=owner
        )
        .exclude(item_type=ItemType.REFERENCE)
        .exclude(shelf_location__is_closed_stack=True)
        .exclude(shelf_location__is_reference=True)
        .order_by("-pk")
        .values_list("barcode", flat=True)[:8]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    _log_in(page, tour, "hung")
    _menu(page, "Thư viện lưu động")
    assert page.get_by_role("link", name="Tuyến và xe").count() == 1
    page.locator(f"a[href$='/staff/mobile/trips/{trip.pk}/']").first.click()
    page.wait_for_url(re.compile(rf"/trips/{trip.pk}/$"))
    # The crew: a driver and two library staff, or the trip cannot leave.
    for name, role in (("Nguyễn Văn Tài", "driver"), ("Lê Thị Hoa", "librarian")):
        page.fill("#id_person_name", name)
        page.select_option("#id_role", role)
        page.click("#crew button[type=submit]:not(.link-button)")
        page.wait_for_selector(f"#crew li:has-text('{name}')")
    if not page.locator("#crew li:has-text('Trương Văn Hùng')").count():
        page.fill("#id_person_name", "Trương Văn Hùng")
        page.select_option("#id_role", "librarian")
        page.click("#crew button[type=submit]:not(.link-button)")
        page.wait_for_selector("#crew li:has-text('Trương Văn Hùng')")
    page.fill("#id_barcodes", "\n".join(candidates))
    page.click("#stock button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#stock-table tr[data-barcode]").count(), page.inner_text("main")[:1500]
    copies = [
        row.get_attribute("data-barcode")
        for row in page.locator("#stock-table tr[data-barcode]").all()
    ]
    assert len(copies) >= 3, copies
    page.click("button[data-action='depart']")
    page.wait_for_selector("#trip-state[data-state='on_road']")
    return page, trip, copies


def test_step_10_hung_loads_the_vehicle_leaves_and_prints_form_01(tour, browser):
    context = _context(browser)
    page, _trip, _copies = _trip_on_the_road(tour, context)
    _shot(page, "10-on-the-road")
    _menu(page, "Thư viện lưu động")
    _link(page, "Báo cáo Mẫu 01")
    page.locator("form[action$='/staff/mobile/report/'] button[type=submit]").click()
    page.wait_for_load_state()
    for label in ("PDF", "XLSX"):
        href = page.get_by_role("link", name=label, exact=True).get_attribute("href")
        _kind, body = _download(page, f"{tour['url']}{href}")
        assert body[:2] in (b"%P", b"PK"), label
    _shot(page, "10-form-01")


def test_step_10_hung_lends_at_a_stop_offline_then_counts_back_and_closes(tour, browser):
    _copy, villager = _lendable_copy_and_reader("SL-TANLAP")
    context = _context(browser)
    page, trip, copies = _trip_on_the_road(tour, context)
    # At the first stop, on the tablet: one loan online, one while the network is off.
    stop = trip.stops.first()
    page.set_viewport_size({"width": 800, "height": 1280})
    page.goto(f"{tour['url']}/staff/mobile/trips/{trip.pk}/stops/{stop.pk}/")
    page.wait_for_selector("#net-status[data-online='true']")
    page.fill("#card", villager.card_number)
    page.fill("#barcode", copies[0])
    page.click("#scan-submit")
    page.wait_for_selector(f"#ops tr[data-barcode='{copies[0]}'][data-state='ok']")
    context.set_offline(True)
    page.wait_for_selector("#net-status[data-online='false']")
    page.fill("#card", villager.card_number)
    page.fill("#barcode", copies[1])
    page.click("#scan-submit")
    page.wait_for_selector(f"#ops tr[data-barcode='{copies[1]}'][data-state='waiting']")
    context.set_offline(False)
    page.wait_for_selector(f"#ops tr[data-barcode='{copies[1]}'][data-state='ok']")
    _shot(page, "10-stop-tablet")
    # The stop's figures, back at the trip; the stock counted back; the trip closed.
    page.set_viewport_size(DESKTOP)
    page.goto(f"{tour['url']}/staff/mobile/trips/{trip.pk}/#stop-{stop.pk}")
    page.fill(f"#id_stop{stop.pk}-readers_served", "18")
    page.click(f"#stop-{stop.pk} button[type=submit]")
    page.wait_for_load_state()
    page.click("button[data-action='return']")
    page.wait_for_selector("#trip-state[data-state='back']")
    for barcode in copies[2:]:  # every copy not lent comes back on the shelf
        page.fill("#id_barcode", barcode)
        page.click("#check button[type=submit]")
        page.wait_for_selector(f".message:has-text('{barcode}')")
    assert copies[0] in page.inner_text("#check-on-loan")
    page.click("button[data-action='close']")
    page.wait_for_selector("#trip-state[data-state='closed']")
    _shot(page, "10-closed")


# ---------------------------------------------------------------- step 11: plans and reports


def test_step_11_chi_follows_the_plan_and_decides_on_a_report_minh_sends(tour, browser):
    from libnet.planning.models import Report, ReportState

    page = _page(browser)
    _log_in(page, tour, "chi")
    _menu(page, "Kế hoạch và báo cáo")
    dashboard = page.inner_text("main")
    assert (
        "Mạng lưới so với chỉ tiêu" in dashboard or page.locator("table.planning-tree").count() == 1
    )
    assert page.locator("svg.chart").count() >= 1
    assert page.locator("tr.progress-ahead, tr.progress-near, tr.progress-behind").count() >= 1
    _shot(page, "11-dashboard")
    submitted = Report.objects.filter(state=ReportState.SUBMITTED).select_related("library").first()
    assert submitted is not None
    page.goto(f"{tour['url']}/staff/planning/reports/{submitted.library.code}/{submitted.period}/")
    page.fill("input[name=comment]", "Đã xem, số liệu khớp sổ theo dõi")
    page.get_by_role("button", name="Thêm ý kiến").click()
    page.wait_for_load_state()
    assert "Đỗ Thị Chi" in page.inner_text("main")
    for link in ("XLSX", "PDF"):
        href = page.get_by_role("link", name=link, exact=True).get_attribute("href")
        _kind, body = _download(page, f"{tour['url']}{href}")
        assert body[:2] in (b"PK", b"%P"), link
    page.get_by_role("button", name="Tiếp nhận báo cáo").click()
    page.wait_for_load_state()
    _shot(page, "11-report")

    clerk = _page(browser)
    _log_in(clerk, tour, "minh")
    _menu(clerk, "Kế hoạch và báo cáo")
    _link(clerk, "Báo cáo tháng trước")
    assert "gửi đến: Thư viện tỉnh Sông Lam" in clerk.inner_text("main")


def test_step_11_minh_enters_the_figures_no_desk_counts(tour, browser):
    clerk = _page(browser)
    _log_in(clerk, tour, "minh")
    _menu(clerk, "Kế hoạch và báo cáo")
    _link(clerk, "Số liệu nhập tay")
    clerk.fill("input[name=value]", "3")
    clerk.fill("input[name=note]", "Sổ theo dõi hoạt động của thư viện xã")
    clerk.locator("form.inline-form button[type=submit]").click()
    clerk.wait_for_load_state()
    assert "Sổ theo dõi hoạt động của thư viện xã" in clerk.inner_text("main")
    _shot(clerk, "11-figures")


# ---------------------------------------------------------------- step 12: stocktakes


def test_step_12_minh_writes_off_lan_scans_and_chi_sees_the_year(tour, browser):
    from libnet.stock.models import Stocktake, StocktakeScan

    page = _page(browser)
    _log_in(page, tour, "minh")
    _menu(page, "Kiểm kê")
    closed = Stocktake.objects.get(library__code="SL-TANLAP")
    page.locator("#stocktakes").get_by_role("link", name=str(closed.pk), exact=True).click()
    page.wait_for_load_state()
    assert "Đã khóa sổ" in page.inner_text("h1")
    for code in ("missing", "unknown"):
        _kind, body = _download(page, f"{tour['url']}/staff/stock/{closed.pk}/lists/{code}.xlsx")
        assert body[:2] == b"PK", code
    _kind, body = _download(page, f"{tour['url']}/staff/stock/{closed.pk}/record.pdf")
    assert body[:4] == b"%PDF"
    _link(page, "Ghi mất các bản không tìm thấy")
    assert page.locator("#confirm-lines tbody tr").count() == closed.missing
    page.click("#confirm-lost")
    page.wait_for_load_state()
    assert "đưa vào danh sách đề nghị thanh lọc" in page.inner_text("main")
    _shot(page, "12-written-off")

    lan = _page(browser)
    _log_in(lan, tour, "lan")
    under_way = Stocktake.objects.get(library__code="SL-TVT")
    lan.goto(f"{tour['url']}/staff/stock/{under_way.pk}/")
    scanned = set(
        StocktakeScan.objects.filter(stocktake=under_way).values_list("barcode", flat=True)
    )
    barcode = next(
        line.item.barcode
        for line in under_way.lines.select_related("item")
        if line.item.barcode not in scanned
    )
    lan.fill("#scan-barcode", barcode)
    lan.press("#scan-barcode", "Enter")
    lan.wait_for_selector("#scan-feedback")
    assert f"Đã quét {barcode} — đúng giá" in lan.inner_text("#scan-feedback")
    _shot(lan, "12-desk")

    chi = _page(browser)
    _log_in(chi, tour, "chi")
    _menu(chi, "Kiểm kê")
    table = chi.inner_text("#province-stocktakes")
    assert "Thư viện xã Tân Lập" in table
    assert "Thư viện tỉnh Sông Lam" in table
