"""The door of `/api/0`: what a web page in the user's browser may not do there.

`/api/0` takes no token (ActivityWatch's clients send none), so a page could otherwise write into it
with requests a browser sends without a preflight (a `text/plain` fetch, an HTML form, a multipart
upload). Writes must be `application/json` (which a foreign page can only send after a preflight),
and a request whose `Origin` is neither this server nor a browser extension the user allowed is
refused. CORS headers go to the allowed extensions only.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

import orjson

PREFIX = "/api/0/"
WRITES = ("POST", "PUT", "PATCH")
CORS = {"Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS", "Access-Control-Allow-Headers": "Content-Type",
        "Vary": "Origin"}
SETTING = "activityWatchExtensionOrigins"


def cors_headers(origin: str, allowed: Callable[[], set[str]]) -> dict[str, str]:
    """CORS headers for an allowed extension's request, else none."""
    return {"Access-Control-Allow-Origin": origin, **CORS} if origin and origin in allowed() else {}


def refusal(method: str, content_type: str, origin: str, own_origins: set[str],
            allowed: Callable[[], set[str]], has_body: bool = True) -> tuple[int, str] | None:
    """(status, sentence) when an /api/0 request must be refused, else None.

    A write without a body carries nothing to smuggle in: the app answers it (400, or 405 for a method it lacks).
    """
    if origin and origin not in own_origins and origin not in allowed():
        return 403, (f"Requests from {origin[:100]} are not allowed; to let a browser extension report here, "
                     f"add its origin to the setting {SETTING}.")
    if method in WRITES and has_body and content_type.split(";")[0].strip().lower() != "application/json":
        return 415, "/api/0 writes must be sent as Content-Type: application/json."
    return None


class AwGuard:
    """WSGI middleware in front of the app: refuses /api/0 requests that `refusal` names.

    Threading contract: called by the server's threads at once; it keeps no state.
    """

    def __init__(self, app, hosts: Callable[[], set[str]], allowed: Callable[[], set[str]]) -> None:
        self._app = app
        self._hosts = hosts
        self._allowed = allowed

    def __call__(self, environ: dict, start_response):
        hosts = self._hosts()
        if not environ.get("PATH_INFO", "").startswith(PREFIX) or environ.get("HTTP_HOST") not in hosts:
            return self._app(environ, start_response)  # the app refuses a foreign Host itself
        refused = refusal(environ.get("REQUEST_METHOD", ""), environ.get("CONTENT_TYPE", ""),
                          environ.get("HTTP_ORIGIN", ""), {f"http://{h}" for h in hosts}, self._allowed,
                          _has_body(environ))
        if refused is None:
            return self._app(environ, start_response)
        status, message = refused
        body = orjson.dumps({"type": HTTPStatus(status).name, "message": message})
        start_response(f"{status} {HTTPStatus(status).phrase}",
                       [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]


def _has_body(environ: dict) -> bool:
    length = environ.get("CONTENT_LENGTH") or "0"
    return bool(environ.get("HTTP_TRANSFER_ENCODING")) or not length.isdigit() or int(length) > 0
