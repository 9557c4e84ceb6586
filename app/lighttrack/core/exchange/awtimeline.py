"""An ActivityWatch export as timeline spans: window, browser tab and editor events, AFK time cut out.

The events become spans as live ActivityWatch data does (core/activitywatch/feed.py), with the privacy settings of
now; they go into the timeline, not into activities: the review inbox turns them into entries.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from ..activitywatch import feed
from ..tracking.privacy import PrivacyRules
from .entries import ImportFileError

PREFIXES = {"aw-watcher-window": feed.WINDOW, "aw-watcher-afk": feed.AFK, "aw-watcher-web": feed.WEB}


def _buckets(export: object) -> dict[str, dict[str, Any]]:
    if not isinstance(export, dict) or not isinstance(export.get("buckets"), dict):
        raise ImportFileError("file", 'an ActivityWatch export is an object with a "buckets" object.')
    for number, bucket in enumerate(export["buckets"].values(), 1):
        if not isinstance(bucket, dict) or not isinstance(bucket.get("events", []), list):
            raise ImportFileError(f"bucket {number}", 'a bucket must be an object with an "events" list.')
    buckets: dict[str, dict[str, Any]] = export["buckets"]
    return buckets


def _interval(event: object, where: str) -> tuple[datetime, datetime]:
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


def bucket_type(bucket_id: str, bucket: dict[str, Any]) -> str | None:
    """The bucket's event type, from its `type` or, in old exports, from its id."""
    if bucket.get("type") in feed.FEED_TYPES:
        return str(bucket["type"])
    return next((kind for prefix, kind in PREFIXES.items() if bucket_id.startswith(prefix)), None)


def export_spans(export: object, privacy: PrivacyRules, projects: dict[str, str]) -> list[dict[str, Any]]:
    """The spans of every window, web and editor event, without the AFK watcher's away time, oldest first.

    The user asked for this import, so a paused tracker does not stop it; exclusions and redaction apply.
    """
    admitted = replace(privacy, paused=False)
    spans, away = [], []
    for bucket_id, bucket in _buckets(export).items():
        kind = bucket_type(bucket_id, bucket)
        meta = {"id": bucket_id, "type": kind, "client": bucket.get("client")}
        for index, event in enumerate(bucket.get("events", [])):
            start, end = _interval(event, f"buckets[{bucket_id!r}].events[{index}]")
            data = event.get("data") if isinstance(event.get("data"), dict) else {}
            if kind == feed.AFK and data.get("status") == "afk":
                away.append((start, end))
            elif kind in feed.FEED_TYPES:
                span = feed.to_span(meta, data, start, end, admitted, projects)
                spans += [span] if span else []
    return sorted(feed.subtract(spans, away), key=lambda s: s["start"])
