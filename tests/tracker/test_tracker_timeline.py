"""The heartbeat model and the sampler feeding it, with a fake clock and the scripted desktop."""

from __future__ import annotations

from datetime import timedelta

from tracker_support import START

from lighttrack.core.tracking.timeline import Timeline
from lighttrack.store.spans import SpanStore


def day(tracker):
    return tracker.timeline.get(START - timedelta(hours=1), START + timedelta(days=1))


def test_identical_samples_extend_one_span_and_a_change_starts_the_next(tracker, dummy, step):
    dummy.show("code", "main.py - lighttrack - Visual Studio Code")
    step(times=10)
    dummy.show("firefox", "Docs — Mozilla Firefox")
    step(times=5)
    spans = day(tracker)
    assert [(s["app"], s["duration"]) for s in spans] == [("code", 10000), ("firefox", 4000)]
    assert spans[0]["end"] == spans[1]["start"]
    assert spans[0]["category"] == "development" and spans[1]["category"] == "browsing"
    assert set(spans[0]) == {"start", "end", "duration", "app", "title", "projectId", "category", "domain", "source", "file"}


def test_the_open_span_is_written_on_change_only(tracker, dummy, step, tmp_path):
    dummy.show("code", "a")
    step(times=20)
    assert not list((tmp_path / "spans").glob("*.journal"))  # 20 samples, nothing written yet
    dummy.show("vim", "b")
    step()
    assert len(list((tmp_path / "spans").glob("*.journal"))) == 1


def test_checkpoints_cut_the_open_span_but_reads_merge_it(tracker, dummy, step, services, tmp_path):
    services.settings.set("autoSaveIntervalSeconds", 5)
    dummy.show("code", "a")
    step(times=30)
    frames = SpanStore(services.ctx.store).read(START.isoformat(), (START + timedelta(hours=1)).isoformat())
    assert len(frames) >= 4  # written on the auto-save timer
    assert [(s["app"], s["duration"]) for s in day(tracker)] == [("code", 29000)]


def test_a_gap_longer_than_the_pulse_ends_the_span_when_last_seen(services, tmp_path):
    timeline = Timeline(SpanStore(services.ctx.store), pulse_seconds=2)
    data = {"app": "code", "title": "a", "projectId": None, "category": None}
    timeline.heartbeat(data, START)
    timeline.heartbeat(data, START + timedelta(seconds=5))
    timeline.heartbeat(data, START + timedelta(seconds=60))
    timeline.heartbeat(data, START + timedelta(seconds=61))
    spans = timeline.get(START, START + timedelta(hours=1))
    assert [(s["start"][11:19], s["duration"]) for s in spans] == [("09:01:00", 1000)]  # single-instant spans are dropped
    timeline.shutdown()


def test_no_window_means_no_span(tracker, dummy, step):
    dummy.window = None
    step(times=5)
    assert day(tracker) == []


def test_the_running_activity_follows_the_window_and_writes_on_change_only(tracker, dummy, step, services, events):
    activity = services.activities.start({"name": "Work"})
    dummy.show("code", "main.py - lighttrack - Visual Studio Code")
    step(times=5)
    dummy.show("firefox", "Docs — Mozilla Firefox")
    step(times=5)
    current = services.activities.get(activity["id"])
    assert (current["applicationName"], current["windowTitle"]) == ("firefox", "Docs — Mozilla Firefox")
    assert [c for c, _ in events].count("activity:updated") == 2


def test_shutdown_writes_the_open_span(tracker, dummy, step, services):
    dummy.show("code", "a")
    step(times=3)
    tracker.stop()
    reopened = SpanStore(services.ctx.store).read(START.isoformat(), (START + timedelta(hours=1)).isoformat())
    assert [(s["app"], s["end"][11:19]) for s in reopened] == [("code", "09:00:03")]
