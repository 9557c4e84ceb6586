"""The tracker on a real X11 desktop (Xvfb + openbox), real D-Bus notifications, real time."""

from __future__ import annotations

import subprocess
import time
from datetime import datetime, timedelta, timezone

import pytest
from support import need, wait_until as wait_for

from lighttrack.core.tracking import idlechoices
from lighttrack.core.context import Context
from lighttrack.core.services import Services
from lighttrack.core.timing.isotime import from_iso
from lighttrack.store.crypto import Cipher, new_key
from lighttrack.store.database import Store
from lighttrack.tracker.backend import choose_desktop
from lighttrack.tracker.doctor import lines
from lighttrack.tracker.runner import Tracker

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def xdo(*args: str) -> str:
    return subprocess.run(["xdotool", *args], capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def xterms(xdisplay):
    need("xterm")
    titles = ("Editor-A", "Browser-B")
    processes = [subprocess.Popen(["xterm", "-T", title, "-e", "sleep", "120"]) for title in titles]
    ids = {title: wait_for(lambda t=title: subprocess.run(["xdotool", "search", "--name", f"^{t}$"], capture_output=True,
                                                          text=True).stdout.split(), what=title)[0] for title in titles}
    yield ids
    for process in processes:
        process.terminate()
        process.wait(5)


@pytest.fixture
def live(tmp_path):
    """Services on the system clock and a tracker on the real desktop (not started)."""
    services = Services.open(Context(Store(tmp_path, Cipher(new_key()))))
    services.settings.set("trackWindows", True)  # the user said yes
    events: list[tuple[str, object]] = []
    services.ctx.bus.subscribe(lambda channel, data: events.append((channel, data)))
    tracker = Tracker(services, choose_desktop())
    yield services, tracker, events
    tracker.stop()


def now() -> datetime:
    return datetime.now(timezone.utc)


def test_doctor_names_the_x11_sources(xdisplay):
    verdicts = dict(lines())
    assert verdicts["window tracking"].startswith("ok (X11")
    assert verdicts["idle source"] == "ok (X11 MIT-SCREEN-SAVER)"


def test_x_idle_grows_and_resets_on_input(xdisplay):
    idle = choose_desktop().idle
    xdo("mousemove", "10", "10")
    time.sleep(0.7)
    assert idle.read().seconds >= 0.5
    xdo("key", "shift")
    assert idle.read().seconds < 0.3


def test_focus_switches_make_window_spans(xterms, live):
    services, tracker, _ = live
    assert tracker.desktop.window.active() is not None
    xdo("windowactivate", "--sync", xterms["Editor-A"])
    xdo("mousemove", "100", "100")  # input, so nobody is idle
    tracker.start()  # its set-up (D-Bus, sealing days) precedes the first sample
    begin = now()
    time.sleep(3)
    xdo("windowactivate", "--sync", xterms["Browser-B"])
    switched = now()
    time.sleep(3)
    xdo("windowactivate", "--sync", xterms["Editor-A"])
    back = now()
    time.sleep(2)
    tracker.stop()
    spans = [s for s in tracker.timeline.get(begin - timedelta(seconds=5), now()) if s["app"] == "xterm"]
    assert [s["title"] for s in spans] == ["Editor-A", "Browser-B", "Editor-A"]
    for span, expected in zip(spans, (switched - begin, back - switched)):
        assert abs(span["duration"] / 1000 - expected.total_seconds()) <= 1.0
    assert abs(from_iso(spans[1]["start"]) - switched) <= timedelta(seconds=1)
    assert spans[0]["category"] == "development"


def test_idle_pauses_at_input_stop_notifies_once_and_resume_action_resumes(xterms, live, notification_server):
    services, tracker, events = live
    services.settings.set("idleThresholdSeconds", 10)
    activity = services.activities.start({"name": "Deep work"})
    xdo("windowactivate", "--sync", xterms["Editor-A"])
    xdo("mousemove", "200", "200")
    last_input = now()
    tracker.start()
    paused = wait_for(lambda: services.activities.get(activity["id"])["isPaused"] and
                      services.activities.get(activity["id"]), timeout=16, what="the auto-pause")
    assert abs(from_iso(paused["pauseStartTime"]) - last_input) <= timedelta(seconds=1)
    assert [c for c, _ in events if c.startswith("idle:")] == ["idle:started"]
    xdo("key", "shift")  # the user is back
    call = notification_server.next_call()
    assert call["summary"] == "Welcome back"
    assert call["actions"] == [*[part for c in idlechoices.public() for part in (c["id"], c["label"])],
                               "default", "Open LightTrack"]
    assert call["body"] == tracker.idle.pending()["prompt"]
    wait_for(lambda: [c for c, _ in events if c == "idle:returned"], what="idle:returned")
    time.sleep(1.5)
    assert notification_server.calls.empty()  # exactly one prompt
    notification_server.invoke(call["id"], "resume")
    wait_for(lambda: not services.activities.get(activity["id"])["isPaused"], what="the resume")
    assert tracker.idle.pending() is None
