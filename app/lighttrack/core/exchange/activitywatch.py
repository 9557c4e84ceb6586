"""ActivityWatch's export (`GET /api/0/export` or one bucket's export): {"buckets": {id: {type, events}}}.

Window events (`currentwindow` buckets) become spans {start, end, app, title}, cut to the time the afk
watcher saw the user present (`afkstatus` buckets, status "not-afk") when such a bucket is there. For
activities, each stretch of presence (or of window use with gaps under five minutes) becomes one
"Computer use" entry named after its busiest app; titles stay out of activities.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from ..timeutil import to_iso
from .entries import Entry, ImportFileError

WINDOW, AFK = "currentwindow", "afkstatus"
SESSION_GAP = timedelta(minutes=5)
MIN_SESSION = timedelta(minutes=1)
Interval = tuple[datetime, datetime]


def _buckets(export: object) -> dict[str, dict]:
    if not isinstance(export, dict) or not isinstance(export.get("buckets"), dict):
        raise ImportFileError("file", 'an ActivityWatch export is an object with a "buckets" object.')
    for number, bucket in enumerate(export["buckets"].values(), 1):
        if not isinstance(bucket, dict) or not isinstance(bucket.get("events", []), list):
            raise ImportFileError(f"bucket {number}", 'a bucket must be an object with an "events" list.')
    return export["buckets"]


def _kind(bucket_id: str, bucket: dict) -> str | None:
    kind = bucket.get("type")
    if kind in (WINDOW, AFK):
        return kind
    return WINDOW if bucket_id.startswith("aw-watcher-window") else AFK if bucket_id.startswith("aw-watcher-afk") else None


def _events(export: object, kind: str) -> list[tuple[Interval, dict]]:
    """((start, end), data) of every event in the buckets of one kind."""
    found = []
    for bucket_id, bucket in _buckets(export).items():
        if _kind(bucket_id, bucket) != kind:
            continue
        for index, event in enumerate(bucket.get("events", [])):
            where = f"buckets[{bucket_id!r}].events[{index}]"
            data = event.get("data") if isinstance(event, dict) else None
            found.append((_interval(event, where), data if isinstance(data, dict) else {}))
    return found


def _interval(event: object, where: str) -> Interval:
    if not isinstance(event, dict):
        raise ImportFileError(where, "an event must be an object.")
    try:
        start = datetime.fromisoformat(str(event["timestamp"]))
        duration = float(event.get("duration", 0))
    except (KeyError, ValueError, TypeError):
        raise ImportFileError(where, "an event needs an ISO timestamp and a duration in seconds.") from None
    if start.tzinfo is None or duration < 0:
        raise ImportFileError(where, "the timestamp needs a time zone and the duration must not be negative.")
    return start, start + timedelta(seconds=duration)


def _merged(intervals: list[Interval], gap: timedelta = timedelta(0)) -> list[Interval]:
    merged: list[list[datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1] + gap:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _present(export: object) -> list[Interval] | None:
    afk = _events(export, AFK)
    if not afk:
        return None
    return _merged([interval for interval, data in afk if data.get("status") == "not-afk"])


def spans_from_activitywatch(export: object) -> list[dict]:
    """The window events as spans {start, end, app, title} (ISO, UTC), oldest first, only while present."""
    present = _present(export)
    spans = []
    for (start, end), data in _events(export, WINDOW):
        pieces = [(start, end)] if present is None else [(max(start, p0), min(end, p1)) for p0, p1 in present]
        for lo, hi in pieces:
            if hi > lo:
                spans.append({"start": to_iso(lo), "end": to_iso(hi), "app": str(data.get("app") or "unknown"),
                              "title": str(data.get("title") or "")})
    return sorted(spans, key=lambda s: s["start"])


def entries(export: object) -> list[Entry]:
    """One entry per stretch of computer use, named after the app used most in it."""
    spans = spans_from_activitywatch(export)
    present = _present(export)
    sessions = present if present is not None else _merged(
        [(datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"])) for s in spans], SESSION_GAP)
    result = []
    for index, (start, end) in enumerate(s for s in sessions if s[1] - s[0] >= MIN_SESSION):
        app = _busiest_app(spans, start, end)
        result.append(Entry(source="activitywatch", key=to_iso(start), where=f"session {index + 1}",
                            name=f"Computer use: {app}" if app else "Computer use", start=start, end=end,
                            application=app, tags=["activitywatch"]))
    return result


def _busiest_app(spans: list[dict], start: datetime, end: datetime) -> str | None:
    per_app: Counter = Counter()
    for span in spans:
        lo, hi = max(start, datetime.fromisoformat(span["start"])), min(end, datetime.fromisoformat(span["end"]))
        if hi > lo:
            per_app[span["app"]] += (hi - lo).total_seconds()
    return per_app.most_common(1)[0][0] if per_app else None
