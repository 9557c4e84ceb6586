"""Fixtures for the tracker tests: a fake clock, real stores in tmp folders, and a real headless desktop
(Xvfb + openbox, a private D-Bus session bus, a stand-in notification server), started once per session
and stopped by PID. Missing binaries skip the desktop tests, or fail them when LIGHTTRACK_REQUIRE_GUI=1."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from lighttrack.core.context import Context
from lighttrack.core.services import Services
from lighttrack.store.crypto import Cipher, new_key
from lighttrack.store.database import Store
from lighttrack.tracker._dummy import DummyDesktop
from lighttrack.tracker.backend import Desktop
from lighttrack.tracker.runner import Tracker

HERE = Path(__file__).parent
START = datetime(2025, 3, 10, 9, 0, 0, tzinfo=timezone.utc)


class FakeClock:
    def __init__(self, start: datetime = START) -> None:
        self.moment = start

    def now(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> datetime:
        self.moment += timedelta(seconds=seconds)
        return self.moment


class RecordingNotifier:
    name = "recording"
    supports_actions = True

    def __init__(self) -> None:
        self.shown: list[dict] = []
        self.closed: list[str] = []

    def show(self, key, summary, body, actions, on_action) -> None:
        self.shown.append({"key": key, "summary": summary, "body": body, "actions": actions, "on_action": on_action})

    def close(self, key) -> None:
        self.closed.append(key)

    def stop(self) -> None:
        pass


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def services(tmp_path, clock) -> Services:
    store = Store(tmp_path, Cipher(new_key()))
    return Services.open(Context(store, clock=clock))


@pytest.fixture
def events(services) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []
    services.ctx.bus.subscribe(lambda channel, data: seen.append((channel, data)))
    return seen


@pytest.fixture
def dummy() -> DummyDesktop:
    return DummyDesktop()


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
def tracker(services, dummy, notifier, clock) -> Tracker:
    """A tracker over the scripted desktop; tests drive it with `tick()` (no thread)."""
    tracked = Tracker(services, Desktop(window=dummy, idle=dummy), notifier, clock)
    tracked.rules.ensure_defaults()
    return tracked


@pytest.fixture
def step(tracker, clock):
    """step(seconds=1, times=1): advance the fake clock and sample, `times` times."""
    def advance(seconds: float = 1, times: int = 1) -> None:
        for _ in range(times):
            clock.advance(seconds)
            tracker.sampler.tick()
    return advance


# -- the real desktop ---------------------------------------------------------------------------
def _need(*binaries: str) -> None:
    missing = [b for b in binaries if shutil.which(b) is None]
    if missing or not sys.platform.startswith("linux"):
        reason = f"needs {', '.join(missing) or 'Linux'}"
        if os.environ.get("LIGHTTRACK_REQUIRE_GUI") == "1":
            pytest.fail(f"LIGHTTRACK_REQUIRE_GUI=1 but the desktop test {reason}")
        pytest.skip(reason)


def _stop(process: subprocess.Popen | None, timeout: float = 5) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(predicate, timeout: float = 10, what: str = "condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="session")
def isolated_xdg(tmp_path_factory):
    """Keep caches and runtime files out of $HOME."""
    base = tmp_path_factory.mktemp("xdg")
    saved = {}
    for key in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR"):
        folder = base / key.lower()
        folder.mkdir(mode=0o700)
        saved[key] = os.environ.get(key)
        os.environ[key] = str(folder)
    yield base
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _swap_env(key: str, value: str | None) -> str | None:
    old = os.environ.get(key)
    if value is None:
        os.environ.pop(key, None)
    else:
        os.environ[key] = value
    return old


@pytest.fixture(scope="session")
def xdisplay(isolated_xdg):
    """Xvfb on a free display number (-displayfd) with openbox, which sets _NET_ACTIVE_WINDOW."""
    _need("Xvfb", "openbox", "xprop", "xdotool", "xterm")
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(read_end, 16)
        if not chunk:
            raise RuntimeError("Xvfb failed to start")
        number += chunk
    os.close(read_end)
    display = ":" + number.decode().strip()
    old = {k: _swap_env(k, v) for k, v in (("DISPLAY", display), ("WAYLAND_DISPLAY", None), ("XDG_SESSION_TYPE", "x11"))}
    wm = subprocess.Popen(["openbox", "--sm-disable"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: b"window id" in subprocess.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"],
                                                     capture_output=True).stdout, what="openbox")
    yield display
    _stop(wm)
    _stop(xvfb)
    for key, value in old.items():
        _swap_env(key, value)


@pytest.fixture(scope="session")
def dbus_session(isolated_xdg):
    """A private session bus (also stops libdbus from autolaunching one on the X display)."""
    _need("dbus-daemon")
    socket = os.path.join(os.environ["XDG_RUNTIME_DIR"], "bus")
    process = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--nopidfile", f"--address=unix:path={socket}",
                                "--print-address=1"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    address = process.stdout.readline().strip()
    old = _swap_env("DBUS_SESSION_BUS_ADDRESS", address)
    yield address
    _stop(process)
    _swap_env("DBUS_SESSION_BUS_ADDRESS", old)


class NotificationServer:
    """The stand-in org.freedesktop.Notifications process: its Notify calls, and a way to click an action."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.process = process
        self.calls: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.calls.put(json.loads(line))

    def next_call(self, timeout: float = 10) -> dict:
        return self.calls.get(timeout=timeout)

    def invoke(self, notification_id: int, action: str) -> None:
        """Emit ActionInvoked from the server, as a click on the button would."""
        self.process.stdin.write(f"{notification_id} {action}\n")
        self.process.stdin.flush()


@pytest.fixture
def notification_server(dbus_session):
    process = subprocess.Popen([sys.executable, str(HERE / "fake_notifications.py")], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    assert json.loads(process.stdout.readline())["event"] == "ready"
    yield NotificationServer(process)
    _stop(process)
