"""Update awareness without phoning home: one JSON feed, read only when the user has allowed it.

The feed is `{"version": "1.2.0", "url": "https://…/download", "notes": "…"}`; a GitHub "latest release"
answer (`tag_name`, `html_url`, `body`) reads the same. Nothing is installed: the dashboard shows a link.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone

from . import __version__

MAX_FEED_BYTES = 65536
TIMEOUT = 5.0
VERSION = re.compile(r"v?(\d+(?:\.\d+){0,3})([-.+]?[A-Za-z][\w.]*)?")


class FeedError(Exception):
    """The feed could not be read; the message is a sentence for the dashboard."""


class _HttpsRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to https only, so a feed never drops to plain http halfway."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme != "https":
            raise FeedError("The update feed redirected to an address that is not https.")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def version_key(text: str) -> tuple[tuple[int, ...], int]:
    """Sortable form of '1.2.3' ('v1.2.3', '1.3.0rc1'); a pre-release sorts before its release."""
    match = VERSION.fullmatch(text.strip())
    if match is None:
        raise FeedError(f"The update feed's version {text[:40]!r} is not a version number.")
    numbers = tuple(int(n) for n in match.group(1).split("."))
    return numbers + (0,) * (4 - len(numbers)), 0 if match.group(2) else 1


def fetch(url: str, timeout: float = TIMEOUT) -> dict:
    """GET the feed and return its JSON object."""
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": f"LightTrack/{__version__}"})
    try:
        with urllib.request.build_opener(_HttpsRedirects).open(request, timeout=timeout) as response:
            body = response.read(MAX_FEED_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FeedError(f"The update feed answered HTTP {exc.code}.") from None
    except (urllib.error.URLError, OSError) as exc:
        raise FeedError(f"The update feed could not be reached ({getattr(exc, 'reason', exc)}).") from None
    if len(body) > MAX_FEED_BYTES:
        raise FeedError("The update feed is larger than an update feed can be.")
    try:
        feed = json.loads(body)
    except ValueError:
        raise FeedError("The update feed is not JSON.") from None
    if not isinstance(feed, dict):
        raise FeedError("The update feed is not a JSON object.")
    return feed


def _link(value: object) -> str | None:
    """The feed's download page, kept only when it is an http(s) address."""
    if isinstance(value, str) and urllib.parse.urlsplit(value).scheme in ("https", "http") and len(value) < 2000:
        return value
    return None


def read_feed(feed: dict, current: str = __version__) -> dict:
    """Compare the feed's version with ours."""
    latest = feed.get("version", feed.get("tag_name"))
    if not isinstance(latest, str):
        raise FeedError("The update feed names no version.")
    notes = feed.get("notes", feed.get("body"))
    return {"latest": latest.strip().removeprefix("v"), "updateAvailable": version_key(latest) > version_key(current),
            "url": _link(feed.get("url", feed.get("html_url"))),
            "notes": notes[:2000] if isinstance(notes, str) else None}


def check(settings, current: str = __version__, timeout: float = TIMEOUT) -> dict:
    """app:checkForUpdates: contacts the feed only when `checkForUpdates` is on and a feed is set."""
    result = {"allowed": bool(settings.get("checkForUpdates")), "current": current, "checked": False}
    if not result["allowed"]:
        return result
    url = settings.get("updateFeedUrl")
    if not url:
        return {**result, "error": "No update feed address is set (the updateFeedUrl setting)."}
    try:
        found = read_feed(fetch(url, timeout), current)
    except FeedError as exc:
        return {**result, "error": str(exc)}
    return {**result, **found, "checked": True, "checkedAt": datetime.now(timezone.utc).isoformat(timespec="seconds")}
