"""LightTrack's own window tracking as a read-only ActivityWatch bucket of type `currentwindow`.

So ActivityWatch's web UI, which looks for window buckets by type and hostname, shows what
LightTrack's tracker recorded. Only the tracker's own spans are offered: spans fed from
ActivityWatch's watchers are in their own buckets already.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from ..records.shapes import Span
from .model import iso

UTC = timezone.utc
PREFIX = "lighttrack-window_"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class OwnWindowBucket:
    """The tracker's spans in [start, end) (`spans_between`, clipped and merged) as ActivityWatch events."""

    def __init__(self, spans_between: Callable[[datetime, datetime], list[Span]], now: Callable[[], datetime]) -> None:
        self._spans_between = spans_between
        self._now = now
        self.hostname = socket.gethostname()
        self.id = PREFIX + self.hostname

    def meta(self) -> dict[str, Any]:
        return {"id": self.id, "name": "LightTrack window tracking", "type": "currentwindow", "client": "lighttrack",
                "hostname": self.hostname, "created": iso(EPOCH), "data": {"readonly": True}}

    def stored_events(self, start: datetime | None, end: datetime | None) -> list[dict[str, Any]]:
        """The spans overlapping [start, end] as stored-form events (`id`, ISO `timestamp`, `duration`, `data`)."""
        spans = self._spans_between(start or EPOCH, end or self._now())
        return [_event(span) for span in spans if not span.get("source")]


def _event(span: Span) -> dict[str, Any]:
    start, end = datetime.fromisoformat(span["start"]), datetime.fromisoformat(span["end"])
    return {"id": int(start.timestamp() * 1000), "timestamp": iso(start), "duration": (end - start).total_seconds(),
            "data": {"app": span.get("app") or "unknown", "title": span.get("title") or ""}}
