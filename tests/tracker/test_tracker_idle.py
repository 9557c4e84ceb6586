"""The idle-return flow with a fake clock and the scripted desktop: every choice, suspend, no inflation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lighttrack.core.tracking import idlechoices
from lighttrack.core.timing.isotime import from_iso
from lighttrack.errors import ConflictError, NotFoundError, ValidationError


@pytest.fixture
def working(tracker, services, dummy, step, clock, events):
    """An activity started at 09:00:00, 60 s of work in an editor, then 120 s without input, then input again."""
    services.settings.set("idleThresholdSeconds", 60)
    activity = services.activities.start({"name": "Report"})
    dummy.show("code", "report.md - docs - Visual Studio Code")
    step(times=60)
    for _ in range(120):
        dummy.idle += 1
        step()
    idle_start = clock.now() - timedelta(seconds=120)
    dummy.idle = 0
    step()
    return activity, idle_start


def names(events):
    return [c for c, _ in events if c.startswith("idle:")]


def test_idle_pauses_at_the_idle_start_and_asks_once(working, services, events, notifier):
    activity, idle_start = working
    current = services.activities.get(activity["id"])
    assert current["isPaused"] and from_iso(current["pauseStartTime"]) == idle_start
    assert names(events) == ["idle:started", "idle:returned"]
    returned = dict(events)["idle:returned"]
    assert returned["pending"] is True and returned["awayMs"] == 121000
    assert len(notifier.shown) == 1
    assert "away 2 min" in notifier.shown[0]["body"]
    assert notifier.shown[0]["actions"] == [*[(c["id"], c["label"]) for c in idlechoices.public()],
                                            ("default", "Open LightTrack")]
    assert returned["prompt"] == notifier.shown[0]["body"] == "You were away 2 min. \u201cReport\u201d is paused since you left."


def test_the_timeline_stops_at_the_idle_start(working, tracker, clock):
    activity, idle_start = working
    spans = tracker.timeline.get(idle_start - timedelta(hours=1), clock.now() + timedelta(seconds=1))
    assert spans[0]["end"] == idle_start.isoformat(timespec="milliseconds")


def test_resume_discards_the_idle_time(working, tracker, services, clock):
    activity, idle_start = working
    pending = tracker.idle.pending()
    assert pending["choices"] == ["resume", "keep", "newActivity", "stop"]
    result = tracker.idle.resolve(pending["absenceId"], "resume")
    assert not result["activity"]["isPaused"]
    clock.advance(10)
    assert services.activities.get(activity["id"])["duration"] == 70000  # 60 s before, 10 s after
    assert tracker.idle.pending() is None


def test_keep_counts_the_idle_time_as_worked(working, tracker, services, clock):
    activity, _ = working
    tracker.idle.resolve(tracker.idle.pending()["absenceId"], "keep")
    stopped = services.activities.stop(activity["id"])
    assert stopped["duration"] == 181000 and stopped["pausedDuration"] == 0


def test_new_activity_takes_the_idle_time(working, tracker, services):
    activity, idle_start = working
    result = tracker.idle.resolve(tracker.idle.pending()["absenceId"], "newActivity")
    added = result["added"]
    assert from_iso(added["startTime"]) == idle_start and added["duration"] == 121000
    assert added["projectId"] == activity["projectId"]
    assert not result["activity"]["isPaused"]


def test_stop_ends_the_activity_at_the_idle_start(working, tracker, services):
    activity, idle_start = working
    result = tracker.idle.resolve(tracker.idle.pending()["absenceId"], "stop")
    assert from_iso(result["activity"]["endTime"]) == idle_start
    assert result["activity"]["duration"] == 60000
    assert services.activities.running() is None


def test_an_unanswered_prompt_never_inflates_time(working, tracker, services, step, clock):
    activity, _ = working
    step(times=600)  # working on, never answering
    current = services.activities.get(activity["id"])
    assert current["isPaused"] and current["duration"] == 60000
    assert tracker.idle.pending() is not None


def test_leaving_again_unanswered_keeps_one_absence_and_one_prompt(working, tracker, dummy, step, events, notifier):
    first = tracker.idle.pending()["absenceId"]
    dummy.idle = 600
    step()
    dummy.idle = 0
    step()
    assert tracker.idle.pending()["absenceId"] == first
    assert names(events).count("idle:started") == 1
    assert [n["key"] for n in notifier.shown] == [first, first]  # the same notification, replaced


def test_bad_choices_and_ids_are_refused(working, tracker):
    absence = tracker.idle.pending()["absenceId"]
    with pytest.raises(ValidationError, match="choice"):
        tracker.idle.resolve(absence, "later")
    with pytest.raises(NotFoundError):
        tracker.idle.resolve("nope", "resume")


def test_a_manual_resume_clears_the_prompt(working, tracker, services, notifier):
    activity, _ = working
    absence = tracker.idle.pending()["absenceId"]
    services.activities.resume(activity["id"])
    assert tracker.idle.pending() is None
    assert absence in notifier.closed
    with pytest.raises(NotFoundError):
        tracker.idle.resolve(absence, "keep")


def test_the_notification_resume_action_resumes(working, tracker, services, notifier):
    activity, _ = working
    notifier.shown[0]["on_action"]("resume")
    assert not services.activities.get(activity["id"])["isPaused"]


@pytest.mark.parametrize("choice, paused, stopped", [("keep", False, False), ("newActivity", False, False),
                                                     ("stop", False, True)])
def test_every_choice_is_a_notification_action(working, tracker, services, notifier, events, choice, paused, stopped):
    activity, _ = working
    notifier.shown[0]["on_action"](choice)
    current = services.activities.get(activity["id"])
    assert current["isPaused"] is paused and bool(current["endTime"]) is stopped
    assert dict(events)["idle:resolved"]["choice"] == choice and tracker.idle.pending() is None


def test_a_click_on_the_notification_asks_for_the_prompt_and_keeps_it_pending(working, tracker, notifier, events):
    notifier.shown[0]["on_action"]("default")
    absence = tracker.idle.pending()
    assert absence is not None
    assert [data for channel, data in events if channel == "idle:prompt-requested"] == [
        {"absenceId": absence["absenceId"]}]


def test_without_action_buttons_the_prompt_is_asked_for_in_the_dashboard(tracker, services, dummy, step, notifier,
                                                                          events):
    notifier.supports_actions = False
    services.settings.set("idleThresholdSeconds", 10)
    services.activities.start({"name": "Report"})
    dummy.show("code", "a")
    dummy.idle = 30
    step()
    dummy.idle = 0
    step()
    assert [c for c, _ in events].count("idle:prompt-requested") == 1 and len(notifier.shown) == 1


def test_no_prompt_when_no_activity_runs(tracker, services, dummy, step, events, notifier):
    services.settings.set("idleThresholdSeconds", 10)
    dummy.show("code", "a")
    dummy.idle = 30
    step()
    dummy.idle = 0
    step()
    assert names(events) == ["idle:started", "idle:returned"]
    assert dict(events)["idle:returned"]["pending"] is False
    assert notifier.shown == [] and tracker.idle.pending() is None


def test_a_suspend_is_idle_from_the_last_tick(tracker, services, dummy, step, clock, notifier):
    services.settings.set("idleThresholdSeconds", 300)
    activity = services.activities.start({"name": "Work"})
    dummy.show("code", "a")
    step(times=10)
    last_tick = clock.now()
    step(seconds=3 * 3600)  # the lid was closed: the wall clock jumps, the X idle counter did not run
    current = services.activities.get(activity["id"])
    assert current["isPaused"] and from_iso(current["pauseStartTime"]) == last_tick
    assert len(notifier.shown) == 1 and "3 h 00 min" in notifier.shown[0]["body"]
    spans = tracker.timeline.get(last_tick - timedelta(hours=1), clock.now())
    assert sum(s["duration"] for s in spans) <= 11000  # the sleep is not in the timeline


def test_a_meeting_app_counts_as_active_without_input(tracker, services, dummy, step):
    services.settings.set("idleThresholdSeconds", 10)
    activity = services.activities.start({"name": "Standup"})
    dummy.show("zoom", "Zoom Meeting")
    for _ in range(30):
        dummy.idle += 1
        step()
    assert not services.activities.get(activity["id"])["isPaused"]
    assert tracker.status()["idle"] is False


def test_a_paused_activity_is_not_touched(tracker, services, dummy, step, notifier):
    services.settings.set("idleThresholdSeconds", 10)
    activity = services.activities.start({"name": "Work"})
    services.activities.pause(activity["id"])
    dummy.show("code", "a")
    dummy.idle = 20
    step()
    dummy.idle = 0
    step()
    assert notifier.shown == []
    with pytest.raises(ConflictError):
        services.activities.pause(activity["id"])


def test_reminders_see_the_user_away_exactly_while_the_absence_lasts(tracker, services, dummy, step):
    services.settings.set("idleThresholdSeconds", 10)
    services.activities.start({"name": "Report"})
    dummy.show("code", "a")
    step()
    assert services.presence.away is False
    dummy.idle = 30
    step()
    assert services.presence.away is True
    dummy.idle = 0
    step()
    assert services.presence.away is False and tracker.idle.pending() is not None
