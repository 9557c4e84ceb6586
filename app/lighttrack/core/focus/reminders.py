"""Reminders: "nothing is being tracked" during work hours, and "take a break" after long stretches of work."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any

from ..records.activities import ActivityService
from ..context import Context
from .sessions import FocusService
from ..records.settings import SettingsService
from ..timing.isotime import from_iso, to_local
from ..tracking.presence import Presence


def in_work_hours(moment: datetime, settings: dict[str, Any]) -> bool:
    """True on a work day (ISO weekday 1–7 in workDays) between workHoursStart and workHoursEnd, local time."""
    if moment.isoweekday() not in settings["workDays"]:
        return False
    start, end = time.fromisoformat(settings["workHoursStart"]), time.fromisoformat(settings["workHoursEnd"])
    return start <= moment.time() < end


def stretch_start(activity: Mapping[str, Any]) -> datetime:
    """When the current unbroken stretch of a running activity began (its start or its last resume)."""
    marks = [activity["startTime"]] + [p["end"] for p in activity.get("pauses", []) if p.get("end")]
    return from_iso(max(marks))


class ReminderService:
    """Decides, once per tick, whether to remind; never while idle or during a focus session.

    Threading contract: `tick()` runs on the ticker thread only; `presence` is marked by the tracker's idle flow.
    """

    def __init__(self, ctx: Context, activities: ActivityService, settings: SettingsService, focus: FocusService,
                 presence: Presence) -> None:
        self._ctx = ctx
        self._activities = activities
        self._settings = settings
        self._focus = focus
        self._presence = presence
        self._untracked_since: datetime | None = None
        self._working_since: datetime | None = None

    def tick(self) -> None:
        now = self._ctx.now()
        if self._presence.away or self._focus.status()["active"]:
            self._untracked_since = self._working_since = None
            return
        values = self._settings.get_all()
        running = self._activities.running()
        self._check_untracked(now, running, values)
        self._check_break(now, running, values)

    def _check_untracked(self, now: datetime, running: Mapping[str, Any] | None, values: dict[str, Any]) -> None:
        if running is not None or not values["trackingReminder"] or not in_work_hours(to_local(now, self._ctx.zone), values):
            self._untracked_since = None
            return
        self._untracked_since = self._untracked_since or now
        minutes = values["trackingReminderMinutes"]
        if now - self._untracked_since >= timedelta(minutes=minutes):
            self._untracked_since = now
            self._notify("Nothing is being tracked",
                         f"No timer has run for {minutes} minute{'' if minutes == 1 else 's'}. Start one?", "tracking")

    def _check_break(self, now: datetime, running: Mapping[str, Any] | None, values: dict[str, Any]) -> None:
        if running is None or running["isPaused"] or not values["breakReminder"]:
            self._working_since = None
            return
        self._working_since = self._working_since or stretch_start(running)
        worked = now - self._working_since
        if worked >= timedelta(minutes=values["breakReminderMinutes"]):
            self._working_since = now
            minutes = int(worked.total_seconds() // 60)
            self._notify("Time for a break",
                         f"You have worked for {minutes} minute{'' if minutes == 1 else 's'} without a break.", "break")

    def _notify(self, title: str, body: str, kind: str) -> None:
        self._ctx.bus.publish("reminder:shown", {"kind": kind})
        self._ctx.bus.publish("show-notification", {"title": title, "body": body, "kind": "reminder", "reminder": kind})
