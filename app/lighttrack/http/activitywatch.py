"""`/api/0/…`: ActivityWatch's REST API, so its watchers, browser and editor extensions and aw-webui report here and
read from here unchanged.

Plain WSGI in front of the API's Flask app, which it never builds: ActivityWatch's clients, aw-webui included, leave
Flask (about 11 MB) unloaded in the tracking process, and a heartbeat (every second or so) skips Flask's request
cycle (~300 µs against ~20 µs for the merge itself).

Like aw-server it needs no token (aw-client sends none): the 127.0.0.1 binding, the Host check (a request addressed
to a foreign Host goes on to `rest`, which refuses it) and the door of awguard.py (JSON writes only, no foreign
Origin) guard it. Browser extensions the user allowed get CORS headers; no web page does. Answers have aw-server's
shapes, errors `{"type", "message"}`; a path or method /api/0 doesn't have gets 404 or 405 with `{"message"}`.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import orjson

from ..core.activitywatch.model import parse_moment
from ..core.activitywatch.service import ActivityWatchService
from ..errors import LightTrackError, ValidationError
from .awguard import cors_headers
from .awwebui import WEBUI_PREFIX, webui_answer
from .invoke import MAX_BODY, TOO_LARGE
from .server import WsgiApp

PREFIX = "/api/0/"
MAX_HEARTBEAT = 1024 * 1024
MAX_PULSETIME = 86400.0
LOG_LINES = 1000
LOG_LINE = re.compile(r"(?P<time>\S+ \S+) (?P<level>[A-Z]+) (?P<thread>\S+) (?P<name>[^:\s]+): (?P<message>.*)")
NO_BODY = object()  # an answer without a body (aw-server's 304 for a bucket that is there already)
EXPORT_FILE = {"Content-Disposition": "attachment; filename=aw-bucket-export.json"}


@dataclass(frozen=True)
class Call:
    """One request to /api/0: its method, the path's parameters, its query and body."""

    environ: dict[str, Any]
    method: str
    params: tuple[str, ...]

    @cached_property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(self.environ.get("QUERY_STRING", ""), keep_blank_values=True)

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def length(self) -> int:
        try:
            return max(0, int(self.environ.get("CONTENT_LENGTH") or 0))
        except ValueError:
            raise ValidationError("The request's Content-Length is not a number.") from None

    def body(self, limit: int = MAX_BODY) -> object:
        length = self.length()
        if length > limit:
            raise TooLarge(TOO_LARGE)
        raw = self.environ["wsgi.input"].read(length) if length else b""
        try:
            return orjson.loads(raw) if raw.strip() else None
        except orjson.JSONDecodeError:
            raise ValidationError("The request body is not valid JSON.") from None

    def window(self) -> dict[str, Any]:
        return {name: parse_moment(value, name) for name in ("start", "end") if (value := self.arg(name))}

    def limit(self) -> int:
        try:
            return int(self.arg("limit") or -1)
        except ValueError:
            raise ValidationError("limit must be a whole number.") from None


class TooLarge(ValidationError):
    status = 413


Answer = tuple[int, object] | tuple[int, object, dict[str, str]]  # status, JSON payload (or NO_BODY), headers
Handler = Callable[[ActivityWatchService, Call], Answer]


# -- the routes ---------------------------------------------------------------------------------------------------

def _create_bucket(aw: ActivityWatchService, call: Call) -> Answer:
    return (200, {}) if aw.create_bucket(call.params[0], call.body()) else (304, NO_BODY)


def _update_bucket(aw: ActivityWatchService, call: Call) -> Answer:
    aw.update_bucket(call.params[0], call.body())
    return 200, {}


def _delete_bucket(aw: ActivityWatchService, call: Call) -> Answer:
    if call.arg("force") != "1" and not aw.testing:
        return 401, {"type": "UNAUTHORIZED", "message": "Deleting a bucket needs ?force=1."}
    aw.delete_bucket(call.params[0])
    return 200, {}


def _insert(aw: ActivityWatchService, call: Call) -> Answer:
    body = call.body()
    inserted = aw.insert(call.params[0], body)
    return 200, inserted[0] if isinstance(body, dict) else None


def _heartbeat(aw: ActivityWatchService, call: Call) -> Answer:
    if not call.length():
        raise ValidationError("The heartbeat must be a JSON event of at most 1 MB.")
    try:
        event = call.body(MAX_HEARTBEAT)
    except TooLarge:
        raise ValidationError("The heartbeat must be a JSON event of at most 1 MB.") from None
    return 200, aw.heartbeat(call.params[0], event, _pulsetime(call))


def _pulsetime(call: Call) -> float:
    try:
        pulsetime = float(call.arg("pulsetime") or "")
    except ValueError:
        raise ValidationError("pulsetime (seconds) is required as a query parameter.") from None
    if not 0 <= pulsetime <= MAX_PULSETIME:  # also refuses nan and inf
        raise ValidationError(f"pulsetime must be between 0 and {MAX_PULSETIME} seconds.")
    return pulsetime


def _query(aw: ActivityWatchService, call: Call) -> Answer:
    """aw-server's `/query/`: `{"query": [statements], "timeperiods": ["start/end", ...]}` → one answer per period."""
    body = call.body()
    if not isinstance(body, dict):
        raise ValidationError('The query must be an object like {"query": [...], "timeperiods": [...]}.')
    return 200, aw.query(body.get("query"), body.get("timeperiods"), call.arg("name") or "")


def _set_setting(aw: ActivityWatchService, call: Call) -> Answer:
    if not call.length():
        raise ValidationError("The setting's value must be sent as a JSON body (null removes the setting).")
    return 200, aw.settings.set(call.params[0], call.body())


def _event_id(call: Call) -> int:
    return int(call.params[1])


def _delete_event(aw: ActivityWatchService, call: Call) -> Answer:
    aw.delete_event(call.params[0], _event_id(call))
    return 200, {}


BUCKET, EVENT = "([^/]+)", "([0-9]+)"
PATHS: list[tuple[str, dict[str, Handler]]] = [  # after /api/0/
    ("info", {"GET": lambda aw, call: (200, aw.info())}),
    ("buckets/", {"GET": lambda aw, call: (200, aw.buckets())}),
    (f"buckets/{BUCKET}", {"GET": lambda aw, call: (200, aw.bucket(call.params[0])),
                           "POST": _create_bucket, "PUT": _update_bucket, "DELETE": _delete_bucket}),
    (f"buckets/{BUCKET}/heartbeat", {"POST": _heartbeat}),
    (f"buckets/{BUCKET}/events", {"GET": lambda aw, call: (200, aw.events(call.params[0], call.limit(), **call.window())),
                                  "POST": _insert}),
    (f"buckets/{BUCKET}/events/count", {"GET": lambda aw, call: (200, aw.count(call.params[0], **call.window()))}),
    (f"buckets/{BUCKET}/events/{EVENT}", {
        "GET": lambda aw, call: (200, aw.event(call.params[0], _event_id(call))),
        "DELETE": _delete_event}),
    (f"buckets/{BUCKET}/export", {
        "GET": lambda aw, call: (200, {"buckets": {call.params[0]: aw.export_bucket(call.params[0])}}, EXPORT_FILE)}),
    ("export", {"GET": lambda aw, call: (200, {"buckets": aw.export_all()}, EXPORT_FILE)}),
    ("import", {"POST": lambda aw, call: (200, aw.import_buckets(call.body()))}),
    ("query/", {"POST": _query}),
    ("settings", {"GET": lambda aw, call: (200, aw.settings.all())}),
    (f"settings/{BUCKET}", {"GET": lambda aw, call: (200, aw.settings.get(call.params[0])), "POST": _set_setting}),
    ("log", {"GET": lambda aw, call: (200, read_log(aw.log_file))}),
]
ROUTES = [(re.compile(path), methods) for path, methods in PATHS]


def read_log(path: Path | None, limit: int = LOG_LINES) -> list[dict[str, Any]]:
    """The last `limit` records of LightTrack's log file as `{time, level, thread, name, message}`, newest first."""
    if path is None or not path.is_file():
        return []
    with path.open(encoding="utf-8", errors="replace") as lines:
        tail = deque(lines, maxlen=limit)
    return [_log_record(line.rstrip("\n")) for line in reversed(tail)]


def _log_record(line: str) -> dict[str, Any]:
    match = LOG_LINE.match(line)
    return {"message": line} if match is None else match.groupdict()


def _route(path: str) -> tuple[dict[str, Handler], tuple[str, ...]] | None:
    for pattern, methods in ROUTES:
        match = pattern.fullmatch(path)
        if match:
            return methods, match.groups()
    return None


# -- the door ------------------------------------------------------------------------------------------------------

class ActivityWatchDoor:
    """Answers /api/0 and /aw/ addressed to LightTrack's own Host; everything else goes on to `rest`.

    Threading contract: called by the server's threads at once; it keeps no state, the service locks.
    """

    def __init__(self, rest: WsgiApp, aw: ActivityWatchService, own_hosts: Callable[[], set[str]]) -> None:
        self._rest = rest
        self._aw = aw
        self._own_hosts = own_hosts

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        raw = environ.get("PATH_INFO", "")
        ours = raw.startswith(PREFIX) or raw == WEBUI_PREFIX.rstrip("/") or raw.startswith(WEBUI_PREFIX)
        if not ours or environ.get("HTTP_HOST") not in self._own_hosts():
            return self._rest(environ, start_response)
        path = raw.encode("latin-1").decode("utf-8", "replace")  # the server gives the UTF-8 bytes as latin-1
        method = environ.get("REQUEST_METHOD", "GET")
        if not path.startswith(PREFIX):
            return _respond(start_response, method, *webui_answer(self._aw.webui_folder(), path, environ))
        status, payload, headers = self._answer(path, method, environ)
        headers = {**cors_headers(environ.get("HTTP_ORIGIN", ""), self._aw.extension_origins), **headers}
        body = b"" if payload is NO_BODY else orjson.dumps(payload)
        kind = {} if payload is NO_BODY else {"Content-Type": "application/json"}
        return _respond(start_response, method, status, body, {**kind, **headers})

    def _answer(self, path: str, method: str, environ: dict[str, Any]) -> tuple[int, object, dict[str, str]]:
        found = _route(path[len(PREFIX):])
        if found is None:
            return _unknown(path, environ)
        methods, params = found
        handler = methods.get("GET" if method == "HEAD" else method)
        if method == "OPTIONS":  # a browser extension's CORS preflight
            return 200, NO_BODY, {"Allow": _allowed(methods)}
        if handler is None:
            return 405, {"message": f"{method} is not allowed on {path[:200]}."}, {"Allow": _allowed(methods)}
        try:
            status, payload, *headers = handler(self._aw, Call(environ, method, params))
        except LightTrackError as exc:
            return exc.status, {"type": exc.code, "message": str(exc)}, {}
        return status, payload, headers[0] if headers else {}


def _unknown(path: str, environ: dict[str, Any]) -> tuple[int, object, dict[str, str]]:
    """A path /api/0 doesn't have: where the same path with a final slash is one, a redirect to it (as Flask and so
    aw-server answer), else 404."""
    if _route(path[len(PREFIX):] + "/") is not None:
        query = environ.get("QUERY_STRING", "")
        return 308, NO_BODY, {"Location": environ.get("PATH_INFO", "") + "/" + (f"?{query}" if query else "")}
    return 404, {"message": f"There's no {path[:200]} in ActivityWatch's API."}, {}


def _allowed(methods: dict[str, Handler]) -> str:
    extra = ["HEAD"] if "GET" in methods else []
    return ", ".join([*methods, *extra, "OPTIONS"])


def _respond(start_response: Callable[..., Any], method: str, status: int, body: bytes | Iterable[bytes],
             headers: dict[str, str]) -> Iterable[bytes]:
    if isinstance(body, bytes):
        headers = {**headers, "Content-Length": str(len(body))}
    start_response(f"{status} {HTTPStatus(status).phrase}", list(headers.items()))
    if method == "HEAD":
        getattr(body, "close", lambda: None)()  # a file's pieces, not sent
        return []
    return [body] if isinstance(body, bytes) else body
