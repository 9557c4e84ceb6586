"""A scripted HTTP service on 127.0.0.1 for integration tests: routes, recorded requests, injected failures."""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Seen:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body) if self.body else None

    def form(self) -> dict:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


@dataclass
class Failure:
    status: int
    headers: dict = field(default_factory=dict)
    body: object = None
    delay: float = 0.0
    then_handle: bool = False  # run the route anyway (the answer is lost: a timeout after the work was done)


class FakeService:
    """Routes are `(method, regex) → handler(seen, match) → (status, payload[, headers])`."""

    def __init__(self) -> None:
        self.routes: list[tuple[str, re.Pattern, object]] = []
        self.seen: list[Seen] = []
        self.failures: list[Failure] = []
        self.down = False
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> FakeService:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def route(self, method: str, pattern: str, handler) -> None:
        self.routes.append((method, re.compile(pattern + "$"), handler))

    def fail(self, status: int, times: int = 1, **kw) -> None:
        self.failures += [Failure(status, **kw) for _ in range(times)]

    def requests(self, method: str | None = None, path: str | None = None) -> list[Seen]:
        return [s for s in self.seen if (method is None or s.method == method) and (path is None or re.fullmatch(path, s.path))]

    def _answer(self, seen: Seen):
        with self._lock:
            self.seen.append(seen)
            failure = self.failures.pop(0) if self.failures else None
        if failure is not None:
            if failure.then_handle:
                self._dispatch(seen)
            time.sleep(failure.delay)
            return failure.status, failure.body, failure.headers
        return self._dispatch(seen)

    def _dispatch(self, seen: Seen):
        for method, pattern, handler in self.routes:
            match = pattern.match(seen.path)
            if method == seen.method and match:
                result = handler(seen, match)
                return result if len(result) == 3 else (*result, {})
        return 404, {"errorMessages": ["not found"]}, {}

    def _handler(self):
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _serve(self) -> None:
                if service.down:
                    self.connection.close()
                    return
                parts = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                seen = Seen(self.command, parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()},
                            {k.lower(): v for k, v in self.headers.items()}, body)
                status, payload, headers = service._answer(seen)
                raw = payload if isinstance(payload, bytes) else b"" if payload is None else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = _serve

        return Handler
