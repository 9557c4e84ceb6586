"""app:* channels: version and where things live (for the settings view and scripts)."""

from __future__ import annotations

import sys
from collections.abc import Callable

from .. import __version__
from .registry import Registry


def register(registry: Registry, info: Callable[[], dict]) -> None:
    registry.register("app:getVersion", lambda: __version__)
    registry.register("app:getPlatform", lambda: sys.platform)
    registry.register("app:getInfo", info)
