"""Hostile arguments for every channel and every /api/0 endpoint of a running instance (hypothesis).

Wrong types, huge and deep values, extreme dates, NaN/inf and NUL bytes must come back as JSON errors
(never INTERNAL_ERROR, never a 500 or an HTML page), and a refused call must leave the stored data as it was.
Channels that reach the network or the desktop (integrations, sync, update checks, autostart) and those
that write files where a path points are left to their own tests.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import math
from pathlib import Path
from urllib.parse import quote

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import wait_until

from lighttrack.runtime import Runtime, api_token

pytestmark = pytest.mark.slow

SKIPPED = ("integration:", "jira:", "github:", "calendar:", "app:checkForUpdates", "app:setAutostart", "export:run",
           "export:backup", "activity:export", "import:preview", "import:run")
KEYS = ["name", "startTime", "endTime", "duration", "projectId", "tags", "id", "ids", "start", "end", "key", "value",
        "pattern", "timestamp", "data", "type", "limit", "startDate", "endDate", "date", "color", "minutes", "target",
        "period", "sortOrder", "search", "categoryId", "description", "isPaused", "metadata", "buckets", "events"]
DATES = ["0001-01-01T00:00+05:00", "9999-12-31", "9999-12-31T23:59:59.999999-05:00", "0001-01-01", "2026-02-30",
         "2026-03-10T25:00:00Z", "1969-12-31T23:59:59Z", "2026-03-10T09:00:00Z", "2026-03-10", "+275760-09-13", ""]
UNCHANGING = ("logs", "instance.json", "lighttrack.lock", "spans")


def _deep_text(depth: int) -> str:
    """JSON nested `depth` levels deep, built without recursion."""
    return '{"a":[' * (depth // 2) + "1" + "]}" * (depth // 2)


class Deep:
    """A value nested `depth` levels deep; sent as JSON text (serialisers recurse, this doesn't)."""

    def __init__(self, depth: int) -> None:
        self.text = _deep_text(depth)

    def __repr__(self) -> str:
        return f"Deep({self.text.count('[')* 2})"


def _dumps(value: object) -> bytes:
    """JSON of `value`; integers beyond 64 bits and NaN/Infinity (Python's spelling) too."""
    try:
        return orjson.dumps(value, default=lambda o: orjson.Fragment(o.text.encode()))
    except TypeError:
        pass
    holes: list[str] = []
    text = json.dumps(value, default=lambda o: holes.append(o.text) or f"@@deep{len(holes) - 1}@@")
    for number, hole in enumerate(holes):
        text = text.replace(f'"@@deep{number}@@"', hole)
    return text.encode()


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20), st.sampled_from(DATES),
    st.sampled_from(["\x00", "a\x00b", "../../etc/passwd", "x" * 100_000, "123", "<b>x</b>", _deep_text(5000),
                     '{"activities": ' + _deep_text(5000) + "}", '{"buckets": {"b": {"events": ' + _deep_text(5000) + "}}}"]),
)
VALUES = st.one_of(
    st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                 | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=5), max_leaves=12),
    st.integers(min_value=100, max_value=1000).map(Deep),
)


def _plain(value: object) -> object:
    """`value` with deep fragments as parsed JSON (what the server would have decoded)."""
    if isinstance(value, Deep):
        return orjson.loads(value.text)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _finite(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    return True


class Instance:
    """A running instance in this process: its registry for direct calls, its port for HTTP."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.token = api_token(runtime.data.vault)
        self.conn = http.client.HTTPConnection("127.0.0.1", runtime.port, timeout=60)

    def http(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                return response.status, response.getheader("Content-Type", ""), response.read()
            except (http.client.HTTPException, OSError):
                self.conn.close()  # the server closed the keep-alive connection: one new try
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def snapshot(self) -> str:
        """A digest of every stored byte that a refused call must not change."""
        digest = hashlib.sha256()
        folder = self.runtime.data_dir
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if path.is_file() and relative.parts[0] not in UNCHANGING:
                digest.update(str(relative).encode() + path.read_bytes())
        return digest.hexdigest()


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    # No display for its tracker: once a fuzzed app:completeFirstRun gives consent, a tracker on the test session's
    # Xvfb would record and pause activities on its own, and a refused call would seem to have changed the data.
    runtime = Runtime(tmp_path_factory.mktemp("fuzz") / "data", 0)
    with pytest.MonkeyPatch.context() as patch:
        for name in ("DISPLAY", "WAYLAND_DISPLAY"):
            patch.delenv(name, raising=False)
        runtime.start()
        # the tracker probes the desktop when it starts, on a thread of its own: keep the display hidden until then
        wait_until(lambda: runtime.tracker.sampler.running, timeout=30, what="the tracker to start")
    try:
        yield Instance(runtime)
    finally:
        runtime.stop()


def _check(status: int, content_type: str, raw: bytes) -> dict:
    assert status < 500, raw[:300]
    assert content_type.startswith("application/json"), (content_type, raw[:300])
    answer = orjson.loads(raw)
    assert answer is None or not isinstance(answer, dict) or answer.get("code", answer.get("type")) != "INTERNAL_ERROR", answer
    return answer


def _channels(instance) -> list[str]:
    return sorted(n for n in instance.runtime.registry.names() if not n.startswith(SKIPPED))


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_channel_answers_hostile_arguments_with_a_clear_error(instance, data):
    channel = data.draw(st.sampled_from(_channels(instance)), label="channel")
    args = data.draw(st.lists(VALUES, max_size=4), label="args")
    before = instance.snapshot()
    if _finite(args):
        body = _dumps({"args": args})
        status, kind, raw = instance.http("POST", f"/api/v1/invoke/{channel}", body,
                                          {"Authorization": f"Bearer {instance.token}", "Content-Type": "application/json"})
        envelope = _check(status, kind, raw)
    else:
        envelope = instance.runtime.registry.dispatch(channel, _plain(args))
        assert envelope["success"] or envelope["code"] != "INTERNAL_ERROR", envelope
    if not envelope["success"]:
        assert envelope["error"] and instance.snapshot() == before, envelope


ENDPOINTS = [("GET", "/api/0/info"), ("GET", "/api/0/buckets/"), ("GET", "/api/0/buckets/{b}"),
             ("POST", "/api/0/buckets/{b}"), ("DELETE", "/api/0/buckets/{b}?force={q}"),
             ("GET", "/api/0/buckets/{b}/events?limit={q}&start={q}&end={q}"), ("POST", "/api/0/buckets/{b}/events"),
             ("GET", "/api/0/buckets/{b}/events/count?start={q}&end={q}"), ("GET", "/api/0/buckets/{b}/events/{q}"),
             ("DELETE", "/api/0/buckets/{b}/events/{q}"), ("POST", "/api/0/buckets/{b}/heartbeat?pulsetime={q}"),
             ("GET", "/api/0/buckets/{b}/export"), ("GET", "/api/0/export"), ("POST", "/api/0/import")]
BUCKETS = st.one_of(st.sampled_from(["fuzz-window", "fuzz-afk", "missing"]), st.text(min_size=1, max_size=30))
QUERY = st.one_of(st.sampled_from(DATES + ["inf", "-inf", "nan", "1e309", "-1", "1", "0", "x"]), st.text(max_size=10))


def _body(value: object) -> bytes:
    if value == "raw-nan":
        return b'{"timestamp": NaN, "duration": Infinity, "data": {}}'
    return _dumps(value)


EVENTS = st.one_of(VALUES, st.just("raw-nan"), st.fixed_dictionaries(
    {"timestamp": st.sampled_from(DATES) | SCALARS, "duration": SCALARS, "data": VALUES}))


@settings(max_examples=700, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_activitywatch_endpoint_answers_hostile_requests_with_json(instance, data):
    for bucket, kind in (("fuzz-window", "currentwindow"), ("fuzz-afk", "afkstatus")):
        instance.http("POST", f"/api/0/buckets/{bucket}", orjson.dumps({"type": kind, "client": "fuzz", "hostname": "h"}),
                      {"Content-Type": "application/json"})
    method, template = data.draw(st.sampled_from(ENDPOINTS), label="endpoint")
    bucket = quote(data.draw(BUCKETS, label="bucket"), safe="")
    path = template.format(b=bucket, q=quote(data.draw(QUERY, label="query"), safe=""))
    body = _body(data.draw(EVENTS, label="body")) if method == "POST" else None
    before = instance.snapshot()
    status, kind, raw = instance.http(method, path, body, {"Content-Type": "application/json"} if body else {})
    _check(status, kind, raw) if raw else None
    if status >= 400:
        assert instance.snapshot() == before, (status, raw[:300])
