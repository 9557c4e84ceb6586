"""Consent first: a real `lighttrack serve` on the X display records nothing until the user says yes."""

from __future__ import annotations

import subprocess
import time
from datetime import datetime, timedelta, timezone

import pytest
from support import need, start_serve, wait_until

from lighttrack.core.activitywatch.service import ActivityWatchService
from lighttrack.store.awevents import AwEventStore
from lighttrack.store.spans import SpanStore


@pytest.fixture
def xterm(xdisplay):
    need("xterm")
    process = subprocess.Popen(["xterm", "-T", "Consent-Probe", "-e", "sleep", "120"])
    window = wait_until(lambda: subprocess.run(["xdotool", "search", "--name", "^Consent-Probe$"], capture_output=True,
                                               text=True).stdout.split(), what="the xterm")[0]
    subprocess.run(["xdotool", "windowactivate", "--sync", window], check=True)
    yield window
    process.terminate()
    process.wait(5)


@pytest.fixture
def served(tmp_path, xterm, dbus_session):
    server = start_serve(tmp_path / "data")
    yield server
    server.stop()


def window_day(served) -> list[dict]:
    now = datetime.now(timezone.utc)
    return served.data("timeline:get", (now - timedelta(hours=1)).isoformat(), (now + timedelta(minutes=1)).isoformat())


@pytest.mark.gui
@pytest.mark.slow
def test_nothing_is_recorded_until_the_welcome_is_answered_yes(served):
    activity = served.data("activity:start", {"name": "Writing"})
    time.sleep(3)  # the tracker samples every second: three chances to record the xterm
    status = served.data("tracker:getStatus")
    assert status["tracking"] is False and status["currentWindow"] is None and status["idle"] is False
    assert window_day(served) == []
    assert served.data("activity:get", activity["id"])["applicationName"] is None
    served.data("app:completeFirstRun", {"trackWindows": True, "autostart": False})
    wait_until(lambda: served.data("tracker:getStatus")["tracking"], what="tracking after the yes")
    spans = wait_until(lambda: [s for s in window_day(served) if s["title"] == "Consent-Probe"], timeout=15,
                       what="the xterm in the timeline")
    assert spans[0]["app"] == "xterm"


@pytest.mark.gui
@pytest.mark.slow
def test_escape_is_a_remembered_not_now_and_trackwindows_true_is_a_yes(served):
    declined = served.data("app:declineFirstRun")
    assert declined["firstRun"] is False and declined["choices"]["trackWindows"] is False
    assert served.data("app:getWelcome")["firstRun"] is False  # the welcome does not come back
    time.sleep(2)
    assert served.data("tracker:getStatus")["tracking"] is False and window_day(served) == []
    served.data("settings:set", "trackWindows", True)
    spans = wait_until(lambda: [s for s in window_day(served) if s["title"] == "Consent-Probe"], timeout=15,
                       what="the xterm in the timeline")
    assert served.data("tracker:getStatus")["tracking"] is True and spans


def test_activitywatch_watcher_data_reaches_the_timeline_only_after_the_yes(services, clock, tmp_path):
    spans = SpanStore(services.ctx.store)
    aw = ActivityWatchService(services, AwEventStore(services.ctx.store), spans, settle_seconds=0)
    aw.create_bucket("win", {"type": "currentwindow", "client": "aw-watcher-window", "hostname": "h"})
    aw.insert("win", {"timestamp": clock.now().isoformat(), "duration": 60, "data": {"app": "term", "title": "vim"}})
    clock.advance(minutes=2)
    aw.flush()
    day = (clock.now() - timedelta(hours=1)).isoformat(), (clock.now() + timedelta(hours=1)).isoformat()
    assert spans.read(*day) == []
    assert len(aw.events("win", -1, None, None)) == 1  # the watcher's own bucket keeps its data
    services.settings.set("trackWindows", True)
    aw.insert("win", {"timestamp": clock.now().isoformat(), "duration": 30, "data": {"app": "term", "title": "make"}})
    clock.advance(minutes=2)
    aw.flush()
    assert [s["title"] for s in spans.read(*day)] == ["make"]  # nothing from before the yes is backfilled
