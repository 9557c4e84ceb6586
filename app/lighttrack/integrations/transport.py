"""HTTP to remote services (stdlib only): timeouts, retries with backoff, Retry-After, a circuit breaker.

Errors carry a plain sentence that never holds a URL or a credential (a calendar's secret address
is its URL), so they can be shown in the dashboard and logged as they are.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import ValidationError

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
MAX_WAIT = 60.0  # longer Retry-After or backoff waits are left to the outbox's next round


class ServiceError(Exception):
    """A request that failed; `retryable` tells a passing problem from a refusal."""

    def __init__(self, message: str, status: int = 0, retryable: bool = False, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after

    @property
    def auth(self) -> bool:
        return self.status in (401, 403)


def check_url(url: object, field: str) -> str:
    """An https URL (or http to this machine); refused otherwise so a token never travels in clear."""
    if not isinstance(url, str) or len(url) > 2000:
        raise ValidationError(f"{field} must be a URL.")
    url = url.strip().replace("webcal://", "https://", 1)
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError(f"{field} must be an https:// URL.")
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS:
        raise ValidationError(f"{field} must use https:// (credentials never travel unencrypted).")
    return url.rstrip("/") if parts.path in ("", "/") else url


@dataclass
class CircuitBreaker:
    """Opens after `threshold` failed calls in a row; lets one call through after `cooldown` seconds."""

    threshold: int = 5
    cooldown: float = 300.0
    monotonic: Callable[[], float] = time.monotonic
    failures: int = 0
    opened_at: float | None = None

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.monotonic() - self.opened_at < self.cooldown

    def success(self) -> None:
        self.failures, self.opened_at = 0, None

    def failure(self) -> None:
        self.failures += 1
        if self.failures >= self.threshold:
            self.opened_at = self.monotonic()


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict = field(default_factory=dict)

    def json(self):
        return json.loads(self.body) if self.body.strip() else None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # the email package only for a dated Retry-After

    try:
        return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
    except (TypeError, ValueError):
        return None


def describe(service: str, status: int) -> str:
    """A plain sentence for an HTTP failure status."""
    if status in (401, 403):
        return f"{service} refused the credentials (HTTP {status}); check the token and its permissions."
    if status == 404:
        return f"{service} has no such item (HTTP 404)."
    if status == 429:
        return f"{service} is limiting requests (HTTP 429); LightTrack will try again later."
    if status >= 500:
        return f"{service} had a server problem (HTTP {status}); LightTrack will try again later."
    return f"{service} refused the request (HTTP {status})."


class Transport:
    """Requests to one service with its auth headers.

    Threading contract: one caller at a time (the integration manager serialises syncs).
    `sleep` and `monotonic` are injectable so tests run backoff on a fake clock.
    """

    def __init__(self, service: str, base_url: str, headers: dict[str, str], timeout: float = 15.0, retries: int = 3,
                 backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep,
                 breaker: CircuitBreaker | None = None) -> None:
        self.service = service
        self.base_url = base_url
        self._headers = headers
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self.breaker = breaker or CircuitBreaker()

    def request(self, method: str, path: str = "", *, body: object = None, form: dict | None = None,
                query: dict | None = None, retries: int | None = None) -> Response:
        """Send a request, retrying 5xx, 429 and timeouts with backoff; raise ServiceError when it fails.

        A request that must not run twice (a POST creating something) passes `retries=0`: after a
        timeout only the caller can tell whether it went through.
        """
        retries = self.retries if retries is None else retries
        if self.breaker.is_open:
            raise ServiceError(f"{self.service} failed repeatedly; LightTrack pauses it for a few minutes.",
                               retryable=True, retry_after=self.breaker.cooldown)
        attempt = 0
        while True:
            try:
                response = self._once(method, path, body, form, query)
            except ServiceError as exc:
                wait = exc.retry_after if exc.retry_after is not None else self.backoff * 2 ** attempt
                if not exc.retryable:
                    self.breaker.success()  # the service answered: it is up, it refused this request
                    raise
                if attempt >= retries or wait > MAX_WAIT:
                    self.breaker.failure()
                    raise
                self._sleep(wait)
                attempt += 1
                continue
            self.breaker.success()
            return response

    def _once(self, method: str, path: str, body, form, query) -> Response:
        # imported with the first request: http.client and ssl cost a few MB and 50 ms at start-up for the many
        # who connect no service
        import http.client
        import urllib.error
        import urllib.request

        url = self.base_url + path + ("?" + urllib.parse.urlencode(query, doseq=True) if query else "")
        headers = {"Accept": "application/json", "User-Agent": "LightTrack", **self._headers}
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json; charset=utf-8"
        elif form is not None:
            data, headers["Content-Type"] = urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as reply:
                return Response(reply.status, reply.read(), dict(reply.headers))
        except urllib.error.HTTPError as exc:
            retryable = exc.code >= 500 or exc.code == 429
            raise ServiceError(describe(self.service, exc.code), exc.code, retryable,
                               _retry_after(exc.headers.get("Retry-After"))) from None
        except TimeoutError:
            raise ServiceError(f"{self.service} did not answer within {self.timeout:g} s.", retryable=True) from None
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError, OSError) as exc:
            raise ServiceError(f"Could not reach {self.service} ({_reason(exc)}).", retryable=True) from None


def _reason(exc: Exception) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(reason, socket.gaierror):
        return "unknown host name"
    import http.client  # loaded by the request that failed

    if isinstance(reason, http.client.HTTPException):
        return "the connection was closed without an answer"
    return str(getattr(reason, "strerror", None) or "network error").lower()
