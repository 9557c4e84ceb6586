"""Pure arithmetic over an activity's start, end and pause intervals (ISO strings in UTC)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .isotime import from_iso, ms_between, to_iso


def _overlap_ms(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> int:
    start, end = max(a_start, b_start), min(a_end, b_end)
    return ms_between(start, end) if end > start else 0


def end_of(doc: Mapping[str, Any], now: datetime) -> datetime:
    """The end of an activity; a running one ends now (never before its start)."""
    return from_iso(doc["endTime"]) if doc.get("endTime") else max(now, from_iso(doc["startTime"]))


def pause_spans(doc: Mapping[str, Any], now: datetime) -> list[tuple[datetime, datetime]]:
    """The pauses as (start, end); an open one lasts until the activity's end or now."""
    end = end_of(doc, now)
    return [(from_iso(p["start"]), from_iso(p["end"]) if p.get("end") else end) for p in doc.get("pauses", [])]


def worked_ms(doc: Mapping[str, Any], now: datetime, start: datetime | None = None, end: datetime | None = None) -> int:
    """Worked time of `doc` inside [start, end) (the whole activity by default), pauses excluded."""
    a_start, a_end = from_iso(doc["startTime"]), end_of(doc, now)
    lo, hi = start or a_start, end or a_end
    total = _overlap_ms(a_start, a_end, lo, hi)
    paused = sum(_overlap_ms(p0, p1, lo, hi) for p0, p1 in pause_spans(doc, now))
    return max(0, total - paused)


def closed_pauses_ms(pauses: list[dict[str, Any]]) -> int:
    return sum(ms_between(from_iso(p["start"]), from_iso(p["end"])) for p in pauses if p.get("end"))


def clip_pauses(pauses: list[dict[str, Any]], start: datetime, end: datetime | None) -> list[dict[str, Any]]:
    """Keep the parts of `pauses` inside [start, end]; an open pause is closed at `end` when given."""
    kept = []
    for pause in pauses:
        p0 = max(from_iso(pause["start"]), start)
        p1 = from_iso(pause["end"]) if pause.get("end") else end
        if p1 is not None and end is not None:
            p1 = min(p1, end)
        if p1 is None:
            kept.append({"start": to_iso(p0), "end": None})
        elif p1 > p0:
            kept.append({"start": to_iso(p0), "end": to_iso(p1)})
    return kept


def with_times(doc: dict[str, Any], start: datetime, end: datetime | None) -> dict[str, Any]:
    """Return `doc` moved to [start, end] with pauses clipped and every derived field recomputed."""
    pauses = clip_pauses(doc.get("pauses", []), start, end)
    open_pause = next((p for p in pauses if p["end"] is None), None)
    updated = {
        **doc,
        "startTime": to_iso(start),
        "endTime": to_iso(end) if end else None,
        "pauses": pauses,
        "pausedDuration": closed_pauses_ms(pauses),
        "isPaused": open_pause is not None,
        "pauseStartTime": open_pause["start"] if open_pause else None,
    }
    updated["duration"] = ms_between(start, end) - updated["pausedDuration"] if end else None
    return updated
