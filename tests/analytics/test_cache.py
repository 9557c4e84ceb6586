"""The analytics cache: finished days are kept, and every kind of change to an activity drops its days."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from lighttrack.core.analytics.summarycache import SummaryCache

MIN = 60_000


def add(services, name, start, end, **fields):
    return services.activities.add({"name": name, "startTime": start, "endTime": end, **fields})


@pytest.fixture
def day(berlin):
    """Two activities on 2024-03-31 (the DST day), with that day's summary cached."""
    a = add(berlin, "Standup", "2024-03-31T09:00:00+02:00", "2024-03-31T09:15:00+02:00")
    b = add(berlin, "Review", "2024-03-31T09:30:00+02:00", "2024-03-31T10:30:00+02:00")
    assert berlin.reports.daily("2024-03-31")["totalTime"] == 75 * MIN
    assert date(2024, 3, 31) in berlin.reports.cache._days
    return a, b


def test_a_cached_day_is_not_read_again(berlin, day, monkeypatch):
    monkeypatch.setattr(berlin.activities, "between", lambda *a: pytest.fail("the store was read"))
    assert berlin.reports.daily("2024-03-31")["totalTime"] == 75 * MIN


def test_today_is_never_cached(berlin, berlin_clock):
    today = berlin_clock.now().date().isoformat()
    berlin.activities.start({"name": "Now"})
    berlin_clock.advance(minutes=10)
    assert berlin.reports.daily(today)["totalTime"] == 10 * MIN
    berlin_clock.advance(minutes=5)
    assert berlin.reports.daily(today)["totalTime"] == 15 * MIN


def test_edit_drops_the_day(berlin, day):
    berlin.activities.update(day[0]["id"], {"endTime": "2024-03-31T09:20:00+02:00"})
    assert berlin.reports.daily("2024-03-31")["totalTime"] == 80 * MIN


def test_moving_an_activity_drops_its_old_and_new_days(berlin, day):
    assert berlin.reports.daily("2024-04-02")["totalTime"] == 0
    berlin.activities.update(day[1]["id"], {"startTime": "2024-04-02T09:30:00+02:00", "endTime": "2024-04-02T10:30:00+02:00"})
    assert berlin.reports.daily("2024-03-31")["totalTime"] == 15 * MIN
    assert berlin.reports.daily("2024-04-02")["totalTime"] == 60 * MIN


def test_merge_drops_the_day(berlin, day):
    berlin.activities.merge([day[0]["id"], day[1]["id"]])
    stats = berlin.reports.daily("2024-03-31")
    assert stats["totalTime"] == 75 * MIN  # the gap became a pause
    assert [a["name"] for a in stats["topActivities"]] == ["Standup + Review"]


def test_split_drops_the_day(berlin, day):
    berlin.activities.split(day[1]["id"], "2024-03-31T10:00:00+02:00")
    stats = berlin.reports.daily("2024-03-31")
    assert (stats["totalTime"], stats["completedActivities"]) == (75 * MIN, 3)


def test_delete_drops_the_day(berlin, day):
    berlin.activities.delete([day[1]["id"]])
    assert berlin.reports.daily("2024-03-31")["totalTime"] == 15 * MIN


def test_range_deletion_drops_the_days(berlin, day):
    berlin.erase.delete_range("2024-03-31", "2024-03-31")
    assert berlin.reports.daily("2024-03-31")["totalTime"] == 0


def test_an_import_drops_the_days(berlin, day, tmp_path):
    csv_file = tmp_path / "toggl.csv"
    csv_file.write_text("User,Email,Description,Start date,Start time,End date,End time\n"
                        "Ann,ann@example.com,Imported,2024-03-31,14:00:00,2024-03-31,14:30:00\n")
    berlin.imports.run(str(csv_file), "toggl-csv")
    assert berlin.reports.daily("2024-03-31")["totalTime"] == 105 * MIN


def test_a_renamed_tag_drops_everything(berlin):
    add(berlin, "Coffee", "2024-03-31T15:00:00+02:00", "2024-03-31T15:10:00+02:00", tags=["pause"])
    assert berlin.reports.daily("2024-03-31")["breakTime"] == 0
    tag = next(t for t in berlin.tags.all() if t["name"] == "pause")
    berlin.tags.update(tag["id"], {"name": "break"})
    assert berlin.reports.daily("2024-03-31")["breakTime"] == 10 * MIN


def test_a_summary_read_before_an_invalidation_is_not_kept():
    cache, now = SummaryCache(), datetime(2024, 4, 10, tzinfo=timezone.utc)
    generation = cache.generation
    cache.invalidate_ids(["x"])  # a change lands while the summary was being computed
    cache.put(date(2024, 3, 31), {"items": []}, generation, now)
    assert cache.get(date(2024, 3, 31), now) is None


def test_entries_expire(berlin, day, berlin_clock):
    berlin_clock.advance(hours=25)
    assert berlin.reports.cache.get(date(2024, 3, 31), berlin_clock.now()) is None
