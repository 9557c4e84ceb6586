"""`/api/0/…`: ActivityWatch's REST API, so its watchers, browser and editor extensions report here unchanged.

Like aw-server it needs no token (aw-client sends none): the 127.0.0.1 binding, the app's Host
check and the door of awguard.py (JSON writes only, no foreign Origin) guard it. Browser extensions
the user allowed get CORS headers; no web page does. Errors have aw-server's shape, `{"type", "message"}`.

Heartbeats, the one hot path (every watcher, every second or so), are answered by a small WSGI
layer in front of Flask: Flask's request cycle costs ~300 µs, the heartbeat merge itself ~20 µs.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from http import HTTPStatus
from urllib.parse import parse_qs

import orjson
from flask import Blueprint, Flask, Response, current_app, request, send_from_directory
from werkzeug.exceptions import HTTPException

from ..core.activitywatch.service import ActivityWatchService
from ..core.activitywatch.model import parse_moment
from ..errors import LightTrackError, ValidationError
from .awguard import AwGuard, cors_headers

PREFIX, ENDPOINTS = "/api/0/", "activitywatch."
HEARTBEAT_PREFIX, HEARTBEAT_SUFFIX = "/api/0/buckets/", "/heartbeat"
MAX_HEARTBEAT = 1024 * 1024
MAX_PULSETIME = 86400.0
LOG_LINES = 1000
ROOT_LINK = re.compile(r'\b(src|href)="/(?!/|aw/)')
NO_WEBUI = ("No aw-webui build is set: start LightTrack with `lighttrack serve --aw-webui DIR` or set awWebuiFolder "
            "to a folder that holds aw-webui's index.html.")
LOG_LINE = re.compile(r"(?P<time>\S+ \S+) (?P<level>[A-Z]+) (?P<thread>\S+) (?P<name>[^:\s]+): (?P<message>.*)")


def install(app: Flask, aw: ActivityWatchService, allowed_hosts: Callable[[], set[str]]) -> None:
    """Add the /api/0 routes to `app`, the heartbeat fast path in front of it and the guard in front of both."""
    app.register_blueprint(blueprint(aw))
    app.register_blueprint(webui_blueprint(aw))
    app.before_request(_unknown_route)
    app.wsgi_app = AwGuard(  # type: ignore[method-assign]  # WSGI middleware, as Flask documents it
        HeartbeatDoor(app.wsgi_app, aw, allowed_hosts), allowed_hosts, aw.extension_origins)


def _unknown_route() -> Response | None:
    """aw-server's answer to a path or method /api/0 doesn't have: 404 or 405 with `{"message"}`."""
    if not request.path.startswith(PREFIX) or (request.endpoint or "").startswith(ENDPOINTS):
        return None
    if _known_path(request.path):
        return _json({"message": f"{request.method} is not allowed on {request.path[:200]}."}, 405)
    return _json({"message": f"There's no {request.path[:200]} in ActivityWatch's API."}, 404)


def _known_path(path: str) -> bool:
    adapter = current_app.url_map.bind_to_environ(request.environ)
    for method in ("GET", "POST", "PUT", "DELETE"):
        try:
            endpoint, _ = adapter.match(path, method=method)
        except HTTPException:
            continue
        if endpoint.startswith(ENDPOINTS):
            return True
    return False


def _json(payload: object, status: int = 200, headers: dict | None = None) -> Response:
    return Response(orjson.dumps(payload), status=status, mimetype="application/json", headers=headers)


def _body() -> object:
    raw = request.get_data(cache=False)
    try:
        return orjson.loads(raw) if raw.strip() else None
    except orjson.JSONDecodeError:
        raise ValidationError("The request body is not valid JSON.") from None


def _window() -> dict:
    return {name: parse_moment(request.args[name], name) for name in ("start", "end") if request.args.get(name)}


def _limit() -> int:
    try:
        return int(request.args.get("limit", -1))
    except ValueError:
        raise ValidationError("limit must be a whole number.") from None


def _import_payload() -> object:
    if request.files:
        upload = next(iter(request.files.values()))
        try:
            return orjson.loads(upload.read())
        except orjson.JSONDecodeError:
            raise ValidationError("The uploaded file is not valid JSON.") from None
    return _body()


def _attachment(payload: object, name: str) -> Response:
    return _json(payload, headers={"Content-Disposition": f"attachment; filename={name}"})


def blueprint(aw: ActivityWatchService) -> Blueprint:
    """The /api/0 routes over `aw`."""
    bp = Blueprint("activitywatch", __name__, url_prefix="/api/0")

    @bp.after_request
    def cors(response: Response) -> Response:
        response.headers.update(cors_headers(request.headers.get("Origin", ""), aw.extension_origins))
        return response

    @bp.errorhandler(LightTrackError)
    def refused(exc: LightTrackError) -> Response:
        return _json({"type": exc.code, "message": str(exc)}, exc.status)

    @bp.get("/info")
    def info() -> Response:
        return _json(aw.info())

    @bp.get("/buckets/")
    def buckets() -> Response:
        return _json(aw.buckets())

    @bp.get("/buckets/<bucket_id>")
    def bucket(bucket_id: str) -> Response:
        return _json(aw.bucket(bucket_id))

    @bp.post("/buckets/<bucket_id>")
    def create_bucket(bucket_id: str) -> Response:
        if not aw.create_bucket(bucket_id, _body()):
            return Response(status=304)
        return _json({})

    @bp.put("/buckets/<bucket_id>")
    def update_bucket(bucket_id: str) -> Response:
        aw.update_bucket(bucket_id, _body())
        return _json({})

    @bp.delete("/buckets/<bucket_id>")
    def delete_bucket(bucket_id: str) -> Response:
        if request.args.get("force") != "1" and not aw.testing:
            return _json({"type": "UNAUTHORIZED", "message": "Deleting a bucket needs ?force=1."}, 401)
        aw.delete_bucket(bucket_id)
        return _json({})

    @bp.get("/buckets/<bucket_id>/events")
    def events(bucket_id: str) -> Response:
        return _json(aw.events(bucket_id, _limit(), **_window()))

    @bp.post("/buckets/<bucket_id>/events")
    def insert(bucket_id: str) -> Response:
        body = _body()
        inserted = aw.insert(bucket_id, body)
        return _json(inserted[0] if isinstance(body, dict) else None)

    @bp.get("/buckets/<bucket_id>/events/count")
    def count(bucket_id: str) -> Response:
        return _json(aw.count(bucket_id, **_window()))

    @bp.get("/buckets/<bucket_id>/events/<int:event_id>")
    def event(bucket_id: str, event_id: int) -> Response:
        return _json(aw.event(bucket_id, event_id))

    @bp.delete("/buckets/<bucket_id>/events/<int:event_id>")
    def delete_event(bucket_id: str, event_id: int) -> Response:
        aw.delete_event(bucket_id, event_id)
        return _json({})

    @bp.get("/buckets/<bucket_id>/export")
    def export_bucket(bucket_id: str) -> Response:
        return _attachment({"buckets": {bucket_id: aw.export_bucket(bucket_id)}}, "aw-bucket-export.json")

    @bp.get("/export")
    def export_all() -> Response:
        return _attachment({"buckets": aw.export_all()}, "aw-bucket-export.json")

    @bp.post("/import")
    def import_all() -> Response:
        return _json(aw.import_buckets(_import_payload()))

    _settings_routes(bp, aw)
    _log_route(bp, aw)
    _query_route(bp, aw)
    return bp


def _query_route(bp: Blueprint, aw: ActivityWatchService) -> None:
    """aw-server's `/query/`: `{"query": [statements], "timeperiods": ["start/end", ...]}` → one answer per period."""

    @bp.post("/query/")
    def query() -> Response:
        body = _body()
        if not isinstance(body, dict):
            raise ValidationError('The query must be an object like {"query": [...], "timeperiods": [...]}.')
        return _json(aw.query(body.get("query"), body.get("timeperiods"), request.args.get("name", "")))


def _settings_routes(bp: Blueprint, aw: ActivityWatchService) -> None:
    """aw-server's `/settings`: every setting, one setting (null when unset), or set one to the JSON body."""

    @bp.get("/settings", defaults={"key": ""})
    @bp.get("/settings/<key>")
    def settings(key: str) -> Response:
        return _json(aw.settings.get(key) if key else aw.settings.all())

    @bp.post("/settings/<key>")
    def set_setting(key: str) -> Response:
        if not request.content_length:
            raise ValidationError("The setting's value must be sent as a JSON body (null removes the setting).")
        return _json(aw.settings.set(key, _body()))


def _log_route(bp: Blueprint, aw: ActivityWatchService) -> None:
    """aw-server's `/log`: the server's log records, newest first."""

    @bp.get("/log")
    def server_log() -> Response:
        return _json(read_log(aw.log_file))


def read_log(path, limit: int = LOG_LINES) -> list[dict]:
    """The last `limit` records of LightTrack's log file as `{time, level, thread, name, message}`, newest first."""
    if path is None or not path.is_file():
        return []
    with path.open(encoding="utf-8", errors="replace") as lines:
        tail = deque(lines, maxlen=limit)
    return [_log_record(line.rstrip("\n")) for line in reversed(tail)]


def _log_record(line: str) -> dict:
    match = LOG_LINE.match(line)
    if match is None:
        return {"message": line}
    return match.groupdict()


def webui_blueprint(aw: ActivityWatchService) -> Blueprint:
    """`/aw/`: the aw-webui build the user pointed LightTrack at, same-origin with /api/0 (LightTrack ships none)."""
    bp = Blueprint("awwebui", __name__, url_prefix="/aw")

    @bp.get("/", defaults={"name": ""})
    @bp.get("/<path:name>")
    def webui(name: str) -> Response:
        folder = aw.webui_folder()
        if folder is None or not (folder / "index.html").is_file():
            return Response(NO_WEBUI, status=404, mimetype="text/plain")
        if name and (folder / name).is_file():
            response = send_from_directory(folder, name, max_age=0)
            response.headers["X-Content-Type-Options"] = "nosniff"
            return response
        if name and "." in name.rsplit("/", 1)[-1]:
            return Response(f"aw-webui has no file {name[:200]}.", status=404, mimetype="text/plain")
        return _webui_index(folder)

    return bp


def _webui_index(folder) -> Response:
    """aw-webui's index.html with its root-relative links (`/js/…`, `/static/…`) moved under /aw/."""
    html = (folder / "index.html").read_text(encoding="utf-8", errors="replace")
    return Response(ROOT_LINK.sub(r'\1="/aw/', html), mimetype="text/html", headers={"Cache-Control": "no-store"})


class HeartbeatDoor:
    """WSGI middleware: `POST /api/0/buckets/<id>/heartbeat?pulsetime=` straight to the service.

    Any other request, and a heartbeat addressed to a foreign Host (which the app then refuses),
    goes on to Flask. Threading contract: called by the server's threads at once; the service locks.
    """

    def __init__(self, app, aw: ActivityWatchService, allowed_hosts: Callable[[], set[str]]) -> None:
        self._app = app
        self._aw = aw
        self._allowed_hosts = allowed_hosts

    def __call__(self, environ: dict, start_response):
        bucket_id = self._bucket(environ)
        if bucket_id is None:
            return self._app(environ, start_response)
        if environ["REQUEST_METHOD"] == "OPTIONS":  # a browser extension's CORS preflight
            return self._answer(start_response, 200, b"", environ, {"Allow": "POST, OPTIONS"})
        try:
            status, payload = 200, self._aw.heartbeat(bucket_id, _wsgi_body(environ), _wsgi_pulsetime(environ))
        except LightTrackError as exc:
            status, payload = exc.status, {"type": exc.code, "message": str(exc)}
        return self._answer(start_response, status, orjson.dumps(payload), environ, {"Content-Type": "application/json"})

    def _bucket(self, environ: dict) -> str | None:
        """The bucket id of a heartbeat request this door answers, else None."""
        path = environ.get("PATH_INFO", "")
        if (environ.get("REQUEST_METHOD") not in ("POST", "OPTIONS") or not path.startswith(HEARTBEAT_PREFIX)
                or not path.endswith(HEARTBEAT_SUFFIX) or environ.get("HTTP_HOST") not in self._allowed_hosts()):
            return None
        bucket_id = path[len(HEARTBEAT_PREFIX):-len(HEARTBEAT_SUFFIX)].encode("latin-1").decode("utf-8", "replace")
        return bucket_id if bucket_id and "/" not in bucket_id else None

    def _answer(self, start_response, status: int, body: bytes, environ: dict, headers: dict) -> list[bytes]:
        cors = cors_headers(environ.get("HTTP_ORIGIN", ""), self._aw.extension_origins)
        headers = {**headers, "Content-Length": str(len(body)), **cors}
        start_response(f"{status} {HTTPStatus(status).phrase}", list(headers.items()))
        return [body]


def _wsgi_body(environ: dict) -> object:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if not 0 < length <= MAX_HEARTBEAT:
        raise ValidationError("The heartbeat must be a JSON event of at most 1 MB.")
    try:
        return orjson.loads(environ["wsgi.input"].read(length))
    except orjson.JSONDecodeError:
        raise ValidationError("The request body is not valid JSON.") from None


def _wsgi_pulsetime(environ: dict) -> float:
    try:
        pulsetime = float(parse_qs(environ.get("QUERY_STRING", ""))["pulsetime"][0])
    except (KeyError, ValueError):
        raise ValidationError("pulsetime (seconds) is required as a query parameter.") from None
    if not 0 <= pulsetime <= MAX_PULSETIME:  # also refuses nan and inf
        raise ValidationError(f"pulsetime must be between 0 and {MAX_PULSETIME} seconds.")
    return pulsetime
