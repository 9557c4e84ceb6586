"""The channel registry: validated dispatch of `area:verb` calls into the envelope of CONTRACT.md."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import LightTrackError, UnknownChannelError, ValidationError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Param:
    """One positional argument: its name (for error sentences) and its check."""

    name: str
    check: Callable[[Any, str], Any]
    required: bool = True


@dataclass(frozen=True)
class Channel:
    name: str
    handler: Callable[..., Any]
    params: tuple[Param, ...]


@dataclass
class Metrics:
    """Counts and total latency per channel and outcome, for /api/v1/metrics."""

    calls: Counter = field(default_factory=Counter)
    seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, channel: str, code: str, elapsed: float) -> None:
        with self.lock:
            self.calls[(channel, code)] += 1
            self.seconds[channel] += elapsed


class Registry:
    """Channels by name. Threading contract: `dispatch` may run on any thread at once."""

    def __init__(self) -> None:
        self._channels: dict[str, Channel] = {}
        self.metrics = Metrics()

    def register(self, name: str, handler: Callable[..., Any], *params: Param) -> None:
        if name in self._channels:
            raise ValueError(f"channel {name} registered twice")
        self._channels[name] = Channel(name, handler, params)

    def names(self) -> list[str]:
        return sorted(self._channels)

    def dispatch(self, name: object, args: object) -> dict:
        """Run a channel; always return the envelope, never raise."""
        started = time.perf_counter()
        try:
            channel = self._channel(name)
            envelope = {"success": True, "data": channel.handler(*self._checked(channel, args))}
        except LightTrackError as exc:
            envelope = {"success": False, "error": str(exc), "code": exc.code}
            log.debug("channel %s refused: %s", str(name)[:64], exc.code)
        except Exception:
            log.exception("channel %s failed", str(name)[:64])
            envelope = {"success": False, "error": "An internal error occurred; the details are in the log.",
                        "code": "INTERNAL_ERROR"}
        self.metrics.record(name if name in self._channels else "(unknown)", envelope.get("code", "OK"),
                            time.perf_counter() - started)
        return envelope

    def _channel(self, name: object) -> Channel:
        channel = self._channels.get(name) if isinstance(name, str) else None
        if channel is None:
            raise UnknownChannelError(f"Unknown channel {str(name)[:64]!r}.")
        return channel

    @staticmethod
    def _checked(channel: Channel, args: object) -> list[Any]:
        if not isinstance(args, list):
            raise ValidationError("args must be a list.")
        if len(args) > len(channel.params):
            raise ValidationError(f"{channel.name} takes at most {len(channel.params)} argument(s), got {len(args)}.")
        checked = []
        for index, param in enumerate(channel.params):
            if index >= len(args):
                if param.required:
                    raise ValidationError(f"{param.name} is required.")
                break
            checked.append(param.check(args[index], param.name))
        return checked
