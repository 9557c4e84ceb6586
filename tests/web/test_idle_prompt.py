"""The idle prompt for real: X idle on the virtual display, the notification captured on the private D-Bus, the
dashboard banner in headless Chromium and the tray menu's data — the same four choices, words and duration."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect
from support import LineReader, lighttrack, need, read_line, start_serve, stop_process, wait_until

pytestmark = [pytest.mark.gui, pytest.mark.slow]

FAKE_SERVER = Path(__file__).resolve().parents[1] / "tracker" / "fake_notifications.py"


def tray_menu(pending: dict) -> list[str]:
    """The tray's idle submenu for `pending`, built by the tray's own menu code (pystray's dummy backend)."""
    saved = os.environ.get("PYSTRAY_BACKEND")
    os.environ["PYSTRAY_BACKEND"] = "dummy"
    try:
        from lighttrack.ui.menu import build_menu
        from lighttrack.ui.model import TrayState
    finally:
        os.environ.pop("PYSTRAY_BACKEND") if saved is None else os.environ.update(PYSTRAY_BACKEND=saved)
    actions = type("NoActions", (), {"__getattr__": lambda self, name: lambda *args: None})()
    menu = build_menu(TrayState(idle_pending=pending), actions)
    away = next(item for item in menu.items if str(item.text).startswith("You were away"))
    return [str(away.text), *(str(item.text) for item in away.submenu.items)]


@pytest.fixture(scope="module")
def notifications(dbus_session):
    process = subprocess.Popen([sys.executable, str(FAKE_SERVER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True)
    assert json.loads(read_line(process, what="the notification server"))["event"] == "ready"
    yield LineReader(process)
    stop_process(process)


@pytest.fixture(scope="module")
def served(tmp_path_factory, xdisplay, notifications):
    server = start_serve(tmp_path_factory.mktemp("idle") / "data")
    server.data("app:completeFirstRun", {"autostart": False, "idleThresholdSeconds": 10})
    yield server
    server.stop()


def welcome_back(notifications: LineReader) -> dict:
    """The next notification shown (closes of earlier ones skipped)."""
    while (call := json.loads(notifications.next(what="the welcome-back notification")))["event"] != "Notify":
        pass
    return call


def test_the_four_choices_are_the_same_in_the_banner_the_tray_and_the_notification(dashboard, notifications):
    need("xdotool")
    served, page = dashboard.served, dashboard.page
    activity = served.data("activity:start", {"name": "Quarterly report"})
    dashboard.open()
    subprocess.run(["xdotool", "mousemove", "300", "300"], check=True)
    # the display may have been idle before the test: the tracker must first see the user here
    wait_until(lambda: not served.data("tracker:getStatus")["idle"], what="the tracker to see the user present")
    wait_until(lambda: served.data("tracker:getStatus")["idle"], timeout=30, what="the tracker to see the user idle")
    # a return seen before this absence (the app may have started on an idle display) left its notification behind
    notifications.drain()
    subprocess.run(["xdotool", "key", "shift"], check=True)  # back
    call = welcome_back(notifications)
    pending = wait_until(lambda: served.data("idle:getPending"), what="the choice to wait for the user")
    choices = served.data("idle:getChoices")
    labels = [choice["label"] for choice in choices]
    assert [choice["id"] for choice in choices] == ["resume", "keep", "newActivity", "stop"]
    # the notification's buttons, as the server received them over D-Bus
    assert call["summary"] == pending["title"] and call["body"] == pending["prompt"]
    assert call["actions"][:8] == [part for choice in choices for part in (choice["id"], choice["label"])]
    # the dashboard's banner
    banner = page.locator(".idle-banner")
    expect(banner).to_be_visible(timeout=10000)
    expect(banner.locator("#idle-text")).to_have_text(pending["prompt"])
    assert banner.locator("button").all_inner_texts() == labels
    # the tray's submenu
    assert tray_menu(pending) == [f"You were away {pending['awayText']}", *labels]
    assert pending["awayText"] in pending["prompt"]
    # the command line
    shown = lighttrack("idle", data_dir=served.data_dir, check=True).stdout
    assert shown.splitlines()[0] == f"{pending['title']}. {pending['prompt']}"
    assert [line.split(None, 3)[3].split(" (")[0] for line in shown.splitlines()[1:]] == labels
    banner.get_by_role("button", name="Keep as worked").click()
    expect(banner).to_be_hidden()
    resumed = served.data("activity:get", activity["id"])
    assert resumed["isPaused"] is False and served.data("idle:getPending") is None
    assert lighttrack("idle", data_dir=served.data_dir, check=True).stdout == "No time away waits for a choice.\n"


def test_escape_on_the_welcome_is_a_remembered_not_now(dashboard):
    served, page = dashboard.served, dashboard.page
    served.data("settings:set", "firstRunCompleted", False)
    dashboard.open()
    welcome = page.locator("dialog.welcome")
    expect(welcome).to_have_attribute("open", "")
    autostart = welcome.get_by_label("Start LightTrack when I log in")
    if autostart.count():
        expect(autostart).not_to_be_checked()
    assert "Wayland" not in welcome.inner_text()  # only what applies to this desktop (X11 here)
    page.keyboard.press("Escape")
    expect(welcome).not_to_have_attribute("open", "")
    wait_until(lambda: served.data("app:getWelcome")["firstRun"] is False, what="the answer to be stored")
    assert served.data("tracker:getStatus")["tracking"] is False
    dashboard.open()
    expect(page.locator("dialog.welcome")).not_to_have_attribute("open", "")
