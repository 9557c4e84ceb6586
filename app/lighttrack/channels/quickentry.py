"""activity:parse and activity:quickAdd: one typed line into an activity (CONTRACT.md, "Quick entry")."""

from __future__ import annotations

from ..core.services import Services
from .params import OBJ, TEXT
from .registry import Registry


def register(registry: Registry, services: Services) -> None:
    quick = services.quick_entry
    registry.register("activity:parse", quick.parse, TEXT("text"), OBJ("options", required=False))
    registry.register("activity:quickAdd", quick.quick_add, TEXT("text"), OBJ("options", required=False))
