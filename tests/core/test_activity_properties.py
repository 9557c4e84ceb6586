"""Random sequences of channel calls keep the store's invariants (hypothesis state machine over the registry)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from lighttrack.channels.catalog import build_registry
from support import FakeClock, open_services


class ActivityMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="lt-prop-"))
        self.clock = FakeClock()
        self.services = open_services(self.folder, clock=self.clock)
        self.registry = build_registry(self.services, dict)

    def call(self, channel: str, *args):
        """Dispatch like the API does; return data, or None for a refusal (which must change nothing)."""
        envelope = self.registry.dispatch(channel, list(args))
        assert envelope["success"] or envelope["code"] in {"CONFLICT", "VALIDATION_ERROR", "NOT_FOUND"}, envelope
        return envelope.get("data")

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _all(self) -> list[dict]:
        return self.call("activity:getFiltered", {"sortOrder": "asc", "limit": 10000})

    def _ids(self) -> list[str]:
        return [a["id"] for a in self._all()]

    @rule(name=st.text(min_size=1, max_size=20).filter(str.strip))
    def start(self, name: str) -> None:
        assert self.call("activity:start", {"name": name})["endTime"] is None

    @rule(minutes=st.integers(min_value=0, max_value=180))
    def time_passes(self, minutes: int) -> None:
        self.clock.advance(minutes=minutes, seconds=1)

    @rule(data=st.data(), verb=st.sampled_from(["stop", "pause", "resume"]))
    def act_on_one(self, data, verb: str) -> None:
        ids = self._ids()
        if ids:
            self.call(f"activity:{verb}", data.draw(st.sampled_from(ids)))

    @precondition(lambda self: len(self._ids()) >= 2)
    @rule(data=st.data())
    def merge(self, data) -> None:
        ids = data.draw(st.lists(st.sampled_from(self._ids()), min_size=2, max_size=3, unique=True))
        before = {a["id"]: a["duration"] for a in self._all()}
        merged = self.call("activity:merge", ids)
        if merged is not None:
            assert merged["duration"] == sum(before[i] for i in ids)

    @rule(data=st.data(), fraction=st.floats(min_value=0.01, max_value=0.99))
    def split(self, data, fraction: float) -> None:
        ids = self._ids()
        if not ids:
            return
        activity = self.call("activity:get", data.draw(st.sampled_from(ids)))
        from datetime import datetime, timedelta
        start = datetime.fromisoformat(activity["startTime"])
        end = datetime.fromisoformat(activity["endTime"]) if activity["endTime"] else self.clock.now()
        at = start + timedelta(milliseconds=int((end - start).total_seconds() * 1000 * fraction))
        parts = self.call("activity:split", activity["id"], at.isoformat())
        if parts is not None and activity["endTime"]:
            assert sum(p["duration"] for p in parts) == activity["duration"]

    @invariant()
    def durations_are_never_negative(self) -> None:
        for activity in self._all():
            assert activity["duration"] >= 0
            assert activity["pausedDuration"] >= 0
            if activity["endTime"]:
                assert activity["endTime"] >= activity["startTime"]

    @invariant()
    def at_most_one_activity_runs(self) -> None:
        running = [a for a in self._all() if a["endTime"] is None]
        assert len(running) <= 1
        current = self.call("activity:getRunning")
        assert [a["id"] for a in running] == ([current["id"]] if current else [])


ActivityMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=25, deadline=None,
                                             suppress_health_check=[HealthCheck.too_slow])
test_activity_state_machine = ActivityMachine.TestCase
