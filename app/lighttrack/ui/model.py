"""The tray's view of the app: its state read through the channel registry, and what its items do."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from ..channels.registry import Registry
from ..errors import LightTrackError

log = logging.getLogger(__name__)

RECENT_DAYS = 30
RECENT_COUNT = 5


@dataclass(frozen=True)
class TrayState:
    """What the tray shows; built from the channels by `read_state`."""

    running: dict | None = None
    recent: tuple[dict, ...] = ()
    projects: tuple[dict, ...] = ()
    idle: bool = False
    idle_pending: dict | None = None
    focus: dict | None = None
    can_focus: bool = False
    tracking_paused: bool = False
    sync_error: str | None = None

    @property
    def mode(self) -> str:
        """One of stopped / running / paused / idle / focus, for the icon."""
        if self.focus:
            return "focus"
        if self.idle or self.idle_pending:
            return "idle"
        if self.running is None:
            return "stopped"
        return "paused" if self.running["isPaused"] else "running"


class Calls:
    """Channel calls from inside the app process, unwrapped: data back, or LightTrackError with the sentence."""

    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    def has(self, channel: str) -> bool:
        return channel in self._registry.names()

    def __call__(self, channel: str, *args: object) -> object:
        envelope = self._registry.dispatch(channel, list(args))
        if not envelope["success"]:
            raise LightTrackError(envelope["error"])
        return envelope["data"]


def read_state(calls: Calls, today: date | None = None, lists_from: TrayState | None = None) -> TrayState:
    """Everything the tray shows; optional areas (idle, focus) only where their channels exist. The recent
    activities and the projects are taken from `lists_from` when given: reading them is most of the cost, and
    they change only with an activity or project event."""
    running = calls("activity:getRunning")
    status = calls("tracker:getStatus") if calls.has("tracker:getStatus") else {}
    focus = calls("focus:getStatus") if calls.has("focus:getStatus") else {}
    sync = calls("sync:getStatus") if calls.has("sync:getStatus") else {}
    recent = lists_from.recent if lists_from else _recent(calls, running, today or date.today())
    projects = lists_from.projects if lists_from else tuple(p for p in calls("project:getAll")
                                                            if not p.get("isArchived"))
    return TrayState(running=running, recent=recent, projects=projects,
                     idle=bool(status.get("idle")),
                     idle_pending=calls("idle:getPending") if calls.has("idle:getPending") else None,
                     focus=focus if focus.get("active") else None,
                     can_focus=calls.has("focus:start"),
                     tracking_paused=bool(calls("settings:get", "trackingPaused")),
                     sync_error=sync.get("lastError"))


def _recent(calls: Calls, running: dict | None, today: date) -> tuple[dict, ...]:
    """The last distinct (name, project) pairs of the past month, the running one left out."""
    since = (today - timedelta(days=RECENT_DAYS)).isoformat()
    seen = {(running["name"], running.get("projectId"))} if running else set()
    recent = []
    for activity in calls("activity:getFiltered", {"startDate": since, "limit": 200}):
        key = (activity["name"], activity.get("projectId"))
        if key not in seen:
            seen.add(key)
            recent.append(activity)
        if len(recent) == RECENT_COUNT:
            break
    return tuple(recent)


class TrayActions:
    """The menu's actions (see menu.Actions). Each is a boundary: failures are logged, never raised into the tray."""

    def __init__(self, calls: Calls, show: Callable[[str | None], object], quit_app: Callable[[], None]) -> None:
        self._calls = calls
        self._show = show
        self._quit = quit_app

    def start_new(self) -> None:
        self._show("quick")  # the dashboard's quick-entry page: one line, focused

    def stop(self) -> None:
        self._on_running("activity:stop")

    def pause(self) -> None:
        self._on_running("activity:pause")

    def resume(self) -> None:
        self._on_running("activity:resume")

    def continue_activity(self, activity: dict) -> None:
        data = {"name": activity["name"], "tags": activity.get("tags", [])}
        if activity.get("projectId"):
            data["projectId"] = activity["projectId"]
        self._guarded("activity:start", data)

    def switch_project(self, project_id: str) -> None:
        running = self._guarded("activity:getRunning")
        if running:
            self._guarded("activity:update", running["id"], {"projectId": project_id})

    def resolve_idle(self, absence_id: str, choice: str) -> None:
        self._guarded("idle:resolve", absence_id, choice)

    def start_focus(self) -> None:
        self._guarded("focus:start")

    def end_focus(self) -> None:
        self._guarded("focus:stop")

    def set_tracking_paused(self, paused: bool) -> None:
        self._guarded("settings:set", "trackingPaused", paused)

    def open_dashboard(self) -> None:
        self._show(None)

    def open_settings(self) -> None:
        self._show("settings")

    def open_sync(self) -> None:
        self._show("sync")

    def quit(self) -> None:
        self._quit()

    def _on_running(self, channel: str) -> None:
        running = self._guarded("activity:getRunning")
        if running:
            self._guarded(channel, running["id"])

    def _guarded(self, channel: str, *args: object) -> object:
        try:
            return self._calls(channel, *args)
        except LightTrackError as exc:
            log.warning("tray: %s refused: %s", channel, exc)
        except Exception:
            log.exception("tray: %s failed", channel)
        return None
