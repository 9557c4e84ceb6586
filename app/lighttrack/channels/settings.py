"""settings:* channels."""

from __future__ import annotations

from ..core.services import Services
from .params import ANY, TEXT
from .registry import Registry


def register(registry: Registry, services: Services) -> None:
    registry.register("settings:get", services.settings.get, TEXT("key"))
    registry.register("settings:set", services.settings.set, TEXT("key"), ANY("value"))
    registry.register("settings:getAll", services.settings.get_all)
    registry.register("settings:describe", services.settings.describe)
    registry.register("settings:getSchema", services.settings.describe)
