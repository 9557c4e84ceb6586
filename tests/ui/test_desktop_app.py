"""The real desktop app on a virtual display: the tray icon under a tray host, the dashboard window, the bridge."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import psutil
from PIL import Image

from desktop_support import native_toolkits
from support import lighttrack, need, start_serve, wait_until, web_invoke_channels

from lighttrack.ui.dashboard import WindowSpec
from lighttrack.ui.icon import COLOURS

pytestmark = pytest.mark.gui

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DRIVER = Path(__file__).with_name("window_driver.py")
WEB = Path(__file__).resolve().parents[2] / "web"

# WebKitGTK turns this common locale into navigator.language "C", which Intl rejects (the page used to never start).
C_LOCALE = {"LC_ALL": "C.UTF-8", "LANGUAGE": ""}


def xdo(*args: str) -> str:
    return subprocess.run(["xdotool", *args], capture_output=True, text=True).stdout.strip()


def screenshot(name: str) -> Image.Image:
    need("import")
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    subprocess.run(["import", "-window", "root", str(path)], check=True)
    return Image.open(path).convert("RGB")


def tray_area() -> tuple[int, int, int, int]:
    """x, y, width, height of trayer's panel."""
    wid = xdo("search", "--classname", "panel").split()[0]
    geo = dict(line.split("=") for line in xdo("getwindowgeometry", "--shell", wid).split())
    return tuple(int(geo[k]) for k in ("X", "Y", "WIDTH", "HEIGHT"))


def colour_in_tray(mode: str, name: str) -> bool:
    """True when the screenshot shows the icon of `mode` docked in the tray."""
    x, y, w, h = tray_area()
    wanted = tuple(int(COLOURS[mode][i:i + 2], 16) for i in (1, 3, 5))
    pixels = screenshot(name).crop((x, y, x + w, y + h)).get_flattened_data()
    return sum(all(abs(a - b) <= 8 for a, b in zip(p, wanted)) for p in pixels) >= 40


def painted(shot: Image.Image) -> bool:
    """True when the page shows in the screenshot (not just the window's background colour)."""
    return len(shot.crop((300, 200, 900, 500)).getcolors(10000) or ()) > 20


def click_tray(button: int) -> None:
    x, y, w, h = tray_area()
    xdo("mousemove", str(x + w - 12), str(y + h // 2), "click", str(button))


def right_click_tray() -> None:
    """Open the tray menu and wait until it shows (it grabs the keyboard then)."""
    from lighttrack.ui._xembed import POPUP_NAME  # pystray's xorg module connects to the display on import
    click_tray(3)
    wait_until(lambda: xdo("search", "--onlyvisible", "--name", f"^{POPUP_NAME}$"), timeout=10, what="the tray menu")
    time.sleep(0.3)


def test_real_tray_icon_shows_the_state_and_its_menu_works(tray_host, dbus_session, app_factory, tmp_path):
    app = app_factory(tmp_path / "data", openDashboardOnStart=False)
    wait_until(lambda: colour_in_tray("stopped", "tray-stopped.png"), timeout=30)
    assert native_toolkits(app.proc.pid) == []  # the XEmbed icon and its menu are python-xlib only
    app.call("activity:start", {"name": "Writing"})
    wait_until(lambda: colour_in_tray("running", "tray-running.png"), timeout=5)

    right_click_tray()
    screenshot("tray-menu-open.png")
    xdo("key", "Down", "Down", "Down", "Return")  # Start new…, Stop, Pause (the header is not selectable)
    wait_until(lambda: app.call("activity:getRunning")["isPaused"], timeout=5)
    wait_until(lambda: colour_in_tray("paused", "tray-paused.png"), timeout=5)

    right_click_tray()
    assert native_toolkits(app.proc.pid) == []
    xdo("key", "Up", "Return")  # the last item: Quit LightTrack
    assert app.proc.wait(15) == 0


def test_left_click_on_the_xembed_icon_opens_the_dashboard(tray_host, dbus_session, app_factory, tmp_path):
    app = app_factory(tmp_path / "data", openDashboardOnStart=False)
    wait_until(lambda: colour_in_tray("stopped", "tray-before-left-click.png"), timeout=30)
    assert not app.call("app:getDashboard")["open"]
    click_tray(1)
    wait_until(lambda: app.call("app:getDashboard")["open"], timeout=10, what="the dashboard window process")
    wait_until(lambda: painted(screenshot("tray-left-click-opened.png")), timeout=40, what="the dashboard painted")
    assert app.stop() == 0


def test_back_from_a_break_without_notification_buttons_the_dashboard_opens_on_the_choice(tray_host, dbus_session,
                                                                                         app_factory, tmp_path):
    """No notification server answers on this bus, so the notification can't offer the four choices: the idle flow
    asks for the prompt and the desktop app opens its dashboard."""
    app = app_factory(tmp_path / "data", openDashboardOnStart=False, trackWindows=True, idleThresholdSeconds=10)
    wait_until(lambda: colour_in_tray("stopped", "tray-before-break.png"), timeout=30)
    app.call("activity:start", {"name": "Writing"})
    wait_until(lambda: app.call("activity:getRunning")["isPaused"], timeout=60, what="the pause after 10 s idle")
    assert not app.call("app:getDashboard")["open"]
    xdo("mousemove", "--sync", "321", "234")  # back at the computer
    xdo("mousemove", "--sync", "345", "256")
    wait_until(lambda: app.call("app:getDashboard")["open"], timeout=20, what="the dashboard with the idle choice")
    assert app.call("idle:getPending")["choices"] == ["resume", "keep", "newActivity", "stop"]
    assert app.stop() == 0


def test_dashboard_window_closes_without_quitting_and_reopens(tray_host, dbus_session, app_factory, tmp_path):
    app = app_factory(tmp_path / "data")  # openDashboardOnStart is on by default
    status = wait_until(lambda: (s := app.call("app:getDashboard"))["firstPaintMs"] and s, timeout=20)
    assert status["open"] and status["kind"] == "window"
    window = wait_until(lambda: xdo("search", "--onlyvisible", "--name", "^LightTrack$"), timeout=10).split()[0]
    wait_until(lambda: painted(screenshot("dashboard-window.png")), timeout=40)
    # the page's calls and the app's events go through the window process's pipe, never through the local API
    page = next(p for p in psutil.Process(app.proc.pid).children() if "lighttrack.ui.window" in " ".join(p.cmdline()))
    assert not [c for c in page.net_connections("tcp") if c.raddr and c.raddr.port == app.port]

    xdo("windowactivate", "--sync", window)
    xdo("key", "--clearmodifiers", "alt+F4")
    wait_until(lambda: not app.call("app:getDashboard")["open"], timeout=10)
    assert app.proc.poll() is None
    assert app.call("activity:getRunning") is None
    assert json.loads((app.data_dir / "window.json").read_text())["width"] >= 720

    second = lighttrack(data_dir=app.data_dir, timeout=30)
    assert second.returncode == 0 and "already running" in second.stdout
    reopened = wait_until(lambda: (s := app.call("app:getDashboard"))["firstPaintMs"] and s, timeout=20)
    assert reopened["open"] and reopened["firstPaintMs"] < 20000  # a hung window; the bench measures the figure
    assert app.stop() == 0


def test_dashboard_page_talks_to_the_app_through_the_bridge(xdisplay, dbus_session, tmp_path):
    need("import")
    channels = sorted(web_invoke_channels())  # the app's allow-list (test_bridge checks that they agree)
    spec = WindowSpec(tuple(channels), tmp_path, WEB, "gtk")
    SHOTS.mkdir(parents=True, exist_ok=True)
    run = subprocess.run([sys.executable, str(DRIVER), str(SHOTS / "dashboard-bridge.png")], input=spec.to_json(),
                         capture_output=True, text=True, timeout=90, env={**os.environ, **C_LOCALE})
    line = next((x for x in run.stdout.splitlines() if x.startswith("RESULT ")), None)
    assert line, run.stderr[-3000:]
    result = json.loads(line[7:])
    assert "error" not in result, result
    assert result["transport"] == "pywebview"
    assert result["booted"] and result["language"] == "en-US"
    assert "General" in [p["name"] for p in result["projects"]]
    assert result["refused"]["code"] == "UNKNOWN_CHANNEL"  # a shell-only channel, refused by the Python door
    assert result["info"]["platform"] == sys.platform
    assert result["seen"] == ["Pushed from Python"] and result["event_ms"] < 1000
    assert result["painted"], "the screenshot never showed the page"
    assert result["opaque_at_load_start"], "a view made opaque during the load stalled the window up to 500 ms"


def test_the_window_process_ends_when_closed_while_a_page_call_waits_for_the_app(xdisplay, dbus_session, tmp_path):
    spec = WindowSpec(tuple(sorted(web_invoke_channels())), tmp_path, WEB, "gtk")
    window = subprocess.Popen([sys.executable, "-m", "lighttrack.ui.window"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    reports: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [reports.put(json.loads(line)) for line in window.stdout], daemon=True).start()
    try:
        window.stdin.write(spec.to_json() + "\n")
        window.stdin.flush()
        seen = []
        # the page paints and asks the app for its data; this app never answers, so its calls wait
        wait_until(lambda: seen.append(reports.get(timeout=60)) or ({"painted", "invoke"} <= {m[0] for m in seen}),
                   timeout=60, what="the page painted and waiting for the app")
        window.stdin.write(json.dumps(["show", "analytics"]) + "\n")
        window.stdin.write(json.dumps(["close"]) + "\n")
        window.stdin.flush()
        # the app sees its dashboard closed at once (and can open a new one), not when the calls return or time out
        assert window.wait(20) == 0
    finally:
        if window.poll() is None:
            window.kill()
            window.wait()
