"""Random sequences of activity operations keep the store's invariants (hypothesis state machine)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from lighttrack.errors import LightTrackError
from support import FakeClock, open_services


class ActivityMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="lt-prop-"))
        self.clock = FakeClock()
        self.services = open_services(self.folder, clock=self.clock)
        self.acts = self.services.activities

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _ids(self) -> list[str]:
        return [a["id"] for a in self.acts.every()]

    @rule(name=st.text(min_size=1, max_size=20).filter(str.strip))
    def start(self, name: str) -> None:
        self.acts.start({"name": name})

    @rule(minutes=st.integers(min_value=0, max_value=180))
    def time_passes(self, minutes: int) -> None:
        self.clock.advance(minutes=minutes, seconds=1)

    @rule(data=st.data(), verb=st.sampled_from(["stop", "pause", "resume"]))
    def act_on_one(self, data, verb: str) -> None:
        ids = self._ids()
        if ids:
            try:
                getattr(self.acts, verb)(data.draw(st.sampled_from(ids)))
            except LightTrackError:
                pass  # conflicts are part of the game; they must change nothing

    @precondition(lambda self: len(self._ids()) >= 2)
    @rule(data=st.data())
    def merge(self, data) -> None:
        ids = data.draw(st.lists(st.sampled_from(self._ids()), min_size=2, max_size=3, unique=True))
        before = {a["id"]: a["duration"] for a in self.acts.every()}
        try:
            merged = self.acts.merge(ids)
        except LightTrackError:
            return
        assert merged["duration"] == sum(before[i] for i in ids)

    @rule(data=st.data(), fraction=st.floats(min_value=0.01, max_value=0.99))
    def split(self, data, fraction: float) -> None:
        ids = self._ids()
        if not ids:
            return
        activity = self.acts.get(data.draw(st.sampled_from(ids)))
        from datetime import datetime, timedelta
        start = datetime.fromisoformat(activity["startTime"])
        end = datetime.fromisoformat(activity["endTime"]) if activity["endTime"] else self.clock.now()
        at = start + timedelta(milliseconds=int((end - start).total_seconds() * 1000 * fraction))
        try:
            parts = self.acts.split(activity["id"], at.isoformat())
        except LightTrackError:
            return
        assert sum(p["duration"] for p in parts) == self.acts.public(activity)["duration"] or not activity["endTime"]

    @invariant()
    def durations_are_never_negative(self) -> None:
        for activity in self.acts.every():
            assert activity["duration"] >= 0
            assert activity["pausedDuration"] >= 0
            if activity["endTime"]:
                assert activity["endTime"] >= activity["startTime"]

    @invariant()
    def at_most_one_activity_runs(self) -> None:
        running = [a for a in self.acts.every() if a["endTime"] is None]
        assert len(running) <= 1
        current = self.acts.running()
        assert [a["id"] for a in running] == ([current["id"]] if current else [])


ActivityMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=20, deadline=None,
                                             suppress_health_check=[HealthCheck.too_slow])
test_activity_state_machine = ActivityMachine.TestCase
