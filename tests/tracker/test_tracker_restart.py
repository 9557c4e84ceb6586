"""What survives a restart: a pending absence, and a shutdown or a lock is time away with one prompt."""

from __future__ import annotations

from datetime import timedelta

import pytest

from support import FakeClock
from tracker_support import START
from tracker_support import RecordingNotifier
from lighttrack.core.context import Context
from lighttrack.core.services import Services
from lighttrack.core.timing.isotime import from_iso
from lighttrack.store.crypto import Cipher, new_key
from lighttrack.store.database import Store
from lighttrack.tracker._dummy import DummyDesktop
from lighttrack.tracker.backend import Desktop
from lighttrack.tracker.runner import Tracker


class App:
    """One data folder opened, run and closed like the app does, on a fake clock."""

    def __init__(self, folder, clock: FakeClock) -> None:
        self.folder, self.clock, self.key = folder, clock, new_key()
        self.desktop = DummyDesktop()
        self.tracker = None

    def open(self) -> App:
        self.store = Store(self.folder, Cipher(self.key))
        self.services = Services.open(Context(self.store, clock=self.clock))
        self.notifier = RecordingNotifier()
        self.tracker = Tracker(self.services, Desktop(window=self.desktop, idle=self.desktop), self.notifier, self.clock)
        self.tracker.idle.start()
        return self

    def close(self) -> None:
        self.tracker.sampler.stop()
        self.tracker.idle.stop()
        self.store.close()

    def step(self, seconds: float = 1, times: int = 1) -> None:
        for _ in range(times):
            self.clock.advance(seconds)
            self.tracker.sampler.tick()


@pytest.fixture
def app(tmp_path):
    made = App(tmp_path, FakeClock(START)).open()
    made.services.settings.set("trackWindows", True)
    made.services.settings.set("idleThresholdSeconds", 60)
    yield made
    made.close()


def test_a_pending_absence_survives_a_restart(app):
    activity = app.services.activities.start({"name": "Report"})
    app.desktop.show("code", "report.md")
    app.step(times=30)
    app.desktop.idle = 0
    for _ in range(90):
        app.desktop.idle += 1
        app.step()
    app.desktop.idle = 0
    app.step()
    before = app.tracker.idle.pending()
    assert before is not None and len(app.notifier.shown) == 1
    app.close()
    app.clock.advance(5)
    app.open()
    after = app.tracker.idle.pending()
    assert after == before  # the same absence, the same question
    app.tracker.idle.resolve(after["absenceId"], "resume")
    assert app.services.activities.get(activity["id"])["isPaused"] is False


def test_a_shutdown_while_working_is_time_away_from_the_last_sample_with_one_prompt(app):
    activity = app.services.activities.start({"name": "Report"})
    app.desktop.show("code", "report.md")
    app.step(times=40)
    last_seen = app.clock.now()
    app.close()  # the session ends; the activity is still running in the store
    app.clock.advance(hours=9)
    app.open()
    app.desktop.show("code", "report.md")
    app.step(times=3)
    current = app.services.activities.get(activity["id"])
    assert current["isPaused"] and from_iso(current["pauseStartTime"]) == last_seen
    pending = app.tracker.idle.pending()
    assert pending["awayText"] == "9 h 00 min" and len(app.notifier.shown) == 1
    spans = app.tracker.timeline.get(last_seen - timedelta(hours=1), app.clock.now())
    assert sum(s["duration"] for s in spans) <= 43000  # the night is in no span


def test_a_quick_restart_is_no_absence(app):
    activity = app.services.activities.start({"name": "Report"})
    app.desktop.show("code", "report.md")
    app.step(times=40)
    app.close()
    app.clock.advance(10)
    app.open()
    app.step(times=3)
    assert app.services.activities.get(activity["id"])["isPaused"] is False
    assert app.tracker.idle.pending() is None and app.notifier.shown == []


def test_locking_the_screen_ends_the_span_at_the_last_input_and_asks_once(app):
    activity = app.services.activities.start({"name": "Report"})
    app.desktop.show("code", "report.md")
    app.step(times=20)
    app.desktop.idle = 5
    app.step()
    last_input = app.clock.now() - timedelta(seconds=5)
    app.desktop.locked = True  # locked after 5 s: far below the 60 s threshold
    for _ in range(30):
        app.desktop.idle += 1
        app.step()
    current = app.services.activities.get(activity["id"])
    assert current["isPaused"] and from_iso(current["pauseStartTime"]) == last_input
    spans = app.tracker.timeline.get(last_input - timedelta(minutes=5), app.clock.now())
    assert max(from_iso(s["end"]) for s in spans) <= last_input + timedelta(seconds=1)
    app.desktop.locked, app.desktop.idle = False, 0
    app.step(times=3)
    assert app.tracker.idle.pending()["awayText"] == "36 s" and len(app.notifier.shown) == 1
