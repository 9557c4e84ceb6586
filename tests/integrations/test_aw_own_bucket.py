"""LightTrack's own tracked windows appear to ActivityWatch clients as a read-only `currentwindow` bucket."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lighttrack.core.activitywatch.service import ActivityWatchService
from lighttrack.core.activitywatch.ownbucket import OwnWindowBucket
from lighttrack.core.tracking.timeline import Timeline
from lighttrack.errors import NotFoundError
from lighttrack.store.awevents import AwEventStore
from lighttrack.store.spans import SpanStore


@pytest.fixture
def timeline(services):
    return Timeline(SpanStore(services.ctx.store), pulse_seconds=2)


@pytest.fixture
def aw(services, timeline, clock):
    return ActivityWatchService(services, AwEventStore(services.ctx.store), timeline.spans,
                                own_windows=OwnWindowBucket(timeline.get, clock.now))


def track(timeline, clock, seconds: int, app: str, title: str) -> None:
    """The sampler's heartbeats: one a second for `seconds`."""
    for _ in range(seconds):
        timeline.heartbeat({"app": app, "title": title, "projectId": None, "category": None}, clock.now())
        clock.advance(seconds=1)


def test_tracked_spans_are_a_currentwindow_bucket(aw, timeline, clock):
    start = clock.now()
    track(timeline, clock, 61, "code", "main.py")
    track(timeline, clock, 31, "firefox", "docs")
    timeline.close()
    bucket_id = aw.own_windows.id
    meta = aw.buckets()[bucket_id]
    assert (meta["type"], meta["client"], meta["hostname"]) == ("currentwindow", "lighttrack", aw.own_windows.hostname)
    events = aw.events(bucket_id)
    # code seen from 0 s to 61 s (its span ends when firefox is first seen), firefox from 61 s to 91 s
    assert [(e["data"]["app"], e["duration"]) for e in events] == [("firefox", 30.0), ("code", 61.0)]
    window = aw.events(bucket_id, start=start + timedelta(seconds=30), end=start + timedelta(seconds=70))
    assert [(e["data"]["app"], e["duration"]) for e in window] == [("firefox", 9.0), ("code", 31.0)]
    period = f"{start.isoformat()}/{(start + timedelta(hours=1)).isoformat()}"
    [answer] = aw.query([f'e = query_bucket(find_bucket("lighttrack-window_"));',
                         'RETURN = sort_by_duration(merge_events_by_keys(e, ["app"]));'], [period])
    assert [(e["data"]["app"], e["duration"]) for e in answer] == [("code", 61.0), ("firefox", 30.0)]


def test_the_bucket_is_read_only_and_not_exported(aw, timeline, clock):
    track(timeline, clock, 5, "code", "x")
    with pytest.raises(NotFoundError):
        aw.insert(aw.own_windows.id, {"timestamp": clock.now().isoformat(), "duration": 1, "data": {}})
    assert aw.own_windows.id not in aw.export_all()


def test_spans_fed_from_activitywatch_watchers_are_not_offered_twice(aw, timeline, clock):
    timeline.spans.append([{"start": clock.now().isoformat(), "end": (clock.now() + timedelta(minutes=1)).isoformat(),
                            "app": "firefox", "title": "t", "projectId": None, "category": None,
                            "source": "activitywatch"}])
    assert aw.events(aw.own_windows.id) == []


def test_a_query_of_the_live_bucket_is_worked_out_anew_each_time(aw, timeline, clock):
    start = clock.now()
    period = [f"{start.isoformat()}/{(start + timedelta(hours=1)).isoformat()}"]
    query = ['RETURN = sum_durations(query_bucket(find_bucket("lighttrack-window_")));']
    track(timeline, clock, 11, "code", "main.py")
    track(timeline, clock, 1, "firefox", "docs")
    assert aw.query(query, period) == [11.0]
    track(timeline, clock, 20, "code", "main.py")
    timeline.close()
    assert aw.query(query, period) == [31.0]  # the tracker's spans have no version: never answered from memory
