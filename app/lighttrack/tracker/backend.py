"""The platform backends behind two small interfaces, chosen once.

Each private module (`_x11`, `_gnome`, `_logind`, `_win32`, `_darwin`, `_presence_dbus`, `_dummy`) imports its
native library at the top, so ImportError means "not on this platform", and offers `window_source()`,
`idle_source()` and/or `presence_source()`, which raise `Unavailable` with a reason when the platform is right but the desktop
isn't. `LIGHTTRACK_TRACKER_BACKEND` (e.g. `dummy`, `x11`) forces one module.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from ..core.tracking.window import Window
from .presence import PresenceSource

log = logging.getLogger(__name__)

ENV_OVERRIDE = "LIGHTTRACK_TRACKER_BACKEND"
CANDIDATES = ("_x11", "_gnome", "_kwin", "_wayland_idle", "_logind", "_win32", "_darwin", "_presence_dbus")
KINDS = ("window", "idle", "presence")


class Unavailable(Exception):
    """This backend can't work in this session; the message says why."""


@dataclass(frozen=True)
class IdleReading:
    seconds: float
    locked: bool = False  # the screen is locked or blanked (counts as no input)


class WindowSource(Protocol):
    name: str

    def active(self) -> Window | None: ...


class IdleSource(Protocol):
    name: str

    def read(self) -> IdleReading | None: ...


@dataclass
class Desktop:
    """The sources chosen for this session, and why the others were refused."""

    window: WindowSource | None = None
    idle: IdleSource | None = None
    presence: PresenceSource | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def can_track_windows(self) -> bool:
        return self.window is not None

    @property
    def can_detect_idle(self) -> bool:
        return self.idle is not None


def _modules(env: Mapping[str, str]) -> list[str]:
    forced = env.get(ENV_OVERRIDE, "").strip().lower()
    return [f"_{forced}"] if forced else list(CANDIDATES)


def choose_desktop(env: Mapping[str, str] | None = None) -> Desktop:
    """Pick the first window source and the first idle source that work here."""
    found = os.environ if env is None else env
    desktop = Desktop()
    for name in _modules(found):
        try:
            module = importlib.import_module(f".{name}", __package__)
        except ImportError:
            continue
        for kind in KINDS:
            if getattr(desktop, kind) is None and hasattr(module, f"{kind}_source"):
                setattr(desktop, kind, _try(module, kind, found, desktop.notes))
    return desktop


def _try(module, kind: str, env, notes: list[str]):
    try:
        return getattr(module, f"{kind}_source")(env)
    except Unavailable as exc:
        notes.append(f"{module.__name__.rsplit('.', 1)[-1].lstrip('_')} {kind}: {exc}")
    except Exception as exc:  # a broken native library must not stop the app
        log.warning("%s %s source failed to start: %s", module.__name__, kind, exc)
        notes.append(f"{module.__name__.rsplit('.', 1)[-1].lstrip('_')} {kind}: failed ({type(exc).__name__})")
    return None
