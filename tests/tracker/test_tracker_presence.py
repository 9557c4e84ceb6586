"""Present without input: a media player playing (MPRIS) or an idle inhibitor keeps the user present; that time
is marked passive in the timeline; the absence starts when the presence ended; a setting turns it off."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from support import stop_process, wait_until

from lighttrack.core.context import Context
from lighttrack.core.services import Services
from lighttrack.core.timing.isotime import from_iso
from lighttrack.store.crypto import Cipher, new_key
from lighttrack.store.database import Store
from lighttrack.tracker import _presence_dbus
from lighttrack.tracker.backend import choose_desktop
from lighttrack.tracker.presence import PresenceWatch
from lighttrack.tracker.runner import Tracker

HERE = Path(__file__).parent


class ScriptedPresence:
    name = "scripted"

    def __init__(self) -> None:
        self.playing = True
        self.asked = 0

    def reason(self) -> str | None:
        self.asked += 1
        return "media playing (vlc)" if self.playing else None


@pytest.fixture
def presence(tracker):
    source = ScriptedPresence()
    tracker.sampler.presence = PresenceWatch(source)
    return source


@pytest.fixture
def film(tracker, services, dummy, presence):
    services.settings.set("idleThresholdSeconds", 60)
    dummy.show("celluloid", "lecture.mkv")  # not in activeWithoutInputApps: only the player keeps the user present
    return services.activities.start({"name": "Research"})


def idle_for(dummy, step, seconds: int) -> None:
    for _ in range(seconds):
        dummy.idle += 1
        step()


def test_a_playing_player_keeps_the_user_present_and_the_time_is_passive(tracker, film, services, dummy, step, clock,
                                                                         presence):
    begin = clock.now()
    idle_for(dummy, step, 600)
    assert not services.activities.get(film["id"])["isPaused"]
    status = tracker.status()
    assert status["idle"] is False and status["presentWithoutInput"] == "media playing (vlc)"
    spans = tracker.timeline.get(begin, clock.now() + timedelta(seconds=1))
    assert [(s.get("passive", False), round(s["duration"] / 1000)) for s in spans] == [(False, 59), (True, 540)]  # from the first sample
    assert presence.asked <= 55  # once per 10 s of the 540 s past the threshold, never while input was recent


def test_the_absence_starts_when_the_film_stopped_not_at_the_last_input(tracker, film, services, dummy, step, clock,
                                                                        presence, notifier):
    idle_for(dummy, step, 300)
    presence.playing = False
    stopped = clock.now()
    idle_for(dummy, step, 120)
    current = services.activities.get(film["id"])
    assert current["isPaused"]
    assert timedelta(0) <= stopped - from_iso(current["pauseStartTime"]) <= timedelta(seconds=10)
    dummy.idle = 0
    step()
    assert len(notifier.shown) == 1


def test_the_setting_turns_it_off(tracker, film, services, dummy, step, clock, presence):
    services.settings.set("presenceWithoutInput", False)
    start = clock.now()
    idle_for(dummy, step, 90)
    current = services.activities.get(film["id"])
    assert current["isPaused"] and from_iso(current["pauseStartTime"]) == start
    assert presence.asked == 0


def test_typing_costs_no_bus_call(tracker, film, dummy, step, presence):
    for _ in range(300):
        dummy.idle = 0
        step()
    assert presence.asked == 0


class FakeService:
    """tests/tracker/fake_presence.py on the private session bus."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen([sys.executable, str(HERE / "fake_presence.py"), *args], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        assert json.loads(self.process.stdout.readline())["event"] == "ready"
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(json.loads(line))

    def set(self, state: str) -> None:
        self.process.stdin.write(state + "\n")
        self.process.stdin.flush()
        while self.lines.get(timeout=5)["event"] != "state":
            pass


@pytest.fixture
def player(dbus_session):
    service = FakeService("mpris", "vlc")
    yield service
    stop_process(service.process)


@pytest.fixture
def gnome_session(dbus_session):
    service = FakeService("gnome-session")
    yield service
    stop_process(service.process)


@pytest.mark.gui
def test_mpris_playback_status_over_the_session_bus(player):
    source = _presence_dbus.presence_source(os.environ)
    assert source.reason() == "media playing (vlc)"
    player.set("Paused")
    assert source.reason() is None


@pytest.mark.gui
def test_gnome_session_idle_inhibitor_over_the_session_bus(gnome_session):
    source = _presence_dbus.presence_source(os.environ)
    assert source.reason() == "idle inhibitor (GNOME session)"
    gnome_session.set("inhibit 4")  # inhibits logging out, not idleness
    assert source.reason() is None


@pytest.mark.gui
@pytest.mark.slow
def test_a_playing_player_keeps_the_user_present_on_the_real_desktop(xdisplay, player, tmp_path):
    services = Services.open(Context(Store(tmp_path, Cipher(new_key()))))
    services.settings.set("trackWindows", True)
    services.settings.set("idleThresholdSeconds", 10)
    tracker = Tracker(services, choose_desktop())
    assert tracker.desktop.presence is not None
    activity = services.activities.start({"name": "Watching the talk"})
    subprocess.run(["xdotool", "mousemove", "400", "300"], check=True)
    tracker.start()
    try:
        wait_until(lambda: tracker.status()["presentWithoutInput"], timeout=20, what="presence from the player")
        time.sleep(3)
        assert not services.activities.get(activity["id"])["isPaused"] and tracker.status()["idle"] is False
        player.set("Paused")
        paused_at = datetime.now(timezone.utc)
        current = wait_until(lambda: (a := services.activities.get(activity["id"]))["isPaused"] and a, timeout=30,
                             what="the absence after the player paused")
        assert timedelta(seconds=-1) <= paused_at - from_iso(current["pauseStartTime"]) <= timedelta(seconds=11)
    finally:
        tracker.stop()
