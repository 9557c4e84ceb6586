"""The js_api of the dashboard window: `window.pywebview.api` in the page. One door into the channels, a few desktop
hand-offs, nothing else public (pywebview exposes every public attribute, so all state here is private)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, Protocol

from .. import __version__
from ..channels.filepaths import named_file
from ..errors import LightTrackError
from . import desktop

log = logging.getLogger(__name__)

Forward = Callable[[str, list], dict]


class Dialogs(Protocol):
    def save(self, options: dict) -> str | None: ...
    def open(self, options: dict) -> list[str] | None: ...


def failure(code: str, message: str) -> dict:
    return {"success": False, "error": message, "code": code}


class Bridge:
    """Threading contract: pywebview calls each method on a thread of its own, possibly several at once.

    Channels that read or write a file take only a path the user chose in one of this window's dialogs.
    """

    def __init__(self, forward: Forward, allowed: frozenset[str], dialogs: Dialogs) -> None:
        self._forward = forward
        self._allowed = allowed
        self._dialogs = dialogs
        self._chosen: set[str] = set()

    def invoke(self, channel: Any = None, args: Any = None) -> dict:
        """Run an allowed channel in the app; always the envelope, never an exception."""
        if not isinstance(channel, str) or channel not in self._allowed:
            return failure("UNKNOWN_CHANNEL", f"Unknown channel {str(channel)[:64]!r}.")
        if not isinstance(args, list):
            if args is not None:
                return failure("VALIDATION_ERROR", "args must be a list.")
            args = []
        path = named_file(channel, args)
        if path is not None and path not in self._chosen:
            return failure("FORBIDDEN", "Choose the file in a dialog first: LightTrack reads and writes only files you chose.")
        try:
            return self._forward(channel, args)
        except LightTrackError as exc:
            return failure("INTERNAL_ERROR", str(exc))
        except Exception:
            log.exception("bridge: %s failed", channel)
            return failure("INTERNAL_ERROR", "An internal error occurred; the details are in the log.")

    def get_info(self) -> dict:
        return {"version": __version__, "platform": sys.platform}

    def show_save_dialog(self, options: Any = None) -> str | None:
        chosen = self._guarded(self._dialogs.save, options if isinstance(options, dict) else {}, None)
        self._chosen.update([chosen] if chosen else [])
        return chosen

    def show_open_dialog(self, options: Any = None) -> list[str] | None:
        chosen = self._guarded(self._dialogs.open, options if isinstance(options, dict) else {}, None)
        self._chosen.update(chosen or [])
        return chosen

    def open_external(self, url: Any = None) -> bool:
        return self._guarded(desktop.open_external, url, False)

    def show_item_in_folder(self, path: Any = None) -> bool:
        return self._guarded(desktop.show_in_folder, path, False)

    @staticmethod
    def _guarded(action: Callable[[Any], Any], argument: Any, fallback: Any) -> Any:
        try:
            return action(argument)
        except Exception:
            log.exception("bridge: %s failed", action.__name__)
            return fallback
