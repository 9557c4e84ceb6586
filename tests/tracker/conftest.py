"""Fixtures for the tracker tests: a fake clock, real stores in tmp folders, a scripted desktop, and a
stand-in notification server on the session's private D-Bus (the display and bus come from tests/conftest.py)."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from support import FakeClock, stop_process
from tracker_support import START, RecordingNotifier
from lighttrack.core.context import Context
from lighttrack.core.services import Services
from lighttrack.store.crypto import Cipher, new_key
from lighttrack.store.database import Store
from lighttrack.tracker._dummy import DummyDesktop
from lighttrack.tracker.backend import Desktop
from lighttrack.tracker.runner import Tracker

HERE = Path(__file__).parent


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


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
    services.settings.set("trackWindows", True)  # the user said yes (tests of consent use their own tracker)
    tracked = Tracker(services, Desktop(window=dummy, idle=dummy), notifier, clock)
    tracked.rules.ensure_defaults()
    tracked.idle.start()
    return tracked


@pytest.fixture
def step(tracker, clock):
    """step(seconds=1, times=1): advance the fake clock and sample, `times` times."""
    def advance(seconds: float = 1, times: int = 1) -> None:
        for _ in range(times):
            clock.advance(seconds)
            tracker.sampler.tick()
    return advance


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
    stop_process(process)
