"""Chi (Sở VHTTDL) and Thu (Sở GD&ĐT) each write their part of the mid-term review of their
programme, in a real browser at 1280 px; screenshots in screenshots/programme-*.png."""

from __future__ import annotations

import pytest

from libnet.programmes.models import ProgrammeReview
from tests.browser import PHONE, SCREENSHOTS, launch, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    yield from launch()


def test_each_department_officer_writes_its_part_of_the_mid_term_review(
    browser, live_server, counted
):
    page = log_in(browser, live_server.url, "/staff/", user="chi")
    page.click("nav.mainnav >> text=Chương trình phối hợp")
    page.click(f"text={counted.title}")
    page.click("text=Sơ kết: 6 tháng đầu năm 2026")
    main = page.inner_text("main")
    assert "Sơ kết: 6 tháng đầu năm 2026" in main
    assert "Thư viện Trường THCS Tân Lập" in main
    # Chi writes the culture side's part; the education side's is not hers to change.
    assert page.locator("textarea[name=education_text]").count() == 0
    page.fill("textarea[name=culture_text]", "Thư viện tỉnh luân chuyển sách đúng kế hoạch.")
    page.click("#review-save")
    page.wait_for_selector("text=Đã lưu báo cáo")
    page.screenshot(path=str(SCREENSHOTS / "programme-review-chi.png"), full_page=True)
    page.context.close()

    page = log_in(browser, live_server.url, f"/staff/programmes/{counted.pk}/", user="thu")
    page.click("text=Sơ kết: 6 tháng đầu năm 2026")
    assert page.locator("textarea[name=culture_text]").count() == 0
    assert "Thư viện tỉnh luân chuyển sách đúng kế hoạch." in page.inner_text("main")
    page.fill("textarea[name=education_text]", "Các trường đã bố trí phòng đọc cho học sinh.")
    page.click("#review-save")
    page.wait_for_selector("text=Đã lưu báo cáo")
    copies = page.locator("tr[data-measure=copies_rotated] td").nth(1).inner_text()
    assert copies.strip() == "3"
    page.screenshot(path=str(SCREENSHOTS / "programme-review-thu.png"), full_page=True)
    with page.expect_download() as download:
        page.click("#review-docx")
    assert download.value.suggested_filename.endswith("-2026-H1.docx")
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SCREENSHOTS / "programme-review-phone.png"), full_page=True)
    review = ProgrammeReview.objects.get()
    assert (review.culture_text, review.education_text) == (
        "Thư viện tỉnh luân chuyển sách đúng kế hoạch.",
        "Các trường đã bố trí phòng đọc cho học sinh.",
    )
