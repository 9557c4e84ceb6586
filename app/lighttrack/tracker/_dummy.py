"""A scripted desktop for tests and headless runs: the test sets the window and the idle seconds."""

from __future__ import annotations

from ..core.tracking.window import Window
from .backend import IdleReading


class DummyDesktop:
    """Both sources in one object; with `LIGHTTRACK_TRACKER_BACKEND=dummy` it reports no window and no idle."""

    name = "dummy (scripted)"

    def __init__(self, window: Window | None = None, idle: float = 0.0, locked: bool = False) -> None:
        self.window = window
        self.idle = idle
        self.locked = locked

    def active(self) -> Window | None:
        return self.window

    def read(self) -> IdleReading | None:
        return IdleReading(self.idle, self.locked)

    def show(self, app: str, title: str, **extra) -> None:
        """Focus a pretend window and reset the idle time (the user typed in it)."""
        self.window = Window(app, title, **extra)
        self.idle = 0.0


def window_source(env) -> DummyDesktop:
    return DummyDesktop()


def idle_source(env) -> DummyDesktop:
    return DummyDesktop()
