"""Focus sessions (Pomodoro): work phases on a timer tagged `focus`, short and long breaks, do-not-disturb."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from ...errors import ConflictError, NotFoundError
from .. import validate
from ..records.activities import ActivityService
from ..context import Context
from ..records.settings import SettingsService
from ..timing.isotime import from_iso, ms_between, to_iso

FOCUS_TAG = "focus"
QUIET_TICK_SECONDS = 15.0  # without a session, what the ticker drives counts minutes (reminders, goals)
OPTIONS = {"name", "projectId", "tags", "categoryId"}
ENDING_EVENTS = {"activity:stopped", "activity:deleted"}
MESSAGES = {
    "shortBreak": ("Time for a break", "Focus session done. Take {minutes} minutes off."),
    "longBreak": ("Time for a long break", "{count} focus sessions done. Take {minutes} minutes off."),
    "work": ("Break is over", "Back to focus for {minutes} minutes."),
}


class FocusService:
    """Starts and stops focus sessions and moves them through their phases.

    A phase holds while the user is away (the tracker's `idle:started` … `idle:returned`/`idle:resolved`): it stops
    counting at the idle start, like the session's activity, and never moves on to the next phase until the user
    is back, when it goes on with the time it had left.

    Threading contract: thread-safe. `tick()` is called by the ticker thread (once a second) and
    moves to the next phase when the current one is over; events and notifications are published
    on the calling thread. `do_not_disturb` may be read from any thread.
    """

    def __init__(self, ctx: Context, activities: ActivityService, settings: SettingsService) -> None:
        self._ctx = ctx
        self._activities = activities
        self._settings = settings
        self._lock = threading.RLock()
        self._state: dict[str, Any] | None = None
        ctx.bus.subscribe(self._on_event)

    @property
    def do_not_disturb(self) -> bool:
        """True during the work phase of a session: notifications and chat statuses should stay quiet."""
        state = self._state
        return state is not None and state["phase"] == "work"

    def status(self) -> dict[str, Any]:
        with self._lock:
            state = self._state
            if state is None:
                return _ended({"completedPomodoros": 0})
            counted_to = from_iso(state["heldAt"]) if state.get("heldAt") else self._ctx.now()
            remaining = max(0, ms_between(counted_to, from_iso(state["phaseEndsAt"])))
            return {"active": True, **state, "held": bool(state.get("heldAt")), "remainingMs": remaining,
                    "doNotDisturb": state["phase"] == "work"}

    def start(self, options: object = None) -> dict[str, Any]:
        """Start a session: a running activity tagged `focus` and a work phase of pomodoroMinutes."""
        options = validate.obj(options or {}, "options")
        validate.only(options, OPTIONS, "options")
        with self._lock:
            if self._state is not None:
                raise ConflictError("A focus session is already running.")
            tags = validate.names(options.get("tags", []), "options.tags")
            data = {**options, "name": options.get("name", "Focus session"), "tags": [*tags, FOCUS_TAG]}
            activity = self._activities.start(data)
            now = self._ctx.now()
            state: dict[str, Any] = {"activityId": activity["id"], "startedAt": to_iso(now), "completedPomodoros": 0}
            self._state = state
            self._enter(state, "work", now)
        status = self.status()
        self._ctx.bus.publish("focus:started", status)
        return status

    def stop(self) -> dict[str, Any]:
        """End the session and stop its activity."""
        with self._lock:
            if self._state is None:
                raise ConflictError("No focus session is running.")
            state, self._state = self._state, None
            self._quietly(self._activities.stop, state["activityId"])
        ended = _ended(state)
        self._ctx.bus.publish("focus:stopped", ended)
        return ended

    def skip(self) -> dict[str, Any]:
        """End the current phase now (skip a break, or take the break early)."""
        with self._lock:
            if self._state is None:
                raise ConflictError("No focus session is running.")
            self._state.pop("heldAt", None)  # asking to skip is being back
            self._advance(self._state, self._ctx.now())
        return self.status()

    def tick_every(self) -> float:
        """How soon the ticker should come back: each second while a session runs (a phase may end)."""
        return 1.0 if self._state is not None else QUIET_TICK_SECONDS

    def tick(self) -> None:
        with self._lock:
            now = self._ctx.now()
            state = self._state
            if state is not None and not state.get("heldAt") and now >= from_iso(state["phaseEndsAt"]):
                self._advance(state, now)

    def _hold(self, since: datetime) -> None:
        """The user is away since `since`: the phase stops counting there."""
        with self._lock:
            state = self._state
            if state is not None and not state.get("heldAt"):
                state["heldAt"] = to_iso(min(max(since, from_iso(state["phaseStartedAt"])), self._ctx.now()))

    def _release(self) -> None:
        """The user is back: the phase goes on with the time it had left at the idle start."""
        with self._lock:
            state = self._state
            if state is None or not state.get("heldAt"):
                return
            now = self._ctx.now()
            state["phaseEndsAt"] = to_iso(now + (from_iso(state["phaseEndsAt"]) - from_iso(state.pop("heldAt"))))

    def _advance(self, state: dict[str, Any], now: datetime) -> None:
        if state["phase"] == "work":
            state["completedPomodoros"] += 1
            long_break = state["completedPomodoros"] % self._settings.get("longBreakEvery") == 0
            self._quietly(self._activities.pause, state["activityId"])
            phase = "longBreak" if long_break else "shortBreak"
        else:
            self._quietly(self._activities.resume, state["activityId"])
            phase = "work"
        minutes = self._enter(state, phase, now)
        title, body = MESSAGES[phase]
        body = body.format(minutes=minutes, count=state["completedPomodoros"])
        status = self.status()
        self._ctx.bus.publish("focus:work-started" if phase == "work" else "focus:break-started", status)
        self._ctx.bus.publish("show-notification", {"title": title, "body": body, "kind": "focus"})

    def _enter(self, state: dict[str, Any], phase: str, now: datetime) -> int:
        key = {"work": "pomodoroMinutes", "shortBreak": "breakMinutes", "longBreak": "longBreakMinutes"}[phase]
        minutes: int = self._settings.get(key)
        state.update(phase=phase, phaseStartedAt=to_iso(now), phaseEndsAt=to_iso(now + timedelta(minutes=minutes)))
        return minutes

    @staticmethod
    def _quietly(action: Callable[[str], object], activity_id: str) -> None:
        """Pause, resume or stop the session's activity; the user may already have done it."""
        try:
            action(activity_id)
        except (ConflictError, NotFoundError):
            pass

    def _on_event(self, channel: str, data: Any) -> None:
        """Hold the phase while the user is away; end the session when its activity is stopped or deleted elsewhere."""
        if channel == "idle:started":
            self._hold(from_iso(data["idleStart"]))
        elif self._back(channel, data):
            self._release()
        if channel not in ENDING_EVENTS:
            return
        with self._lock:
            if self._state is None or data.get("id") != self._state["activityId"]:
                return
            state, self._state = self._state, None
        self._ctx.bus.publish("focus:stopped", _ended(state))


    def _back(self, channel: str, data: dict[str, Any]) -> bool:
        """The user answered the idle prompt, came back with nothing to ask, or resumed the session's activity."""
        state = self._state
        return (channel == "idle:resolved" or (channel == "idle:returned" and not data.get("pending"))
                or (channel == "activity:resumed" and state is not None and data.get("id") == state["activityId"]))


def _ended(state: dict[str, Any]) -> dict[str, Any]:
    return {"active": False, "phase": None, "doNotDisturb": False, "completedPomodoros": state["completedPomodoros"]}
