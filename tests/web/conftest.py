"""Playwright fixtures for the dashboard: one headless Chromium per session, one page per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One `lighttrack serve` for the module (starting one takes ~2.5 s), past its first run; tests keep to their own records."""
    from support import start_serve

    # No display for it: the page is under test, not window tracking. With the test session's Xvfb in the
    # environment its tracker would record windows, and ActivityWatch window events posted by a test would then
    # (rightly) stay out of the timeline.
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    server = start_serve(tmp_path_factory.mktemp("served") / "data", env=env)
    server.data("app:completeFirstRun", {"autostart": False})  # the welcome has its own test
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Dashboard:
    """A page on a served LightTrack, with what it did that a test may check afterwards."""

    def __init__(self, page, served) -> None:
        self.page = page
        self.served = served
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.served.port}/"

    def open(self, view: str = "today") -> None:
        self.page.goto(f"{self.url}#/{view}")
        self.page.wait_for_selector("body[data-ready=true]")

    def go(self, view: str) -> None:
        self.page.click(f".nav a[data-view={view}]")
        self.page.wait_for_selector(f"#view-{view}:not([hidden])")

    @staticmethod
    def screenshot_path(name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS / f"{name}.png"

    def screenshot(self, name: str) -> Path:
        path = self.screenshot_path(name)
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def looks(self):
        """Yield "WIDTHxHEIGHT-THEME" for each size and theme a view's screenshots are taken in, the page set to it
        (the theme goes back to the system's after the last)."""
        from playwright.sync_api import expect

        try:
            for width, height in ((1366, 768), (800, 600)):
                self.page.set_viewport_size({"width": width, "height": height})
                for theme in ("light", "dark"):
                    self.served.data("settings:set", "theme", theme)
                    expect(self.page.locator("html")).to_have_attribute("data-theme", theme)
                    yield f"{width}x{height}-{theme}"
        finally:
            self.served.data("settings:set", "theme", "system")


@pytest.fixture
def dashboard_in(browser, served):
    """dashboard_in(locale): a signed-in page of the served app in a browser of that language (closed after the test)."""
    contexts = []

    def open_in(locale: str) -> Dashboard:
        context = browser.new_context(viewport={"width": 1100, "height": 800}, locale=locale, timezone_id="UTC")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(5000)
        # the one-time address sets the session cookie (fetched beside the page, so each test's page loads fresh)
        assert context.request.get(served.login_url(), max_redirects=0).status == 303
        return Dashboard(page, served)
    yield open_in
    for context in contexts:
        context.close()


@pytest.fixture
def dashboard(dashboard_in):
    board = dashboard_in("en-GB")
    yield board
    assert not board.errors, board.errors
