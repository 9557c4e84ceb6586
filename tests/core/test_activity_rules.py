"""The rules of CONTRACT.md "Data at the surface", on real encrypted files with a fake clock."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from lighttrack.errors import ConflictError, NotFoundError, ValidationError
from support import FakeClock, open_services

UTC = timezone.utc


def iso(clock: FakeClock) -> str:
    return clock.now().isoformat()


def test_duration_is_end_minus_start_minus_pauses(services, clock):
    acts = services.activities
    a = acts.start({"name": "Write report"})
    clock.advance(minutes=10)
    acts.pause(a["id"])
    clock.advance(minutes=5)
    acts.resume(a["id"])
    clock.advance(minutes=20)
    done = acts.stop(a["id"])
    assert done["pausedDuration"] == 5 * 60_000
    assert done["duration"] == 30 * 60_000
    assert done["endTime"] == iso(clock).replace("+00:00", ".000+00:00")


def test_an_open_pause_counts_as_paused_when_stopped(services, clock):
    acts = services.activities
    a = acts.start({"name": "Read"})
    clock.advance(minutes=10)
    acts.pause(a["id"])
    clock.advance(minutes=50)
    done = acts.stop(a["id"])
    assert (done["duration"], done["pausedDuration"], done["isPaused"]) == (10 * 60_000, 50 * 60_000, False)


def test_starting_an_activity_stops_the_running_one(services, clock):
    acts = services.activities
    first = acts.start({"name": "One"})
    clock.advance(minutes=3)
    second = acts.start({"name": "Two"})
    assert acts.get(first["id"])["endTime"] is not None
    assert acts.get(first["id"])["duration"] == 3 * 60_000
    assert acts.running()["id"] == second["id"]


def test_pausing_twice_or_resuming_a_running_activity_conflicts(services):
    acts = services.activities
    a = acts.start({"name": "One"})
    with pytest.raises(ConflictError):
        acts.resume(a["id"])
    acts.pause(a["id"])
    with pytest.raises(ConflictError):
        acts.pause(a["id"])


def test_merge_needs_two_activities_of_one_project_and_conserves_time(services, clock):
    acts = services.activities
    other = services.projects.create({"name": "Other"})
    a = acts.add({"name": "A", "startTime": "2026-03-10T08:00:00Z", "endTime": "2026-03-10T08:30:00Z"})
    b = acts.add({"name": "B", "startTime": "2026-03-10T09:00:00Z", "endTime": "2026-03-10T09:20:00Z"})
    c = acts.add({"name": "C", "projectId": other["id"], "startTime": "2026-03-10T10:00:00Z", "duration": 60_000})
    with pytest.raises(ConflictError):
        acts.merge([a["id"], c["id"]])
    merged = acts.merge([b["id"], a["id"]])
    assert merged["duration"] == a["duration"] + b["duration"] == 50 * 60_000
    assert merged["startTime"].startswith("2026-03-10T08:00") and merged["endTime"].startswith("2026-03-10T09:20")
    with pytest.raises(NotFoundError):
        acts.get(a["id"])


def test_split_needs_a_time_inside_and_pauses_go_to_their_part(services, clock):
    acts = services.activities
    a = acts.start({"name": "Long"})
    clock.advance(minutes=30)
    acts.pause(a["id"])
    clock.advance(minutes=10)
    acts.resume(a["id"])
    clock.advance(minutes=20)
    done = acts.stop(a["id"])
    with pytest.raises(ValidationError):
        acts.split(a["id"], done["startTime"])
    with pytest.raises(ValidationError):
        acts.split(a["id"], done["endTime"])
    first, second = acts.split(a["id"], "2026-03-10T09:35:00Z")
    assert first["duration"] + second["duration"] == done["duration"] == 50 * 60_000
    assert (first["pausedDuration"], second["pausedDuration"]) == (5 * 60_000, 5 * 60_000)


def test_soft_deletes_are_restorable_and_purged_after_30_days(services, clock):
    acts = services.activities
    a = acts.add({"name": "Gone", "startTime": "2026-03-10T08:00:00Z", "duration": 60_000})
    acts.delete([a["id"]])
    assert acts.filtered({"onlyDeleted": True})[0]["id"] == a["id"]
    assert acts.restore(a["id"])["isDeleted"] is False
    acts.delete([a["id"]])
    clock.advance(days=29)
    assert services.purge_deleted() == 0
    clock.advance(days=2)
    assert services.purge_deleted() == 1
    assert acts.filtered({"includeDeleted": True}) == []


def test_bad_input_names_the_field_and_changes_nothing(services):
    acts = services.activities
    a = acts.start({"name": "Keep me"})
    before = acts.every()
    for bad in ({"name": ""}, {"name": 5}, {"projectId": "nope"}, {"tags": "x"}, {"startTime": "yesterday"},
                {"name": "x" * 501}, {"duration": 3}):
        with pytest.raises(ValidationError) as err:
            acts.update(a["id"], bad)
        assert next(iter(bad)) in str(err.value)
    assert acts.every() == before


def test_today_is_the_local_day_across_dst(tmp_path):
    berlin = ZoneInfo("Europe/Berlin")
    clock = FakeClock(datetime(2026, 3, 29, 12, 0, tzinfo=UTC))  # clocks went forward at 01:00 UTC
    services = open_services(tmp_path / "d", clock=clock, zone=berlin)
    acts = services.activities
    acts.add({"name": "late yesterday", "startTime": "2026-03-28T23:30:00+01:00", "duration": 20 * 60_000})
    acts.add({"name": "just after midnight", "startTime": "2026-03-29T00:05:00+01:00", "duration": 60_000})
    acts.add({"name": "last minute", "startTime": "2026-03-29T23:58:00+02:00", "duration": 60_000})
    assert [a["name"] for a in acts.today()] == ["just after midnight", "last minute"]
    stats = services.reports.daily("2026-03-29")
    assert stats["totalTime"] == 2 * 60_000
    assert stats["hourlyBreakdown"][0] == 60_000 and stats["hourlyBreakdown"][23] == 60_000
    spans_midnight = services.reports.daily("2026-03-28")
    assert spans_midnight["totalTime"] == 20 * 60_000


def test_renaming_a_tag_renames_it_on_its_activities(services):
    entry = services.activities.add({"name": "Call", "startTime": "2026-03-10T09:00:00+00:00",
                                     "endTime": "2026-03-10T09:30:00+00:00", "tags": ["meeting", "client"]})
    tag = next(t for t in services.tags.all() if t["name"] == "meeting")
    services.tags.update(tag["id"], {"name": "call"})
    assert services.activities.get(entry["id"])["tags"] == ["call", "client"]
