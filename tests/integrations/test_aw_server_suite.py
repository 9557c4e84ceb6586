"""aw-server's own client test suite (ActivityWatch/aw-server, tests/test_client.py, 14 tests), restated.

Each test below carries the name of the aw-server test it restates and makes the same checks, in our
own words, through the real aw-client 0.5.15 against a real `lighttrack serve --aw-testing` — the
server the suite expects at port 5666 in testing mode; here it runs on a free port instead. aw-server
runs the suite against itself; passing it means ActivityWatch's client sees LightTrack as aw-server.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone

import pytest

aw_client = pytest.importorskip("aw_client")
from aw_core.models import Event  # noqa: E402

from support import start_serve, wait_until  # noqa: E402

UTC = timezone.utc
NOW = datetime.now(tz=UTC)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    server = start_serve(tmp_path_factory.mktemp("aw-suite") / "data", "--aw-testing")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def client(served):
    return aw_client.ActivityWatchClient("aw-client-test", testing=True, port=served.port)


@pytest.fixture
def bucket(client):
    """A fresh bucket, deleted afterwards without ?force=1 (allowed in testing mode only)."""
    bucket_id = f"test-{random.randint(0, 10**5)}"
    client.create_bucket(bucket_id, "testevents", queued=False)
    yield bucket_id
    client.delete_bucket(bucket_id)
    assert bucket_id not in client.get_buckets()


def hourly(count: int, start: datetime, step: timedelta = timedelta(hours=1)) -> list[Event]:
    """`count` back-to-back events of length `step` from `start`, all labelled "test"."""
    return [Event(timestamp=start + i * step, duration=step, data={"label": "test"}) for i in range(count)]


def two_beats(start: datetime = NOW) -> tuple[Event, Event]:
    """Two heartbeats one second apart, at 10 ms precision."""
    start = start.replace(microsecond=start.microsecond // 10000 * 10000)
    return (Event(timestamp=start, data={"label": "test"}),
            Event(timestamp=start + timedelta(seconds=1), data={"label": "test"}))


def to_centiseconds(event: Event) -> Event:
    event.duration = timedelta(seconds=round(event.duration.total_seconds(), 2))
    return event


def test_get_info(client):
    assert client.get_info()["testing"] is True


def test_export(client, bucket):
    exported = client._get("export").json()
    assert bucket in exported["buckets"]
    for bucket_id, content in exported["buckets"].items():
        assert content["id"] == bucket_id and "events" in content


def test_heartbeat(client, bucket):
    first, second = two_beats()
    client.heartbeat(bucket, first, pulsetime=0)
    client.heartbeat(bucket, second, pulsetime=10)
    [event] = client.get_events(bucket, limit=1)
    assert event.timestamp == first.timestamp
    assert event.duration == second.timestamp - first.timestamp


def test_heartbeat_random_order(client, bucket):
    beats = hourly(100, NOW, timedelta(seconds=1))
    random.shuffle(beats)
    for beat in beats:
        client.heartbeat(bucket, beat, pulsetime=2)
    assert client.get_events(bucket, limit=-1)  # aw-server's own test asserts no count here either


def test_queued_heartbeat(client, bucket):
    client.connect()
    try:
        first, second = two_beats()
        client.heartbeat(bucket, first, pulsetime=0, queued=True)
        client.heartbeat(bucket, second, pulsetime=10, queued=True)
        # a different beat makes aw-client send the merged one it holds back
        client.heartbeat(bucket, Event(timestamp=second.timestamp, data={"label": "other"}), pulsetime=0, queued=True)
        events = wait_until(lambda: [e for e in client.get_events(bucket, limit=1) if e.duration > timedelta(0)],
                            timeout=10, what="the queued heartbeats")
    finally:
        client.disconnect()
    assert events[0].timestamp == first.timestamp
    assert events[0].duration == second.timestamp - first.timestamp


def test_list_buckets(client, bucket):
    assert bucket in client.get_buckets()


def test_insert_event(client, bucket):
    event = Event(timestamp=datetime.now(tz=UTC), data={"label": "test"})
    client.insert_event(bucket, event)
    assert client.get_events(bucket, limit=1) == [event]


def test_insert_events(client, bucket):
    events = hourly(2, datetime.now(tz=UTC) - timedelta(days=1))
    client.insert_events(bucket, events)
    assert sorted(client.get_events(bucket), key=lambda e: e.timestamp) == events


def test_get_event_single(client, bucket):
    client.insert_events(bucket, hourly(10, datetime.now(tz=UTC) - timedelta(days=50)))
    for event in client.get_events(bucket):
        single = client.get_event(bucket, event.id)
        assert (single.id, single.timestamp, single.duration, single.data) == \
            (event.id, event.timestamp, event.duration, event.data)


def test_get_events_interval(client, bucket):
    start = datetime.now(tz=UTC) - timedelta(days=50)
    end = start + timedelta(days=1)
    events = hourly(1000, start)
    client.insert_events(bucket, events)
    got = client.get_events(bucket, limit=50, start=start, end=end)
    assert len(got) == 25
    for event in got:
        event.id = None
    expected = sorted(events[:25], key=lambda e: e.timestamp, reverse=True)
    # the newest starts exactly at `end`: cut to the window it lasts nothing
    assert (got[0].timestamp, got[0].data) == (expected[0].timestamp, expected[0].data)
    assert round((got[0].duration - (end - got[0].timestamp)).total_seconds(), 2) == 0
    assert [to_centiseconds(e) for e in got[1:]] == [to_centiseconds(e) for e in expected[1:]]


def test_store_many_events(client, bucket):
    events = hourly(1000, datetime.now(tz=UTC) - timedelta(days=50))
    client.insert_events(bucket, events)
    got = client.get_events(bucket, limit=-1)
    assert got == sorted(events, key=lambda e: e.timestamp, reverse=True)


def test_midnight(client, bucket):
    late = (datetime.now() - timedelta(days=1)).replace(hour=23, minute=50)
    client.insert_events(bucket, hourly(100, late, timedelta(minutes=1)))
    assert len(client.get_events(bucket, limit=-1)) == 100


def test_midnight_heartbeats(client, bucket):
    late = (datetime.now(tz=UTC) - timedelta(days=1)).replace(hour=23, minute=50, second=0, microsecond=0)
    labels = ["1", "1", "2", "3", "4"]
    for i, beat in enumerate(hourly(20, late, timedelta(minutes=1))):
        beat.data["label"] = labels[i % 5]
        client.heartbeat(bucket, beat, pulsetime=90)
    merged = client.get_events(bucket, limit=-1)
    assert len(merged) == 16  # each "1", "1" pair merges: 4 of every 5 beats remain
    after_midnight = client.get_events(bucket, start=late + timedelta(minutes=10, milliseconds=1))
    assert len(after_midnight) == 8


def test_settings(client):
    client.set_setting("test", "test")
    client.set_setting("list", json.dumps([1, 2, 3]))
    client.set_setting("dict", json.dumps({"a": 1, "b": 2}))
    assert client.get_setting("test") == "test"
    assert json.loads(client.get_setting("list")) == [1, 2, 3]
    assert json.loads(client.get_setting("dict")) == {"a": 1, "b": 2}
    assert client.get_setting("test2") is None
    every = client.get_setting()
    assert every["test"] == "test" and json.loads(every["list"]) == [1, 2, 3]
    assert json.loads(every["dict"]) == {"a": 1, "b": 2}
