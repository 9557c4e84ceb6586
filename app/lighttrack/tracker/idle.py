"""The idle-return flow: pause the running activity at the idle start, ask once when the user returns.

Threading contract: the sampler thread calls `observe`; API threads and the notifier's thread
call `pending`/`resolve`; one re-entrant lock serialises them (re-entrant because the services'
events come back into `_on_event` on the same thread).
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..core.tracking import idlechoices
from ..core.tracking.idlechoices import IDS as CHOICES
from ..core.timing.isotime import from_iso, ms_between, to_iso
from ..core.tracking.presence import Presence
from ..errors import ConflictError, NotFoundError, ValidationError
from .memory import TrackerMemory
from .notify import Notifier, NullNotifier

log = logging.getLogger(__name__)

NOTIFY_ACTIONS = [(choice.id, choice.label) for choice in idlechoices.CHOICES]
OPEN_ACTION = "default"  # a click on the notification's body: the prompt in the dashboard
AWAY_NAME = "Time away"
ABSENCE_KEY = "absence"
PROMPT_EVENT = "idle:prompt-requested"  # the dashboard should show the pending choice (the desktop app opens it)


@dataclass
class Absence:
    id: str
    start: datetime
    activity_id: str | None = None
    pause_start: str | None = None  # the pause we opened, to tell it from one the user made later
    returned_at: datetime | None = None

    def stored(self) -> dict:
        return {"id": self.id, "start": to_iso(self.start), "activityId": self.activity_id,
                "pauseStart": self.pause_start, "returnedAt": to_iso(self.returned_at) if self.returned_at else None}

    @classmethod
    def from_stored(cls, doc: dict) -> Absence:
        returned = doc.get("returnedAt")
        return cls(doc["id"], from_iso(doc["start"]), doc.get("activityId"), doc.get("pauseStart"),
                   from_iso(returned) if returned else None)

    def public(self, activity_name: str | None = None) -> dict:
        away = ms_between(self.start, self.returned_at) if self.returned_at else None
        return {"absenceId": self.id, "idleStart": to_iso(self.start), "activityId": self.activity_id,
                "activityName": activity_name, "returnedAt": to_iso(self.returned_at) if self.returned_at else None,
                "awayMs": away, "awayText": idlechoices.away_text(away) if away is not None else None,
                "title": idlechoices.TITLE,
                "prompt": idlechoices.prompt_text(activity_name, away) if away is not None else None,
                "choices": list(CHOICES) if self.activity_id else []}


class IdleFlow:
    """One absence at a time: started when idle crosses the threshold, pending after the return until resolved."""

    def __init__(self, activities, bus, presence: Presence, choose_notifier: Callable[[], Notifier],
                 memory: TrackerMemory | None = None) -> None:
        self._activities = activities
        self._bus = bus
        self._presence = presence
        self._choose_notifier = choose_notifier
        self.notifier: Notifier = NullNotifier()
        self._memory = memory
        self._lock = threading.RLock()
        self._absence: Absence | None = self._recall()
        presence.mark(self.is_away)
        self._unsubscribe = bus.subscribe(self._on_event)

    def start(self) -> None:
        """Pick the notifier (it may talk to D-Bus: not while the app is still opening)."""
        self.notifier = self._choose_notifier()

    @property
    def is_away(self) -> bool:
        with self._lock:
            return self._absence is not None and self._absence.returned_at is None

    def observe(self, now: datetime, idle_seconds: float, threshold: float, away_since: datetime | None = None,
                locked: bool = False) -> datetime | None:
        """Feed one idle reading; `away_since` says the user was away since then (a suspend or a shutdown ended
        just now), `locked` that the screen is locked (away now, since the last input).

        Return the start of the current absence while the user is away, else None.
        """
        input_at = now - timedelta(seconds=idle_seconds)
        away = locked or idle_seconds >= threshold
        with self._lock:
            absence = self._absence
            if absence is None and (away or away_since is not None):
                absence = self._begin(away_since or input_at)
            elif absence is not None and absence.returned_at is not None and away:
                self._leave_again(absence)  # gone again without answering: still the same absence
            if absence is not None and absence.returned_at is None and not away:
                self._returned(absence, max(input_at, absence.start))
            return absence.start if absence is not None and absence.returned_at is None else None

    def pending(self) -> dict | None:
        """The absence waiting for the user's choice, or None."""
        with self._lock:
            absence = self._absence
            if absence is None or absence.returned_at is None or not self._still_paused(absence):
                return None
            return absence.public(self._activity_name(absence.activity_id))

    def resolve(self, absence_id: str, choice: str) -> dict:
        """Apply the user's choice for the pending absence; return what changed."""
        if choice not in CHOICES:
            raise ValidationError(f"choice must be one of {', '.join(CHOICES)}.")
        with self._lock:
            absence = self._absence
            if absence is None or absence.id != absence_id or absence.returned_at is None:
                raise NotFoundError(f"No pending absence with id {str(absence_id)[:64]!r}.")
            if not self._still_paused(absence):
                self._end(absence)
                raise ConflictError("The activity was already resumed or stopped; nothing to decide.")
            self._end(absence)
            result = self._apply(absence, choice)
        self._bus.publish("idle:resolved", {"absenceId": absence.id, "choice": choice})
        return result

    def stop(self) -> None:
        self._unsubscribe()
        self.notifier.stop()

    # -- steps -------------------------------------------------------------------------
    def _begin(self, start: datetime) -> Absence:
        absence = Absence(secrets.token_hex(8), start)
        running = self._activities.running()
        if running is not None and not running["isPaused"]:
            paused = self._activities.pause(running["id"], at=start)
            absence.activity_id, absence.pause_start = paused["id"], paused["pauseStartTime"]
            absence.start = from_iso(paused["pauseStartTime"])
        self._absence = absence
        self._remember(absence)
        self._bus.publish("idle:started", {"absenceId": absence.id, "idleStart": to_iso(absence.start),
                                           "activityId": absence.activity_id})
        return absence

    def _returned(self, absence: Absence, at: datetime) -> None:
        absence.returned_at = at
        info = absence.public(self._activity_name(absence.activity_id))
        if absence.activity_id is None:
            self._end(absence)  # no activity ran: nothing to ask
        else:
            self._remember(absence)
        self._bus.publish("idle:returned", {**info, "pending": absence.activity_id is not None})
        if absence.activity_id is not None:
            self._ask(absence.id, info)

    def _ask(self, absence_id: str, info: dict) -> None:
        """The prompt as a notification: the four choices as buttons, or the dashboard's prompt where there are none."""
        if not self.notifier.supports_actions:
            self._bus.publish(PROMPT_EVENT, {"absenceId": absence_id})
        try:
            self.notifier.show(absence_id, info["title"], info["prompt"], [*NOTIFY_ACTIONS, (OPEN_ACTION, "Open LightTrack")],
                               lambda action: self._on_action(absence_id, action))
        except Exception as exc:  # a notification server that fails must not stop tracking
            log.warning("could not show the welcome-back notification: %s", exc)

    def _leave_again(self, absence: Absence) -> None:
        absence.returned_at = None
        self._remember(absence)
        self.notifier.close(absence.id)

    def _end(self, absence: Absence) -> None:
        if self._absence is absence:
            self._absence = None
            self._remember(None)
        self.notifier.close(absence.id)

    def _apply(self, absence: Absence, choice: str) -> dict:
        activity_id, added = absence.activity_id, None
        if choice == "stop":
            activity = self._activities.stop(activity_id)
            if absence.pause_start > activity["startTime"]:
                activity = self._activities.update(activity_id, {"endTime": absence.pause_start})
        else:
            activity = self._activities.resume(activity_id, discard_pause=choice != "keep", at=absence.returned_at)
        if choice == "newActivity" and absence.returned_at is not None and absence.returned_at > absence.start:
            added = self._activities.add({"name": AWAY_NAME, "projectId": activity["projectId"],
                                          "startTime": absence.pause_start, "endTime": to_iso(absence.returned_at),
                                          "metadata": {"idleOf": activity_id}})
        return {"absenceId": absence.id, "choice": choice, "activity": activity, "added": added}

    # -- callbacks ------------------------------------------------------------------------
    def _on_action(self, absence_id: str, action: str) -> None:
        if action not in CHOICES:
            self._bus.publish(PROMPT_EVENT, {"absenceId": absence_id})
            return
        try:
            self.resolve(absence_id, action)
        except (NotFoundError, ConflictError):
            pass  # already decided elsewhere (dashboard, tray)

    def _on_event(self, channel: str, data) -> None:
        """Drop the absence when its activity is resumed, stopped or deleted by other means."""
        if channel not in ("activity:resumed", "activity:stopped", "activity:deleted"):
            return
        with self._lock:
            absence = self._absence
            if absence is not None and isinstance(data, dict) and data.get("id") == absence.activity_id:
                self._end(absence)

    def _still_paused(self, absence: Absence) -> bool:
        try:
            activity = self._activities.get(absence.activity_id)
        except NotFoundError:
            return False
        return not activity.get("endTime") and activity.get("pauseStartTime") == absence.pause_start

    def _activity_name(self, activity_id: str | None) -> str | None:
        if activity_id is None:
            return None
        try:
            return self._activities.get(activity_id)["name"]
        except NotFoundError:
            return None

    # -- surviving a restart -------------------------------------------------------------
    def _remember(self, absence: Absence | None) -> None:
        self._presence.mark(absence is not None and absence.returned_at is None)
        if self._memory is not None:
            self._memory.put(ABSENCE_KEY, absence.stored() if absence is not None else None)

    def _recall(self) -> Absence | None:
        """The absence a previous run left open or unanswered, if its activity is still paused by it."""
        memory = self._memory
        stored = memory.get(ABSENCE_KEY) if memory is not None else None
        if memory is None or not stored:
            return None
        absence = Absence.from_stored(stored)
        if absence.activity_id is not None and not self._still_paused(absence):
            memory.put(ABSENCE_KEY, None)
            return None
        return absence
