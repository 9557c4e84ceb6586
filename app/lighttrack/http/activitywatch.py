"""`/api/0/…`: ActivityWatch's REST API, so its watchers, browser and editor extensions report here unchanged.

Like aw-server it needs no token (aw-client sends none): the 127.0.0.1 binding, the app's Host
check and the door of awguard.py (JSON writes only, no foreign Origin) guard it. Browser extensions
the user allowed get CORS headers; no web page does. Errors have aw-server's shape, `{"type", "message"}`.

What a watcher calls (info, its bucket, heartbeats: the one hot path, every second or so) is answered
before this Flask app is built, by awwatchers.py; the routes here answer the rest (aw-webui, queries, exports).
"""

from __future__ import annotations

import re
from collections import deque

import orjson
from flask import Blueprint, Flask, Response, current_app, request, send_from_directory
from werkzeug.exceptions import HTTPException

from ..core.activitywatch.service import ActivityWatchService
from ..core.activitywatch.model import parse_moment
from ..errors import LightTrackError, ValidationError
from .awguard import cors_headers

PREFIX, ENDPOINTS = "/api/0/", "activitywatch."
LOG_LINES = 1000
ROOT_LINK = re.compile(r'\b(src|href)="/(?!/|aw/)')
NO_WEBUI = ("No aw-webui build is set: start LightTrack with `lighttrack serve --aw-webui DIR` or set awWebuiFolder "
            "to a folder that holds aw-webui's index.html.")
LOG_LINE = re.compile(r"(?P<time>\S+ \S+) (?P<level>[A-Z]+) (?P<thread>\S+) (?P<name>[^:\s]+): (?P<message>.*)")


def install(app: Flask, aw: ActivityWatchService) -> None:
    """Add the /api/0 and /aw/ routes to `app` (the guard and the watchers' door stand in front of it)."""
    app.register_blueprint(blueprint(aw))
    app.register_blueprint(webui_blueprint(aw))
    app.before_request(_unknown_route)


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
