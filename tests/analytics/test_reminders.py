"""Reminders on a fake clock: nothing tracked during work hours, breaks after long work, never while idle."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from support import BERLIN, FakeClock, open_services



@pytest.fixture
def workday(tmp_path):
    clock = FakeClock(datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc))  # Tuesday 09:00 in Berlin
    services = open_services(tmp_path / "data", clock=clock, zone=BERLIN)
    seen = []
    services.ctx.bus.subscribe(lambda channel, data: seen.append(data) if channel == "show-notification" else None)
    return services, clock, seen


def run(services, clock, minutes):
    for _ in range(minutes):
        clock.advance(minutes=1)
        services.reminders.tick()


def test_nothing_tracked_during_work_hours(workday):
    services, clock, seen = workday
    services.reminders.tick()
    run(services, clock, 14)
    assert seen == []
    run(services, clock, 1)
    assert [n["title"] for n in seen] == ["Nothing is being tracked"]
    run(services, clock, 15)
    assert len(seen) == 2  # again after another 15 minutes


def test_no_tracking_reminder_outside_work_hours_or_when_off(workday):
    services, clock, seen = workday
    clock.current = datetime(2026, 3, 14, 9, 0, tzinfo=timezone.utc)  # Saturday
    run(services, clock, 30)
    clock.current = datetime(2026, 3, 10, 17, 0, tzinfo=timezone.utc)  # Tuesday 18:00
    run(services, clock, 30)
    assert seen == []
    clock.current = datetime(2026, 3, 10, 9, 0, tzinfo=timezone.utc)
    services.settings.set("trackingReminder", False)
    run(services, clock, 30)
    assert seen == []


def test_never_while_idle(workday):
    services, clock, seen = workday
    services.presence.mark(True)  # the idle flow marks it when the user leaves
    run(services, clock, 90)
    services.activities.start({"name": "Work"})
    run(services, clock, 90)
    assert seen == []


def test_break_reminder_after_continuous_work(workday):
    services, clock, seen = workday
    services.settings.set("trackingReminder", False)
    work = services.activities.start({"name": "Work"})
    run(services, clock, 30)
    services.activities.pause(work["id"])
    run(services, clock, 10)
    services.activities.resume(work["id"])
    run(services, clock, 59)
    assert seen == []  # the pause restarted the count
    run(services, clock, 1)
    assert [n["body"] for n in seen] == ["You have worked for 60 minutes without a break."]


def test_no_reminders_in_a_focus_session(workday):
    services, clock, seen = workday
    services.settings.set("pomodoroMinutes", 240)
    services.focus.start()
    run(services, clock, 120)
    assert seen == []


def test_reminder_settings_are_validated(workday):
    services, _, _ = workday
    from lighttrack.errors import ValidationError
    with pytest.raises(ValidationError, match="workHoursStart"):
        services.settings.set("workHoursStart", "9 am")
    with pytest.raises(ValidationError, match="workDays"):
        services.settings.set("workDays", [0, 8])
    assert services.settings.set("workDays", [5, 1, 1]) == [1, 5]
