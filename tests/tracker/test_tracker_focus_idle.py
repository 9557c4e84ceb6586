"""A focus session and the idle flow together: time away never counts, no phase moves on while away, one prompt."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lighttrack.core.timing.isotime import from_iso


@pytest.fixture
def focus(services, tracker, dummy, clock):
    """A focus session of 1-minute work phases and 1-minute breaks, a 10 s idle threshold, an editor in front."""
    for key, value in (("pomodoroMinutes", 1), ("breakMinutes", 1), ("idleThresholdSeconds", 10)):
        services.settings.set(key, value)
    dummy.show("code", "report.md")
    return services.focus


def run(tracker, focus, clock, dummy, seconds: int, away: bool) -> None:
    """Advance one second at a time, the ticker and the sampler both running, the user typing or not."""
    for _ in range(seconds):
        clock.advance(1)
        dummy.idle = dummy.idle + 1 if away else 0
        focus.tick()
        tracker.sampler.tick()


def worked_ms(services, activity_id: str) -> int:
    return services.activities.get(activity_id)["duration"]


def test_away_during_a_work_phase_counts_nothing_holds_the_phase_and_asks_once(tracker, focus, services, clock,
                                                                               dummy, notifier):
    started = focus.start()
    activity_id = started["activityId"]
    run(tracker, focus, clock, dummy, 30, away=False)
    left = clock.now()
    run(tracker, focus, clock, dummy, 180, away=True)  # past the work phase's end and a whole break
    status = focus.status()
    assert status["phase"] == "work" and status["held"] is True and status["remainingMs"] == 30000
    assert services.activities.get(activity_id)["isPaused"] and worked_ms(services, activity_id) == 30000
    assert tracker.status()["idle"] is True
    run(tracker, focus, clock, dummy, 1, away=False)  # back
    pending = tracker.idle.pending()
    assert len(notifier.shown) == 1 and pending["activityId"] == activity_id
    assert from_iso(pending["idleStart"]) == left
    tracker.idle.resolve(pending["absenceId"], "resume")
    status = focus.status()
    assert status["held"] is False and status["phase"] == "work" and status["remainingMs"] == 30000
    run(tracker, focus, clock, dummy, 31, away=False)
    assert focus.status()["phase"] == "shortBreak" and worked_ms(services, activity_id) == 60000
    spans = tracker.timeline.get(left - timedelta(minutes=5), clock.now())
    assert sum(s["duration"] for s in spans) <= 62000  # 30 s + 30 s of work, the 3 min away in no span


def test_away_during_a_break_the_work_phase_never_starts_by_itself(tracker, focus, services, clock, dummy, notifier):
    activity_id = focus.start()["activityId"]
    run(tracker, focus, clock, dummy, 60, away=False)
    assert focus.status()["phase"] == "shortBreak"
    run(tracker, focus, clock, dummy, 20, away=False)
    run(tracker, focus, clock, dummy, 120, away=True)  # the break ends while nobody is there
    status = focus.status()
    assert status["phase"] == "shortBreak" and status["held"] is True
    assert services.activities.get(activity_id)["isPaused"] and worked_ms(services, activity_id) == 60000
    run(tracker, focus, clock, dummy, 1, away=False)  # back: the break goes on with the 40 s it had left
    status = focus.status()
    assert status["phase"] == "shortBreak" and status["held"] is False and status["remainingMs"] == 40000
    assert services.activities.get(activity_id)["isPaused"] and worked_ms(services, activity_id) == 60000
    run(tracker, focus, clock, dummy, 41, away=False)
    assert focus.status()["phase"] == "work" and not services.activities.get(activity_id)["isPaused"]
    assert worked_ms(services, activity_id) <= 61000 and notifier.shown == []


def test_stop_at_idle_start_ends_the_focus_session(tracker, focus, services, clock, dummy):
    activity_id = focus.start()["activityId"]
    run(tracker, focus, clock, dummy, 20, away=False)
    run(tracker, focus, clock, dummy, 60, away=True)
    run(tracker, focus, clock, dummy, 1, away=False)
    tracker.idle.resolve(tracker.idle.pending()["absenceId"], "stop")
    assert focus.status()["active"] is False
    assert services.activities.get(activity_id)["duration"] == 20000
