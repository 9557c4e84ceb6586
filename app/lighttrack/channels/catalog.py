"""Every channel and event of the app: the registry builder and the allowed event list."""

from __future__ import annotations

from collections.abc import Callable

from ..core.services import Services
from . import activity, analytics, app, catalogs, exchange, focus, quickentry, settings
from .registry import Registry

EVENTS = (
    "activity:started", "activity:stopped", "activity:updated", "activities:merged", "activity:split",
    "activity:paused", "activity:resumed", "activity:deleted", "show-notification", "theme-changed",
    "sync-status-changed", "settings:changed", "idle:started", "idle:returned",
    "project:created", "project:updated", "project:deleted", "tag:created", "tag:updated", "tag:deleted",
    "category:created", "category:updated", "category:deleted", "goal:created", "goal:updated", "goal:deleted",
    "goal:completed", "focus:started", "focus:stopped", "focus:work-started", "focus:break-started", "reminder:shown",
    "export:completed", "activities:imported", "data:deleted",
    "idle:resolved", "rule:created", "rule:updated", "rule:deleted", "review:changed", "timeline:relabeled",
)


def build_registry(services: Services, info: Callable[[], dict]) -> Registry:
    """Register every channel of the domain; adapters add their own (tracker, integrations) after."""
    registry = Registry()
    for area in (activity, catalogs, settings, analytics, exchange, focus, quickentry):
        area.register(registry, services)
    app.register(registry, info)
    return registry
