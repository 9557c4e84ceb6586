"""The channel door for token holders (the CLI, scripts, editor plugins), answered before the Flask app: calling a
channel does not load the whole API. A call without the token (the browser page's session) goes on to Flask."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Iterable
from typing import Any

import orjson

from ..errors import LightTrackError, ValidationError
from .host import ApiHost
from .server import WsgiApp, declared_length

INVOKE_PREFIX = "/api/v1/invoke/"
MAX_BODY = 16 * 1024 * 1024
STATUS = {"VALIDATION_ERROR": 400, "NOT_FOUND": 404, "CONFLICT": 409, "UNKNOWN_CHANNEL": 404,
          "UNAUTHORIZED": 401, "INTERNAL_ERROR": 500, "FORBIDDEN": 403, "STORAGE_FULL": 507}
REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict",
           413: "Content Too Large", 500: "Internal Server Error", 507: "Insufficient Storage"}
TOO_LARGE = f"The request body is too large (at most {MAX_BODY // 1048576} MB)."


def call_args(raw: bytes) -> list:
    """The `args` of a call's JSON body ({"args": [...]}; an empty body is no arguments)."""
    if not raw.strip():
        return []
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ValidationError("The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise ValidationError('The request body must be a JSON object like {"args": [...]}.')
    args = body.get("args", [])
    if not isinstance(args, list):
        raise ValidationError("args must be a list.")
    return args


def status_of(envelope: dict) -> int:
    return 200 if envelope["success"] else STATUS.get(envelope["code"], 500)


def bearer_matches(header: str, token: str) -> bool:
    given = header[7:] if header.startswith("Bearer ") else ""
    return bool(given) and hmac.compare_digest(given.encode(), token.encode())


class InvokeFirst:
    """POST /api/v1/invoke/<channel> with the API token, to LightTrack's own address, is answered here; every other
    request goes to `rest`."""

    def __init__(self, host: ApiHost, rest: WsgiApp) -> None:
        self._host = host
        self._rest = rest

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        length = declared_length(environ, MAX_BODY)
        if (environ.get("REQUEST_METHOD") != "POST" or not path.startswith(INVOKE_PREFIX)
                or environ.get("HTTP_HOST") not in self._host.own_addresses()
                or not bearer_matches(environ.get("HTTP_AUTHORIZATION", ""), self._host.token)):
            return self._rest(environ, start_response)
        if length is None and environ.get("HTTP_TRANSFER_ENCODING"):
            return self._rest(environ, start_response)  # a chunked body: Flask reads it
        if length is None:
            return _reply(start_response, 413, {"success": False, "error": TOO_LARGE, "code": "VALIDATION_ERROR"})
        try:
            args = call_args(environ["wsgi.input"].read(length))
        except LightTrackError as exc:
            return _reply(start_response, STATUS[exc.code], {"success": False, "error": str(exc), "code": exc.code})
        envelope = self._host.registry.dispatch(path[len(INVOKE_PREFIX):], args)
        return _reply(start_response, status_of(envelope), envelope)


def _reply(start_response: Callable[..., Any], status: int, envelope: dict) -> list[bytes]:
    body = orjson.dumps(envelope)
    start_response(f"{status} {REASONS[status]}", [("Content-Type", "application/json"),
                                                   ("Content-Length", str(len(body)))])
    return [body]
