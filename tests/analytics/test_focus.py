"""Focus sessions on a fake clock: work and break phases, the long break, do-not-disturb, stopping."""

from __future__ import annotations

import threading
import time
from datetime import datetime

import pytest
from support import wait_until

from lighttrack.core.analytics.service import PRIME_DAYS
from lighttrack.core.timing.ticker import Ticker
from lighttrack.errors import ConflictError


def record(services):
    seen = []
    services.ctx.bus.subscribe(lambda channel, data: seen.append((channel, data)))
    return seen


def test_a_work_phase_ends_in_a_break_with_a_notification(services, clock):
    seen = record(services)
    status = services.focus.start({"name": "Write chapter"})
    running = services.activities.running()
    assert running["tags"] == ["focus"] and running["name"] == "Write chapter"
    assert (status["phase"], status["remainingMs"], services.focus.do_not_disturb) == ("work", 25 * 60_000, True)
    clock.advance(minutes=24, seconds=59)
    services.focus.tick()
    assert services.focus.status()["phase"] == "work"
    clock.advance(seconds=1)
    services.focus.tick()
    status = services.focus.status()
    assert (status["phase"], status["completedPomodoros"], services.focus.do_not_disturb) == ("shortBreak", 1, False)
    assert services.activities.running()["isPaused"] is True
    assert ("focus:break-started" in [c for c, _ in seen])
    assert [d["title"] for c, d in seen if c == "show-notification"] == ["Time for a break"]
    clock.advance(minutes=5)
    services.focus.tick()
    assert services.focus.status()["phase"] == "work"
    assert services.activities.running()["isPaused"] is False
    assert [d["title"] for c, d in seen if c == "show-notification"][-1] == "Break is over"
    clock.advance(minutes=10)
    assert services.activities.running()["duration"] == 35 * 60_000  # the break is not worked time


def test_every_fourth_break_is_long(services, clock):
    services.settings.set("longBreakEvery", 2)
    services.focus.start()
    phases = []
    for _ in range(4):
        clock.current = _end(services)
        services.focus.tick()
        phases.append((services.focus.status()["phase"], services.focus.status()["remainingMs"] // 60_000))
    assert phases == [("shortBreak", 5), ("work", 25), ("longBreak", 15), ("work", 25)]


def _end(services):
    return datetime.fromisoformat(services.focus.status()["phaseEndsAt"])


def test_stop_ends_the_session_and_its_activity(services, clock):
    seen = record(services)
    services.focus.start()
    clock.advance(minutes=3)
    ended = services.focus.stop()
    assert ended["active"] is False and services.activities.running() is None
    assert [c for c, _ in seen].count("focus:stopped") == 1
    with pytest.raises(ConflictError):
        services.focus.stop()


def test_stopping_the_activity_elsewhere_ends_the_session(services, clock):
    seen = record(services)
    services.focus.start()
    clock.advance(minutes=3)
    services.activities.start({"name": "Something else"})
    assert services.focus.status()["active"] is False
    assert "focus:stopped" in [c for c, _ in seen]


def test_skip_and_double_start(services, clock):
    services.focus.start()
    with pytest.raises(ConflictError):
        services.focus.start()
    assert services.focus.skip()["phase"] == "shortBreak"
    assert services.focus.skip()["phase"] == "work"


def test_focus_channels_validate_options(services):
    from lighttrack.channels.catalog import build_registry
    registry = build_registry(services, lambda: {})
    refused = registry.dispatch("focus:start", [{"minutes": 5}])
    assert refused["code"] == "VALIDATION_ERROR" and "'minutes'" in refused["error"]
    assert registry.dispatch("focus:start", [{"tags": ["deep"]}])["data"]["phase"] == "work"
    assert services.activities.running()["tags"] == ["deep", "focus"]
    assert registry.dispatch("focus:getStatus", [])["data"]["doNotDisturb"] is True
    assert registry.dispatch("focus:stop", [])["success"]


def test_the_ticker_thread_runs_and_stops():
    ticked = threading.Event()
    failing = Ticker([lambda: 1 / 0, ticked.set], interval=0.01)
    failing.start()
    assert ticked.wait(2)  # an error in one callback does not stop the others
    failing.stop()
    assert failing._thread is None


def test_the_ticker_wakes_each_second_only_while_a_session_runs(services):
    assert services.focus.tick_every() == 15.0  # reminders and goals count minutes
    services.focus.start()
    assert services.focus.tick_every() == 1.0  # a phase may end any second
    services.focus.stop()
    assert services.focus.tick_every() == 15.0


def test_the_ticker_asks_its_interval_after_each_round():
    asked, rounds = [], threading.Event()
    intervals = iter([0.01, 0.02, 60.0])

    def interval() -> float:
        asked.append(True)
        return next(intervals)
    ticker = Ticker([lambda: rounds.set() if len(asked) == 2 else None], interval)
    ticker.start()
    assert rounds.wait(2)  # two short answers, two rounds
    wait_until(lambda: len(asked) == 3, timeout=2)  # the third answer (a minute) keeps it asleep...
    started = time.monotonic()
    ticker.stop()
    assert time.monotonic() - started < 1  # ...until stopped


def test_the_ticker_primes_the_analytics_cache_at_start(berlin, berlin_clock):
    berlin.activities.add({"name": "Earlier", "startTime": "2024-04-01T09:00:00+02:00", "duration": 60_000})
    assert len(berlin.reports.cache) == 0
    primed = threading.Event()
    ticker = Ticker([], interval=60, startup=[berlin.reports.prime, primed.set])
    ticker.start()
    assert primed.wait(5)
    ticker.stop()
    assert len(berlin.reports.cache) == PRIME_DAYS
