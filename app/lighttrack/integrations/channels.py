"""integration:*, jira:*, github:* and calendar:* channels over the integration manager."""

from __future__ import annotations

from ..channels.params import ANY, ID, OBJ, TEXT, Param
from ..channels.registry import Registry
from ..core.integrations.external import per_project_per_day
from ..core.timing.isotime import parse_time
from ..errors import ValidationError
from .base import Work
from .jira import WORKLOG


def _name(value: object, field: str) -> str:
    if not isinstance(value, str) or not value or len(value) > 64:
        raise ValidationError(f"{field} must be an integration name such as 'jira'.")
    return value


def register(registry: Registry, manager) -> None:
    """Register the channels of every integration."""
    name = Param("name", _name)
    registry.register("integration:list", manager.list)
    registry.register("integration:getStatus", manager.status, name)
    registry.register("integration:connect", manager.connect, name, OBJ("config"))
    registry.register("integration:disconnect", manager.disconnect, name)
    registry.register("integration:test", manager.test, name)
    registry.register("integration:syncNow", manager.sync_now, Param("name", _name, required=False))
    registry.register("integration:getTimeline", lambda start, end: _timeline(manager, start, end),
                      TEXT("startISO"), TEXT("endISO"))
    registry.register("jira:getProjects", manager.integrations["jira"].projects)
    registry.register("jira:linkIssue", lambda activity_id, key: _link(manager, activity_id, key), ID("activityId"),
                      ANY("issueKey"))
    registry.register("github:getCommitsPerProjectPerDay", lambda start, end: _commits(manager, start, end),
                      TEXT("startISO"), TEXT("endISO"))
    registry.register("calendar:getEvents", lambda start, end: _meetings(manager, start, end),
                      TEXT("startISO"), TEXT("endISO"))
    registry.register("calendar:toActivity", manager.integrations["calendar"].to_activity, ID("eventId"))


def _window(manager, start: str, end: str):
    zone = manager.services.ctx.zone
    return parse_time(start, "startISO", zone), parse_time(end, "endISO", zone)


def _timeline(manager, start: str, end: str) -> list[dict]:
    """Commits, pull requests and meetings in the window, for the timeline view."""
    return manager.integrations["github"].items.between(*_window(manager, start, end))


def _commits(manager, start: str, end: str) -> list[dict]:
    items = manager.integrations["github"].items.between(*_window(manager, start, end))
    return per_project_per_day(items, "commit", manager.services.ctx.zone)


def _meetings(manager, start: str, end: str) -> list[dict]:
    items = manager.integrations["calendar"].items.between(*_window(manager, start, end))
    return [i for i in items if i["kind"] == "meeting"]


def _link(manager, activity_id: str, key: object) -> dict:
    linked = manager.integrations["jira"].link(activity_id, key)
    if manager.connections.get("jira")["connected"]:
        manager.enqueue("jira", Work(WORKLOG, {"activityId": activity_id}, key=f"{WORKLOG}:{activity_id}"))
    return linked
