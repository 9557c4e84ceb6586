"""Goal progress computed live, and completion recorded once per period with a notification."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from support import BERLIN, FakeClock, open_services



@pytest.fixture
def tuesday(tmp_path):
    clock = FakeClock(datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc))  # 09:00 in Berlin, a Tuesday
    return open_services(tmp_path / "data", clock=clock, zone=BERLIN), clock


def notifications(seen):
    return [d for c, d in seen if c == "show-notification" and d.get("kind") == "goal"]


def record(services):
    seen = []
    services.ctx.bus.subscribe(lambda channel, data: seen.append((channel, data)))
    return seen


def test_daily_hours_goal_progresses_live_and_completes_once(tuesday):
    services, clock = tuesday
    seen = record(services)
    goal = services.goals.create({"name": "Two hours", "type": "daily", "targetType": "hours", "targetValue": 2})
    services.activities.start({"name": "Deep work"})
    clock.advance(minutes=90)
    progress = services.progress.progress(goal["id"])
    assert (progress["currentValue"], progress["percentage"], progress["remaining"]) == (1.5, 75.0, 0.5)
    assert (progress["periodStart"], progress["isCompleted"]) == ("2026-03-10", False)
    services.progress.tick()
    assert notifications(seen) == []
    clock.advance(minutes=31)
    services.progress.tick()
    assert [n["body"] for n in notifications(seen)] == ["Two hours"]
    assert [c for c, _ in seen].count("goal:completed") == 1
    clock.advance(minutes=5)
    services.progress.tick()
    services.progress.check()
    assert len(notifications(seen)) == 1
    done = services.progress.progress(goal["id"])
    assert (done["isCompleted"], done["percentage"]) == (True, 100.0)
    assert services.goals.get(goal["id"])["completedAt"] is not None
    clock.advance(days=1)
    assert services.progress.progress(goal["id"])["isCompleted"] is False


def test_an_activity_change_checks_goals_at_once(tuesday):
    services, clock = tuesday
    seen = record(services)
    services.goals.create({"name": "Three things", "type": "weekly", "targetType": "activities", "targetValue": 3})
    for hour in range(2):
        start = clock.now() - timedelta(hours=hour + 1)
        services.activities.add({"name": f"Task {hour}", "startTime": start.isoformat(), "duration": 600_000})
    assert notifications(seen) == []
    services.activities.start({"name": "Task 3"})
    clock.advance(minutes=1)
    assert notifications(seen) == []  # a running activity is not done yet
    services.activities.stop(services.activities.running()["id"])
    assert len(notifications(seen)) == 1


def test_weekly_period_follows_the_week_start_setting(tuesday):
    services, _ = tuesday
    goal = services.goals.create({"name": "Week", "type": "weekly", "targetType": "hours", "targetValue": 10})
    assert services.progress.progress(goal["id"])["periodStart"] == "2026-03-09"
    services.settings.set("weekStartsOn", "sunday")
    assert services.progress.progress(goal["id"])["periodStart"] == "2026-03-08"


def test_project_goal_counts_only_its_project(tuesday):
    services, clock = tuesday
    project = services.projects.create({"name": "Book"})["id"]
    goal = services.goals.create({"name": "Book", "type": "project", "targetType": "hours", "targetValue": 1,
                                  "projectId": project, "startDate": "2026-03-01"})
    services.activities.add({"name": "Other", "startTime": "2026-03-09T10:00:00", "duration": 3_600_000})
    services.activities.add({"name": "Chapter", "projectId": project, "startTime": "2026-03-02T10:00:00",
                             "duration": 1_800_000})
    progress = services.progress.progress(goal["id"])
    assert (progress["currentValue"], progress["periodStart"], progress["periodEnd"]) == (0.5, "2026-03-01", "2026-03-10")


def test_productivity_goal_is_judged_when_its_day_is_over(tuesday):
    services, clock = tuesday
    seen = record(services)
    services.goals.create({"name": "Focused", "type": "daily", "targetType": "productivity", "targetValue": 80})
    services.activities.add({"name": "Work", "startTime": "2026-03-10T09:00:00", "duration": 3_600_000})
    services.progress.check()
    assert notifications(seen) == []  # 100 % so far, but the day is not over
    clock.advance(days=1)
    services.progress.check()
    assert len(notifications(seen)) == 1
    services.progress.check()
    assert len(notifications(seen)) == 1


def test_progress_of_every_active_goal_and_the_channel(tuesday):
    services, _ = tuesday
    services.goals.create({"name": "A", "type": "daily", "targetType": "hours", "targetValue": 1})
    services.goals.create({"name": "B", "type": "monthly", "targetType": "hours", "targetValue": 1, "isActive": False})
    assert [p["name"] for p in services.progress.progress()] == ["A"]
    from lighttrack.channels.catalog import build_registry
    registry = build_registry(services, lambda: {})
    assert len(registry.dispatch("goal:getProgress", [])["data"]) == 1
    assert registry.dispatch("goal:getProgress", ["nope"])["code"] == "NOT_FOUND"
    assert registry.dispatch("goal:getProgress", [5])["error"].startswith("id must be an id")
