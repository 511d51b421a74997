"""Debian's chromium through Playwright, for the browser tests of every app.

Screenshots land in screenshots/ (not committed) so a person can look at them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def launch() -> Iterator[Any]:
    """Yield a headless chromium (for a fixture); skip the test when it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (make test installs it)")
    playwright_sync = pytest.importorskip("playwright.sync_api")
    SCREENSHOTS.mkdir(exist_ok=True)
    with playwright_sync.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


def new_page(browser: Any, viewport: dict[str, int] = DESKTOP) -> Any:
    """A page in a fresh context at `viewport`, in Vietnamese, with a 20-second timeout (a
    loaded CI machine runs two test workers beside the browser)."""
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def log_in(
    browser: Any,
    base_url: str,
    next_url: str,
    *,
    user: str = "lan",
    viewport: dict[str, int] = DESKTOP,
) -> Any:
    """A new page at `viewport`, signed in as `user` (password `demo-password`, the test
    personas'), on `next_url`."""
    page = new_page(browser, viewport)
    page.goto(f"{base_url}/staff/login/?next={next_url}")
    page.fill("#id_username", user)
    page.fill("#id_password", "demo-password")
    # Wait for the sign-in's own navigation: "networkidle" alone can answer for the login page
    # before the browser has left it.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    return page
