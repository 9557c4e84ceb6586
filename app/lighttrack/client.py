"""A small client of the local API, for the CLI's quick actions against a running instance."""

from __future__ import annotations

from typing import Any

import orjson

from .errors import (ConflictError, LightTrackError, NotFoundError, UnauthorizedError, UnknownChannelError,
                     ValidationError)

ERRORS = {"VALIDATION_ERROR": ValidationError, "NOT_FOUND": NotFoundError, "CONFLICT": ConflictError,
          "UNKNOWN_CHANNEL": UnknownChannelError, "UNAUTHORIZED": UnauthorizedError}


class ApiClient:
    def __init__(self, port: int, token: str, timeout: float = 10.0) -> None:
        self.port = port
        self._token = token
        self._timeout = timeout

    def envelope(self, channel: str, args: list) -> dict:
        """Call a channel; return its envelope as the server sent it, or raise when the server doesn't answer."""
        return self._post(f"/api/v1/invoke/{channel}", {"args": args})

    def login_url(self) -> str:
        """A fresh one-time dashboard address from the running instance."""
        envelope = self._post("/api/v1/login-code", {})
        if not envelope.get("success"):
            raise LightTrackError(envelope.get("error", "The running LightTrack gave no login address."))
        return envelope["data"]["url"]

    def _post(self, path: str, body: object) -> dict:
        import http.client  # (with ssl and email) only when a command calls the running app, not at the app's start
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self._timeout)
        try:
            conn.request("POST", path, body=orjson.dumps(body),
                         headers={"Authorization": f"Bearer {self._token}", "Content-Type": "application/json"})
            return orjson.loads(conn.getresponse().read())
        except (OSError, orjson.JSONDecodeError) as exc:
            raise LightTrackError(f"The running LightTrack on port {self.port} did not answer: {exc}.") from None
        finally:
            conn.close()

    def invoke(self, channel: str, *args: object) -> Any:
        """Call a channel; return its data or raise the error its envelope names."""
        envelope = self.envelope(channel, list(args))
        if envelope.get("success"):
            return envelope.get("data")
        raise ERRORS.get(str(envelope.get("code")), LightTrackError)(envelope.get("error", "Unknown error."))
