"""Every channel of the domain: the registry builder (the events are listed in core.events)."""

from __future__ import annotations

from collections.abc import Callable

from ..core.services import Services
from . import activity, analytics, app, catalogs, exchange, focus, quickentry, settings
from .registry import Registry

def build_registry(services: Services, info: Callable[[], dict]) -> Registry:
    """Register every channel of the domain; adapters add their own (tracker, integrations) after."""
    registry = Registry()
    for area in (activity, catalogs, settings, analytics, exchange, focus, quickentry):
        area.register(registry, services)
    app.register(registry, info)
    return registry
