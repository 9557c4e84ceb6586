"""The health door, answered before the Flask app: checking that the app runs does not load the whole API."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

import orjson

from .. import __version__
from .host import ApiHost
from .server import WsgiApp

HEALTH_PATH = "/api/v1/health"


def health(host: ApiHost) -> dict[str, Any]:
    """/api/v1/health: healthy, or degraded with the data folder's problems (no token needed)."""
    problems = host.problems()
    return {"status": "degraded" if problems else "healthy", "version": __version__,
            "uptime": round(time.monotonic() - host.started, 3), "problems": problems}


class HealthFirst:
    """GET /api/v1/health from LightTrack's own address is answered here; every other request goes to `rest`
    (which refuses a foreign Host header on this path too)."""

    def __init__(self, host: ApiHost, rest: WsgiApp) -> None:
        self._host = host
        self._rest = rest

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if environ.get("PATH_INFO") != HEALTH_PATH or method not in ("GET", "HEAD") \
                or environ.get("HTTP_HOST") not in self._host.own_addresses():
            return self._rest(environ, start_response)
        body = orjson.dumps(health(self._host))
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                                  ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")])
        return [] if method == "HEAD" else [body]
