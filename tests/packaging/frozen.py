"""Helpers of the packaging tests."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def binary_env(config_home: Path) -> dict:
    """The environment a binary run gets: the file key store, no display or bus, its own XDG_CONFIG_HOME."""
    env = {**os.environ, "LIGHTTRACK_KEYRING": "file", "XDG_CONFIG_HOME": str(config_home)}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "LIGHTTRACK_DATA_DIR", "LIGHTTRACK_PORT",
                 "PYSTRAY_BACKEND"):
        env.pop(name, None)
    return env
