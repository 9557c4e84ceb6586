"""Helpers the tests share: a fake clock, a store on real files, a real `lighttrack serve` process."""

from __future__ import annotations

import http.client
import os
import queue
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import orjson
import pytest

from lighttrack.core.context import Context
from lighttrack.core.services import Services
from lighttrack.store.crypto import Cipher, new_key
from lighttrack.store.database import Store

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
REQUIRE_GUI = os.environ.get("LIGHTTRACK_REQUIRE_GUI") == "1"


def need(*binaries: str) -> None:
    """Skip (or, with LIGHTTRACK_REQUIRE_GUI=1, fail) when a desktop binary is missing."""
    missing = [b for b in binaries if not shutil.which(b)]
    if missing or not sys.platform.startswith("linux"):
        reason = f"needs {', '.join(missing) or 'Linux'}"
        if REQUIRE_GUI:
            pytest.fail(f"{reason} (LIGHTTRACK_REQUIRE_GUI=1)")
        pytest.skip(reason)


def stop_process(proc: subprocess.Popen | None, timeout: float = 5) -> None:
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float = 0, **delta: float) -> datetime:
        self.current += timedelta(seconds=seconds, **delta)
        return self.current


def open_services(folder: Path, clock=None, zone=None, key: bytes | None = None) -> Services:
    """Services over an encrypted store in `folder` (real files)."""
    store = Store(folder, Cipher(key or new_key()))
    ctx = Context(store, clock=clock) if clock else Context(store)
    ctx.zone = zone
    return Services.open(ctx)


@dataclass
class Served:
    """A running `lighttrack serve` and a way to call it."""

    proc: subprocess.Popen
    port: int
    token: str
    data_dir: Path

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read(), dict(response.getheaders())
        finally:
            conn.close()

    def call(self, channel: str, *args, token: str | None = None) -> tuple[int, dict]:
        """POST a channel call; return (HTTP status, envelope)."""
        status, raw, _ = self.request("POST", f"/api/v1/invoke/{channel}", orjson.dumps({"args": list(args)}),
                                      {"Authorization": f"Bearer {token or self.token}"})
        return status, orjson.loads(raw)

    def data(self, channel: str, *args):
        _status, envelope = self.call(channel, *args)
        assert envelope["success"], envelope
        return envelope["data"]

    def login_url(self) -> str:
        """A fresh one-time dashboard address (what `lighttrack open --print` prints)."""
        status, raw, _ = self.request("POST", "/api/v1/login-code", b"{}", {"Authorization": f"Bearer {self.token}",
                                                                          "Content-Type": "application/json"})
        assert status == 200, raw
        return orjson.loads(raw)["data"]["url"]

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(10)


def lighttrack(*args: str, data_dir: Path, check: bool = False, timeout: float = 30, **kw) -> subprocess.CompletedProcess:
    """Run the CLI as a user would."""
    result = subprocess.run([sys.executable, "-m", "lighttrack", *args, "--data-dir", str(data_dir)],
                            capture_output=True, text=True, timeout=timeout, **kw)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def start_serve(data_dir: Path, *extra: str, env: dict | None = None) -> Served:
    """Start `lighttrack serve --port 0` and wait for its Dashboard line."""
    proc = subprocess.Popen([sys.executable, "-m", "lighttrack", "serve", "--port", "0", "--data-dir", str(data_dir), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    line = proc.stdout.readline()
    match = re.search(r"Dashboard: http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        proc.kill()
        raise AssertionError(f"serve did not start: {line!r} {proc.stderr.read()}")
    token = lighttrack("token", data_dir=data_dir, check=True).stdout.strip()
    return Served(proc, int(match[1]), token, data_dir)


def wait_until(predicate, timeout: float = 10.0, what: str = "condition", interval: float = 0.05):
    """Poll `predicate` until it returns something truthy; return that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def read_line(proc: subprocess.Popen, timeout: float = 20.0, what: str = "a line") -> str:
    """The next line `proc` prints, or an AssertionError after `timeout` seconds (never a run that hangs)."""
    if not select.select([proc.stdout], [], [], timeout)[0]:
        raise AssertionError(f"timed out after {timeout}s waiting for {what}")
    return proc.stdout.readline()


class LineReader:
    """The lines a helper process prints, read on a thread of their own: a wait can time out, and lines printed
    before a step (a notification left from an earlier absence) can be dropped without blocking."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, args=(proc.stdout,), daemon=True).start()

    def _pump(self, stream) -> None:
        for line in stream:
            self._lines.put(line)

    def next(self, timeout: float = 20.0, what: str = "a line") -> str:
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}") from None

    def drain(self) -> list[str]:
        """The lines printed so far and not read yet, removed."""
        drained = []
        while not self._lines.empty():
            drained.append(self._lines.get_nowait())
        return drained


def stored_bytes(folder: Path) -> bytes:
    """Every byte of every file under `folder`."""
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def env_without_display() -> dict:
    env = dict(os.environ)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


def web_invoke_channels() -> set[str]:
    """The channels web/js/channels.js lets the dashboard invoke."""
    source = (Path(__file__).resolve().parents[1] / "web" / "js" / "channels.js").read_text()
    block = re.search(r"INVOKE_CHANNELS\s*=\s*Object\.freeze\(\[(.*?)\]\)", source, re.S)[1]
    return set(re.findall(r"'([^']+)'", block))
