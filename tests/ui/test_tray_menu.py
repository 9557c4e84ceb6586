"""The tray menu as data (PYSTRAY_BACKEND=dummy): each item's action changes the store as it says."""

from __future__ import annotations

import re

import os

import pytest

from support import FakeClock

from lighttrack.channels import params
from lighttrack.channels.catalog import build_registry
from lighttrack.channels.registry import Param
from lighttrack.ui import icon
from lighttrack.ui.model import Calls, TrayActions, TrayState, read_state


def _import_menu_with_the_dummy_tray():
    """pystray picks its backend at import: load it with the dummy one, without leaking the variable to apps
    that other tests start."""
    saved = os.environ.get("PYSTRAY_BACKEND")
    os.environ["PYSTRAY_BACKEND"] = "dummy"
    try:
        from lighttrack.ui import menu
    finally:
        if saved is None:
            del os.environ["PYSTRAY_BACKEND"]
        else:
            os.environ["PYSTRAY_BACKEND"] = saved
    return menu.build_menu, menu.headline


build_menu, headline = _import_menu_with_the_dummy_tray()


TODAY = FakeClock().now().date()


class Recorder:
    """What the actions asked of the app: dashboard views and quit."""

    def __init__(self) -> None:
        self.shown: list[str | None] = []
        self.quit = False


@pytest.fixture
def tray(services):
    calls = Calls(build_registry(services, lambda: {}))
    recorder = Recorder()
    actions = TrayActions(calls, recorder.shown.append, lambda: setattr(recorder, "quit", True))
    return calls, actions, recorder


def menu_of(calls, actions):
    return build_menu(read_state(calls, today=TODAY), actions)


def item(menu, text: str):
    """The visible item whose text starts with `text` (submenus are reached by item(...).submenu)."""
    found = [i for i in menu.items if i.visible and str(i.text).startswith(text)]
    assert found, f"no item {text!r} in {[str(i.text) for i in menu.items]}"
    return found[0]


def click(menu_item) -> None:
    menu_item(None)


def test_stopped_menu_has_the_quick_actions_and_no_timer_items(tray):
    calls, actions, _ = tray
    texts = [str(i.text) for i in menu_of(calls, actions).items if i.visible and str(i.text)]
    assert texts[0] == "Not tracking"
    assert {"Start new…", "Pause tracking", "Open dashboard", "Settings", "Quit LightTrack"} <= set(texts)
    assert not {"Stop", "Pause", "Resume", "Project", "Continue"} & set(texts)


def test_pause_resume_stop_change_the_running_activity(tray, services, clock):
    calls, actions, _ = tray
    services.activities.start({"name": "Writing"})
    clock.advance(minutes=42)
    menu = menu_of(calls, actions)
    assert str(menu.items[0].text) == "Tracking: Writing (0:42)"
    click(item(menu, "Pause"))
    assert services.activities.running()["isPaused"] is True
    click(item(menu_of(calls, actions), "Resume"))
    assert services.activities.running()["isPaused"] is False
    click(item(menu_of(calls, actions), "Stop"))
    assert services.activities.running() is None


def test_continue_restarts_one_of_the_last_five_distinct_activities(tray, services, clock):
    calls, actions, _ = tray
    project = services.projects.create({"name": "Acme"})
    for name in ("a", "b", "a", "c", "d", "e", "f"):
        services.activities.start({"name": name, "projectId": project["id"]})
        clock.advance(minutes=5)
    services.activities.stop(services.activities.running()["id"])
    entries = [str(i.text) for i in item(menu_of(calls, actions), "Continue").submenu.items]
    assert entries == ["f · Acme", "e · Acme", "d · Acme", "c · Acme", "a · Acme"]
    click(item(menu_of(calls, actions), "Continue").submenu.items[3])
    running = services.activities.running()
    assert (running["name"], running["projectId"]) == ("c", project["id"])


def test_project_switcher_moves_the_running_activity(tray, services):
    calls, actions, _ = tray
    acme = services.projects.create({"name": "Acme"})
    services.projects.create({"name": "Old", "isArchived": True})
    services.activities.start({"name": "Writing"})
    switcher = item(menu_of(calls, actions), "Project").submenu
    names = [str(i.text) for i in switcher.items]
    assert sorted(names) == ["Acme", "General"]
    assert switcher.items[names.index("General")].checked is True
    click(switcher.items[names.index("Acme")])
    assert services.activities.running()["projectId"] == acme["id"]
    assert item(menu_of(calls, actions), "Project").submenu.items[names.index("Acme")].checked is True


def test_pause_tracking_toggles_the_privacy_setting(tray, services):
    calls, actions, _ = tray
    toggle = item(menu_of(calls, actions), "Pause tracking")
    assert toggle.checked is False
    click(toggle)
    assert services.settings.get("trackingPaused") is True
    click(item(menu_of(calls, actions), "Pause tracking"))
    assert services.settings.get("trackingPaused") is False


def test_dashboard_items_and_quit(tray):
    calls, actions, recorder = tray
    menu = menu_of(calls, actions)
    assert item(menu, "Open dashboard").default is True
    for text in ("Open dashboard", "Settings", "Start new…", "Quit LightTrack"):
        click(item(menu, text))
    assert recorder.shown == [None, "settings", "quick"]
    assert recorder.quit is True


def test_idle_choices_appear_only_with_a_pending_absence(tray):
    calls, actions, _ = tray
    assert not any(str(i.text).startswith("You were away") for i in menu_of(calls, actions).items)


def test_idle_choices_resolve_the_pending_absence(services):
    registry = build_registry(services, lambda: {})
    resolved = []
    pending = {"absenceId": "a1", "awayMs": 12 * 60000, "choices": ["resume", "keep", "newActivity", "stop"]}
    registry.register("idle:getPending", lambda: pending)
    registry.register("idle:resolve", lambda absence, choice: resolved.append((absence, choice)) or {},
                      Param("absenceId", params.string), Param("choice", params.string))
    calls = Calls(registry)
    menu = build_menu(read_state(calls, today=TODAY), TrayActions(calls, lambda view: None, lambda: None))
    assert read_state(calls, today=TODAY).mode == "idle"
    away = item(menu, "You were away 12 min")
    assert [str(i.text) for i in away.submenu.items] == ["Discard and resume", "Keep as worked", "Log as new activity",
                                                        "Stop at idle start"]
    click(away.submenu.items[1])
    assert resolved == [("a1", "keep")]


def test_start_focus_session_starts_one(tray):
    calls, actions, _ = tray
    if not calls.has("focus:start"):
        pytest.skip("no focus channels in this build")
    click(item(menu_of(calls, actions), "Start focus session"))
    assert calls("focus:getStatus")["active"] is True
    menu = menu_of(calls, actions)
    assert re.match(r"Focus session \(work, 2[45]:\d\d left\)", str(menu.items[0].text))  # m:ss
    assert not any(str(i.text) == "Start focus session" for i in menu.items)
    click(item(menu, "End focus"))
    assert calls("focus:getStatus")["active"] is False
    assert not any(str(i.text) == "End focus" for i in menu_of(calls, actions).items)


def test_a_refused_action_is_logged_not_raised(tray, services, caplog):
    calls, actions, _ = tray
    services.activities.start({"name": "Writing"})
    menu = menu_of(calls, actions)
    click(item(menu, "Pause"))
    click(item(menu, "Pause"))  # a stale menu: pausing twice is a CONFLICT
    assert "activity:pause refused" in caplog.text


@pytest.mark.parametrize("mode", ["stopped", "running", "paused", "idle", "focus"])
@pytest.mark.parametrize("size", [16, 22, 32, 64])
def test_each_state_has_its_own_icon_a_white_glyph_on_its_colour_with_smooth_edges(mode, size):
    drawn = icon.pixels(mode, size)
    assert len(drawn) == size * size * 4
    assert all(drawn != icon.pixels(other, size) for other in icon.COLOURS if other != mode)

    def at(x: float, y: float) -> tuple[int, ...]:
        offset = (int(y * size) * size + int(x * size)) * 4
        return tuple(drawn[offset:offset + 4])

    colour = tuple(int(icon.COLOURS[mode][i:i + 2], 16) for i in (1, 3, 5))
    assert at(0, 0)[3] == 0 and at(0.99, 0.99)[3] == 0  # the corners outside the disc
    assert at(0.14, 0.5) == (*colour, 255)  # the disc left of the glyph
    inside_glyph = {"paused": (0.38, 0.5), "idle": (0.375, 0.59)}.get(mode, (0.5, 0.5))  # a bar; the moon's belly
    assert at(*inside_glyph)[:3] == (255, 255, 255)
    assert {a for a in drawn[3::4] if 0 < a < 255}  # the disc's edge is anti-aliased, not stepped


def test_the_icon_is_argb_for_the_panel_and_rgba_for_pystray():
    rgba = icon.pixels("running", 64)
    argb = icon.Glyph("running").argb(64)
    assert argb[0::4] == rgba[3::4] and argb[1::4] == rgba[0::4] and argb[3::4] == rgba[2::4]
    image = icon.pillow_image("running")
    assert image.size == (64, 64) and image.mode == "RGBA" and image.tobytes() == rgba


def test_state_modes_and_headline():
    running = {"name": "Writing", "isPaused": False, "duration": 3_720_000}
    assert TrayState().mode == "stopped"
    assert TrayState(running=running).mode == "running"
    assert TrayState(running={**running, "isPaused": True}).mode == "paused"
    assert TrayState(running=running, idle=True).mode == "idle"
    assert TrayState(running=running, focus={"phase": "work", "remainingMs": 60000}).mode == "focus"
    assert headline(TrayState(running=running)) == "Tracking: Writing (1:02)"


def test_a_sync_error_shows_in_the_menu_and_opens_the_sync_view(services):
    registry = build_registry(services, lambda: {})
    status = {"configured": True, "lastError": None}
    registry.register("sync:getStatus", lambda: status)
    calls, recorder = Calls(registry), Recorder()
    actions = TrayActions(calls, recorder.shown.append, lambda: None)
    assert not [i for i in menu_of(calls, actions).items if str(i.text).startswith("Sync error")]
    status["lastError"] = "Cannot reach the sync server: connection refused"
    click(item(menu_of(calls, actions), "Sync error: Cannot reach the sync server"))
    assert recorder.shown == ["sync"]
