"""What ActivityWatch's watchers call, answered before the API's Flask app is built: `GET /api/0/info`, creating
their bucket (`POST /api/0/buckets/<id>`) and heartbeats (`POST /api/0/buckets/<id>/heartbeat?pulsetime=`, every
second or so). A watcher reporting here therefore never loads Flask into the tracking process, and a heartbeat skips
Flask's request cycle (~300 µs against ~20 µs for the merge itself).

Any other request, and one addressed to a foreign Host (which Flask then refuses), goes on to `rest`; AwGuard stands
in front of this door as of the whole of /api/0. Answers have aw-server's shapes, errors `{"type", "message"}`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

import orjson

from ..core.activitywatch.service import ActivityWatchService
from ..errors import LightTrackError, ValidationError
from .awguard import cors_headers
from .server import WsgiApp, declared_length

INFO_PATH = "/api/0/info"
BUCKETS = "/api/0/buckets/"
HEARTBEAT = "/heartbeat"
MAX_HEARTBEAT = 1024 * 1024
MAX_BUCKET_BODY = 1024 * 1024
MAX_PULSETIME = 86400.0

Answer = tuple[int, bytes | None]  # status, JSON body (None: no body)


class WatcherDoor:
    """Threading contract: called by the server's threads at once; the service locks."""

    def __init__(self, rest: WsgiApp, aw: ActivityWatchService, allowed_hosts: Callable[[], set[str]]) -> None:
        self._rest = rest
        self._aw = aw
        self._allowed_hosts = allowed_hosts

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        handler = self._handler(environ) if environ.get("HTTP_HOST") in self._allowed_hosts() else None
        if handler is None:
            return self._rest(environ, start_response)
        try:
            status, body = handler()
        except LightTrackError as exc:
            status, body = exc.status, orjson.dumps({"type": exc.code, "message": str(exc)})
        return self._answer(start_response, status, body, environ)

    def _handler(self, environ: dict[str, Any]) -> Callable[[], Answer] | None:
        """What answers this request here, or None when Flask does."""
        method, path = environ.get("REQUEST_METHOD"), environ.get("PATH_INFO", "")
        if path == INFO_PATH and method == "GET":
            return lambda: (200, orjson.dumps(self._aw.info()))
        bucket = _bucket_of(path[len(BUCKETS):]) if path.startswith(BUCKETS) else None
        if bucket is None or method not in ("POST", "OPTIONS"):
            return None
        if bucket.endswith(HEARTBEAT):
            bucket_id = bucket[:-len(HEARTBEAT)]
            if not bucket_id or "/" in bucket_id:
                return None
            if method == "OPTIONS":  # a browser extension's CORS preflight
                return lambda: (200, None)
            return lambda: (200, orjson.dumps(self._aw.heartbeat(bucket_id, _heartbeat(environ), _pulsetime(environ))))
        length = declared_length(environ, MAX_BUCKET_BODY)
        if method == "POST" and "/" not in bucket and length is not None:
            return lambda: self._create(bucket, length, environ)
        return None

    def _create(self, bucket_id: str, length: int, environ: dict[str, Any]) -> Answer:
        """aw-server's answer: {} when made, 304 without a body when the bucket is there already."""
        created = self._aw.create_bucket(bucket_id, _json_body(environ, length))
        return (200, b"{}") if created else (304, None)

    def _answer(self, start_response: Callable[..., Any], status: int, body: bytes | None,
                environ: dict[str, Any]) -> list[bytes]:
        headers = cors_headers(environ.get("HTTP_ORIGIN", ""), self._aw.extension_origins)
        if environ.get("REQUEST_METHOD") == "OPTIONS":
            headers = {**headers, "Allow": "POST, OPTIONS", "Content-Length": "0"}
        if body is not None:
            headers = {**headers, "Content-Type": "application/json", "Content-Length": str(len(body))}
        start_response(f"{status} {HTTPStatus(status).phrase}", list(headers.items()))
        return [body] if body is not None else []


def _bucket_of(raw: str) -> str | None:
    """A bucket id (or id + /heartbeat) from the path as the server gave it (latin-1 of the UTF-8 bytes)."""
    text = raw.encode("latin-1").decode("utf-8", "replace")
    return text if text and not text.startswith("/") else None


def _json_body(environ: dict[str, Any], length: int) -> object:
    raw = environ["wsgi.input"].read(length) if length else b""
    try:
        return orjson.loads(raw) if raw.strip() else None
    except orjson.JSONDecodeError:
        raise ValidationError("The request body is not valid JSON.") from None


def _heartbeat(environ: dict[str, Any]) -> object:
    length = declared_length(environ, MAX_HEARTBEAT)
    if not length:
        raise ValidationError("The heartbeat must be a JSON event of at most 1 MB.")
    return _json_body(environ, length)


def _pulsetime(environ: dict[str, Any]) -> float:
    try:
        pulsetime = float(parse_qs(environ.get("QUERY_STRING", ""))["pulsetime"][0])
    except (KeyError, ValueError):
        raise ValidationError("pulsetime (seconds) is required as a query parameter.") from None
    if not 0 <= pulsetime <= MAX_PULSETIME:  # also refuses nan and inf
        raise ValidationError(f"pulsetime must be between 0 and {MAX_PULSETIME} seconds.")
    return pulsetime
