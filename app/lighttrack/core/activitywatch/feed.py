"""ActivityWatch events as timeline spans (pure): windows, browser tabs and editor files; AFK time cut out.

A span is the span store's dict (`start`, `end`, `app`, `title`, `projectId`, `category`) plus
`source` ("activitywatch") and, for browser tabs, `domain`. Privacy settings apply as to the
tracker's own samples: excluded apps and titles are dropped, private tabs and redaction keep the app only.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from ..tracking.privacy import PrivacyRules
from ..timing.isotime import to_iso
from ..tracking.window import Window

WINDOW, AFK, WEB, EDITOR = "currentwindow", "afkstatus", "web.tab.current", "app.editor.activity"
FEED_TYPES = frozenset({WINDOW, AFK, WEB, EDITOR})
SOURCE = "activitywatch"


def client_app(bucket: dict[str, Any], prefixes: tuple[str, ...]) -> str:
    """The app a watcher reports for, from its bucket id or client: 'aw-watcher-web-firefox' → 'firefox'."""
    names = [(bucket.get("id") or "").split("_", 1)[0], bucket.get("client") or ""]
    for name in names:
        for prefix in prefixes:
            if name.startswith(prefix) and len(name) > len(prefix):
                return name[len(prefix):]
    return names[1] or names[0] or "unknown"


def domain_of(url: object) -> str:
    host = urlsplit(url).hostname if isinstance(url, str) else None
    return (host or "").removeprefix("www.")


TITLE_FIELD = {WINDOW: "title", WEB: "title", EDITOR: "file"}


def admitted_data(bucket: dict[str, Any], data: dict[str, Any], privacy: PrivacyRules) -> dict[str, Any] | None:
    """An event's data as it may be stored: None for an excluded app or title, the title redacted as the settings say.

    Applies to window, browser and editor buckets; other buckets' data is stored as sent.
    """
    sample = _sample(bucket, data, {})
    if sample is None:
        return data
    window = replace(privacy, paused=False).admit(sample[0])
    if window is None:
        return None
    if privacy.recorded_title(window) == sample[0].title:
        return data
    kept = {**data, TITLE_FIELD[bucket["type"]]: "" if bucket["type"] == EDITOR else window.app}
    if window.private and "url" in kept:
        kept["url"] = ""
    return kept


def _sample(bucket: dict[str, Any], data: dict[str, Any], projects: dict[str, str]) -> tuple[Window, dict[str, Any]] | None:
    """The window the event stands for and the span fields beyond app/title."""
    kind = bucket.get("type")
    if kind == WINDOW:
        return Window(str(data.get("app") or "unknown"), str(data.get("title") or "")), {}
    if kind == WEB:
        browser = client_app(bucket, ("aw-watcher-web-", "aw-client-web-", "aw-watcher-"))
        window = Window(browser, str(data.get("title") or ""), private=bool(data.get("incognito")))
        return window, {"domain": domain_of(data.get("url"))}
    if kind == EDITOR:
        editor = client_app(bucket, ("aw-watcher-", "aw-client-"))
        project = PurePath(str(data.get("project") or "")).name
        window = Window(editor, PurePath(str(data.get("file") or "")).name or project)
        return window, {"projectId": projects.get(project.casefold()), "category": "development",
                        "file": str(data.get("file") or "") or None}
    return None


def to_span(bucket: dict[str, Any], data: dict[str, Any], start: datetime, end: datetime, privacy: PrivacyRules,
            projects: dict[str, str]) -> dict[str, Any] | None:
    """The span of one event's [start, end), or None when it is not a span or must not be recorded."""
    sample = _sample(bucket, data, projects)
    if sample is None or end <= start:
        return None
    window = privacy.admit(sample[0])
    if window is None:
        return None
    hidden = {"domain", "file"} if window.private else {"file"} if privacy.redact else set()
    extra = {k: v for k, v in sample[1].items() if k not in hidden}
    return {"start": to_iso(start), "end": to_iso(end), "app": window.app, "title": privacy.recorded_title(window),
            "projectId": None, "category": None, "source": SOURCE, **extra}


def subtract(spans: list[dict[str, Any]], away: list[tuple[datetime, datetime]]) -> list[dict[str, Any]]:
    """Cut the AFK intervals out of `spans` (each span meets only the intervals around it: a year takes a second)."""
    merged = _merged(away)
    if not merged:
        return spans
    starts = [lo for lo, _ in merged]
    result = []
    for span in spans:
        start, end = datetime.fromisoformat(span["start"]), datetime.fromisoformat(span["end"])
        cursor, i = start, max(0, bisect_right(starts, start) - 1)
        while i < len(merged) and merged[i][0] < end:
            lo, hi = merged[i]
            if hi > cursor:
                if lo > cursor:
                    result.append(_piece(span, start, end, cursor, lo))
                cursor = hi
            i += 1
        if cursor < end:
            result.append(_piece(span, start, end, cursor, end))
    return result


def _merged(intervals: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """The intervals sorted, overlapping ones joined."""
    merged: list[tuple[datetime, datetime]] = []
    for lo, hi in sorted(intervals):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _piece(span: dict[str, Any], start: datetime, end: datetime, lo: datetime, hi: datetime) -> dict[str, Any]:
    """The part [lo, hi) of `span`, its unchanged ends kept as written."""
    return {**span, "start": span["start"] if lo == start else to_iso(lo), "end": span["end"] if hi == end else to_iso(hi)}


def away_intervals(events: list[dict[str, Any]]) -> list[tuple[datetime, datetime]]:
    """The [start, end) of the 'afk' events of an afkstatus bucket."""
    found = []
    for event in events:
        if event["data"].get("status") == "afk":
            start = datetime.fromisoformat(event["timestamp"])
            found.append((start, start + timedelta(seconds=event["duration"])))
    return found
