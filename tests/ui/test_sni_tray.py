"""The tray as a StatusNotifierItem: the real app registers with a watcher on the private session bus, and the test,
speaking KDE's protocol as a panel would, reads its icon, tooltip and menu and clicks its items."""

from __future__ import annotations

import pytest

from desktop_support import native_toolkits
from sni_host import StatusNotifierHost, labels
from support import wait_until

from lighttrack.ui.icon import COLOURS

pytestmark = [pytest.mark.gui, pytest.mark.dbus]


@pytest.fixture
def watcher(dbus_session, xdisplay):
    host = StatusNotifierHost()
    yield host
    host.close()


def colour_of(pixmaps: list, mode: str) -> bool:
    """True when the largest pixmap is drawn in the colour of `mode` (read left of the glyph)."""
    width, height, argb = max(pixmaps, key=lambda p: p[0])
    x, y = width * 12 // 64, height // 2
    alpha, *rgb = argb[(y * width + x) * 4:(y * width + x) * 4 + 4]
    wanted = [int(COLOURS[mode][i:i + 2], 16) for i in (1, 3, 5)]
    return alpha == 255 and all(abs(a - b) <= 8 for a, b in zip(rgb, wanted))


def tooltip(host: StatusNotifierHost, service: str) -> str:
    return host.property(service, "ToolTip")[2]


def menu(host: StatusNotifierHost, service: str) -> dict[str, int]:
    return labels(host.layout(service)[1])


def test_item_registers_shows_the_state_and_its_menu_drives_the_app(watcher, app_factory, tmp_path):
    app = app_factory(tmp_path / "data", openDashboardOnStart=False)
    service, sender, _ = watcher.next_registration(timeout=20)
    assert service.startswith("org.kde.StatusNotifierItem-") and sender.startswith(":")
    assert watcher.property(service, "Status") == "Active"
    assert watcher.property(service, "Menu") == "/MenuBar"
    assert native_toolkits(app.proc.pid) == []
    wait_until(lambda: colour_of(watcher.property(service, "IconPixmap"), "stopped"), what="the stopped icon")
    assert "Not tracking" in tooltip(watcher, service)
    entries = menu(watcher, service)
    assert {"Start new…", "Open dashboard", "Quit LightTrack", "Pause tracking"} <= set(entries)
    assert "Stop" not in entries

    app.call("activity:start", {"name": "Writing"})
    wait_until(lambda: "Stop" in menu(watcher, service), what="Stop in the menu")
    assert "Tracking: Writing" in tooltip(watcher, service)
    assert colour_of(watcher.property(service, "IconPixmap"), "running")

    watcher.click(service, menu(watcher, service)["Pause"])
    wait_until(lambda: app.call("activity:getRunning")["isPaused"], what="the pause")
    wait_until(lambda: colour_of(watcher.property(service, "IconPixmap"), "paused"), what="the paused icon")
    watcher.click(service, menu(watcher, service)["Stop"])
    wait_until(lambda: app.call("activity:getRunning") is None, what="the stop")
    assert app.call("activity:getFiltered", {})[0]["name"] == "Writing"

    # as a host does, click in the layout it last read: the one without Stop (ids follow the menu's shape)
    wait_until(lambda: "Stop" not in menu(watcher, service), what="the menu without Stop")
    watcher.click(service, menu(watcher, service)["Quit LightTrack"])
    assert app.proc.wait(15) == 0


def test_continue_submenu_and_project_radio_items_come_from_the_menu_data(watcher, app_factory, tmp_path):
    app = app_factory(tmp_path / "data", openDashboardOnStart=False)
    service, _, _ = watcher.next_registration(timeout=20)
    project = app.call("project:create", {"name": "Acme"})
    app.call("activity:start", {"name": "Report", "projectId": project["id"]})
    app.call("activity:start", {"name": "Mail"})
    wait_until(lambda: "Report · Acme" in menu(watcher, service), what="the Continue submenu")

    _, (_, _, top) = watcher.layout(service)
    continue_entry = next(child for _, child in top if child[1].get("label", ("s", ""))[1] == "Continue")
    assert continue_entry[1]["children-display"][1] == "submenu"
    acme = next(child for _, child in _project_entries(top) if child[1]["label"][1] == "Acme")
    assert acme[1]["toggle-type"][1] == "radio" and acme[1]["toggle-state"][1] == 0

    watcher.click(service, menu(watcher, service)["Report · Acme"])
    wait_until(lambda: (app.call("activity:getRunning") or {}).get("name") == "Report", what="Report running again")
    assert app.call("activity:getRunning")["projectId"] == project["id"]
    assert app.stop() == 0


def _project_entries(top: list) -> list:
    project = next(child for _, child in top if child[1].get("label", ("s", ""))[1] == "Project")
    return project[2]


def test_a_left_click_on_the_item_opens_the_dashboard(watcher, app_factory, tmp_path):
    app = app_factory(tmp_path / "data", openDashboardOnStart=False)
    service, _, _ = watcher.next_registration(timeout=20)
    assert not app.call("app:getDashboard")["open"]
    watcher.activate(service)
    wait_until(lambda: app.call("app:getDashboard")["open"], what="the dashboard window process")
    assert app.stop() == 0


def test_item_registers_again_when_the_watcher_restarts(dbus_session, xdisplay, app_factory, tmp_path):
    first = StatusNotifierHost()
    try:
        app = app_factory(tmp_path / "data", openDashboardOnStart=False)
        first.next_registration(timeout=20)
    finally:
        first.close()
    second = StatusNotifierHost()
    try:
        service, _, _ = second.next_registration(timeout=10)
        assert second.property(service, "Status") == "Active"
    finally:
        second.close()
    assert app.stop() == 0
