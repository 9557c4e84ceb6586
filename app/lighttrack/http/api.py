"""The Flask app: thin doors into the channel registry, guarded by the Host check and the token or a session."""

from __future__ import annotations

import time

import orjson
from flask import Flask, Response, request, send_from_directory

from ..channels.filepaths import named_file
from ..errors import LightTrackError
from .health import HEALTH_PATH
from .host import ApiHost
from .invoke import MAX_BODY, STATUS, TOO_LARGE, bearer_matches, call_args, status_of
from .metrics import prometheus_text

LOGIN_CODE_PATH = "/api/v1/login-code"
PAGE_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
_DOOR = ("<!doctype html><meta charset=utf-8><title>LightTrack</title>"
         "<body style='font:16px sans-serif;margin:3em'><h1>LightTrack</h1><p>{}</p>")
LOCKED_PAGE = _DOOR.format("Open the dashboard with the address that <code>lighttrack serve</code> printed, "
                           "or run <code>lighttrack open</code>.")
EXPIRED_PAGE = _DOOR.format("This login address was already used or has expired. "
                            "Run <code>lighttrack open</code> for a new one.")


def _json(payload: object, status: int = 200) -> Response:
    return Response(orjson.dumps(payload), status=status, mimetype="application/json")


def _failure(code: str, message: str) -> Response:
    return _json({"success": False, "error": message, "code": code}, STATUS[code])


def create_app(host: ApiHost) -> Flask:
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY

    @app.before_request
    def guard() -> Response | None:
        if request.host not in host.own_addresses():
            return _failure("FORBIDDEN", "Requests must address 127.0.0.1 or localhost on LightTrack's port.")
        needs_token = request.path.startswith("/api/v1/") and request.path != HEALTH_PATH
        by_session = request.path != LOGIN_CODE_PATH and _session_request(host, host.own_addresses())
        if needs_token and not (_authorized(host.token) or by_session):
            return _failure("UNAUTHORIZED", "A valid API token is required (see `lighttrack token`).")
        return None

    @app.post("/api/v1/invoke/<path:channel>")
    def invoke(channel: str) -> Response:
        try:
            args = _args()
        except LightTrackError as exc:
            return _failure(exc.code, str(exc))
        if named_file(channel, args) is not None and not _authorized(host.token):
            return _failure("FORBIDDEN", "A browser page can't name files on this computer: import with the file "
                                         "picker, and exports go to the exports folder.")
        envelope = host.registry.dispatch(channel, args)
        return _json(envelope, status_of(envelope))

    @app.post(LOGIN_CODE_PATH)
    def login_code() -> Response:
        return _json({"success": True, "data": {"url": host.login_url()}})

    @app.get("/api/v1/events")
    def events() -> Response:
        stream = host.streams.try_open()
        if stream is None:
            return _json({"success": False, "error": "Too many event streams are open.", "code": "INTERNAL_ERROR"}, 503)
        headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        return Response(stream, mimetype="text/event-stream", headers=headers)

    @app.get("/api/v1/metrics")
    def metrics() -> Response:
        text = prometheus_text(host.registry.metrics, host.streams.open_streams, time.monotonic() - host.started)
        return Response(text, mimetype="text/plain; version=0.0.4")

    @app.get("/")
    def index() -> Response:
        if "code" in request.args:
            return _redeem(host, request.args["code"])
        if not _has_session(host):
            return _page(LOCKED_PAGE, 401)
        return _dashboard_page(host)

    @app.get("/<path:name>")
    def static_file(name: str) -> Response:
        response = send_from_directory(host.web_dir, name, max_age=0)
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @app.errorhandler(404)
    def not_found(_error) -> Response:
        return _failure("NOT_FOUND", f"No such resource: {request.path[:200]}")

    @app.errorhandler(405)
    def wrong_method(_error) -> Response:
        return _failure("VALIDATION_ERROR", f"{request.method} is not allowed on {request.path[:200]}.")

    @app.errorhandler(413)
    def too_large(_error) -> Response:
        return _failure("VALIDATION_ERROR", TOO_LARGE)

    return app


def _has_session(host: ApiHost) -> bool:
    session = request.cookies.get(host.session_cookie, "")
    return bool(session) and host.login.is_session(session)


def _session_request(host: ApiHost, hosts: set[str]) -> bool:
    """A call by the dashboard page's session: from its own origin, and JSON when it writes."""
    origin = request.headers.get("Origin")
    if origin is not None and origin not in {f"http://{h}" for h in hosts}:
        return False
    if request.method != "GET" and request.mimetype != "application/json":
        return False
    return _has_session(host)


def _redeem(host: ApiHost, code: str) -> Response:
    """Exchange a one-time code for the session cookie and drop the code from the address."""
    session = host.login.redeem(code)
    if session is None:
        return _page(EXPIRED_PAGE, 401)
    response = Response(status=303, headers={"Location": "/", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})
    response.set_cookie(host.session_cookie, session, httponly=True, samesite="Strict", path="/")
    return response


def _authorized(token: str) -> bool:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") and request.path == "/api/v1/events":
        header = f"Bearer {request.args.get('token', '')}"  # an EventSource can't send headers
    return bearer_matches(header, token)


def _args() -> list:
    return call_args(request.get_data(cache=False))


def _dashboard_page(host: ApiHost) -> Response:
    """index.html for a browser with a session (its calls carry the session cookie, no token)."""
    return _page((host.web_dir / "index.html").read_text(encoding="utf-8"))


def _page(html: str, status: int = 200) -> Response:
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
               "X-Frame-Options": "DENY", "Content-Security-Policy": PAGE_POLICY}
    return Response(html, status=status, mimetype="text/html", headers=headers)
