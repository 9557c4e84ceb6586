"""focus:* channels: Pomodoro focus sessions."""

from __future__ import annotations

from ..core.services import Services
from .params import OBJ
from .registry import Registry


def register(registry: Registry, services: Services) -> None:
    focus = services.focus
    registry.register("focus:start", focus.start, OBJ("options", required=False))
    registry.register("focus:stop", focus.stop)
    registry.register("focus:skip", focus.skip)
    registry.register("focus:getStatus", focus.status)
