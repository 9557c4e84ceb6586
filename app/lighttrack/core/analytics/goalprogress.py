"""Goal progress, computed live from the analytics periods; a reached goal is recorded once per period."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from . import figures
from ..context import Context
from ..records.goals import GoalService
from ..records.shapes import Goal
from .service import ReportService
from ..records.settings import SettingsService
from ..timing.isotime import to_local

log = logging.getLogger(__name__)

CHECK_EVENTS = {"activity:stopped", "activity:updated", "activities:merged", "activity:split", "activity:deleted",
                "activities:imported", "goal:created", "goal:updated"}


def current_period(goal: Mapping[str, Any], today: date, week_starts_on: str) -> tuple[date, date]:
    """The days a goal counts right now: today, this week, this month, or its own dates (project goals)."""
    kind = goal["type"]
    if kind == "daily":
        return today, today
    if kind == "weekly":
        offset = (today.weekday() + (1 if week_starts_on == "sunday" else 0)) % 7
        return today - timedelta(days=offset), today - timedelta(days=offset) + timedelta(days=6)
    if kind == "monthly":
        first = today.replace(day=1)
        return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return date.fromisoformat(goal["startDate"]), date.fromisoformat(goal["endDate"]) if goal.get("endDate") else today


def judged_period(goal: Mapping[str, Any], today: date, week_starts_on: str) -> tuple[date, date] | None:
    """The period whose result may be recorded now: the running one for hours and activities (they only
    grow), the last finished one for a productivity percentage (it moves until the period ends)."""
    first, last = current_period(goal, today, week_starts_on)
    if goal["targetType"] != "productivity":
        return first, last
    if goal["type"] == "project":
        return (first, last) if goal.get("endDate") and last < today else None
    return current_period(goal, first - timedelta(days=1), week_starts_on)


class GoalProgress:
    """goal:getProgress and the completion check.

    Threading contract: thread-safe; `check` runs on the event bus's publishing thread after
    activity changes and on the ticker thread once a minute (for a running timer).
    """

    def __init__(self, ctx: Context, goals: GoalService, reports: ReportService, settings: SettingsService) -> None:
        self._ctx = ctx
        self._goals = goals
        self._reports = reports
        self._settings = settings
        self._lock = threading.Lock()
        self._last_minute: datetime | None = None
        ctx.bus.subscribe(self._on_event)

    def progress(self, goal_id: object = None) -> list[dict[str, Any]] | dict[str, Any]:
        """Progress of one goal, or of every active goal when no id is given."""
        if goal_id is not None:
            return self._progress(self._goals.get(goal_id))
        return [self._progress(g) for g in self._goals.all() if g.get("isActive", True)]

    def check(self) -> list[Goal]:
        """Record the goals reached since the last check; return them."""
        reached = []
        with self._lock:
            for goal in self._goals.all():
                period = self._judged(goal)
                if period is None or goal.get("completedPeriod") == period[0].isoformat():
                    continue
                value = figures.goal_value(goal["targetType"], self._reports.period(*period, goal.get("projectId")))
                if value >= goal["targetValue"]:
                    reached.append(self._complete(goal, period[0], value))
        for goal in reached:
            self._ctx.bus.publish("goal:completed", goal)
            self._ctx.bus.publish("show-notification", {"title": "Goal reached", "body": goal["name"],
                                                        "kind": "goal", "goalId": goal["id"]})
        return reached

    def tick(self) -> None:
        """Called by the ticker; checks once a minute, since a running timer reaches goals without events."""
        minute = self._ctx.now().replace(second=0, microsecond=0)
        if minute != self._last_minute:
            self._last_minute = minute
            self.check()

    def _today(self) -> date:
        return to_local(self._ctx.now(), self._ctx.zone).date()

    def _judged(self, goal: Goal) -> tuple[date, date] | None:
        if not goal.get("isActive", True):
            return None
        period = judged_period(goal, self._today(), self._settings.get("weekStartsOn"))
        if period is None or period[1] < date.fromisoformat(goal["startDate"]):
            return None
        end = goal.get("endDate")
        if end and period[0] > date.fromisoformat(end):
            return None
        return period

    def _progress(self, goal: Goal) -> dict[str, Any]:
        today = self._today()
        first, last = current_period(goal, today, self._settings.get("weekStartsOn"))
        value = figures.goal_value(goal["targetType"], self._reports.period(first, min(last, today), goal.get("projectId")))
        done = goal.get("completedPeriod") == first.isoformat()
        return {
            "goalId": goal["id"], "name": goal["name"], "type": goal["type"], "targetType": goal["targetType"],
            "targetValue": goal["targetValue"], "currentValue": value,
            "percentage": round(min(100.0, value * 100 / goal["targetValue"]), 2),
            "remaining": round(max(0.0, goal["targetValue"] - value), 2),
            "periodStart": first.isoformat(), "periodEnd": last.isoformat(), "projectId": goal.get("projectId"),
            "isCompleted": done, "completedAt": goal.get("completedAt") if done else None,
        }

    def _complete(self, goal: Goal, period_start: date, value: float) -> Goal:
        with self._ctx.store.transaction():
            doc: Goal = {**goal, "isCompleted": True, "completedAt": self._ctx.stamp(), "currentValue": value,
                   "completedPeriod": period_start.isoformat(), "updatedAt": self._ctx.stamp()}
            self._ctx.records.goals.put(goal["id"], doc)
        log.info("goal %s reached for the period from %s", goal["id"], period_start)
        return doc

    def _on_event(self, channel: str, data: object) -> None:
        if channel in CHECK_EVENTS:
            self.check()
