"""ActivityWatch heartbeats through aw-client (the real library) against `lighttrack serve`.

Run: .venv/bin/python bench/activitywatch_bench.py [heartbeats]   (needs aw-client==0.5.15; ~30 s)
With AW_SERVER=/path/to/aw-server (ActivityWatch's Python server, installed in a venv of its own, e.g.
`python3 -m venv /tmp/aw && /tmp/aw/bin/pip install aw-server==0.12.0`) the same watchers also run against
it in the same run, and the ratios are taken from that run. With LIGHTTRACK_BEFORE=DIR (a folder holding the
`lighttrack` package of another version, e.g. `git archive <commit> app | tar -x -C DIR` then DIR/app) the same
heartbeats also run against that version, to compare before and after a change (here: durable heartbeats, each
on the disk before its 200, concurrent ones sharing an fsync).

Prints throughput and p50/p95 latency next to aw-server's 176 heartbeats/s (p50 5.5 ms) measured
on this machine kind, for: one watcher merging heartbeats, one watcher whose data changes every
time (an insert each), several watchers at once, and, for scale, the `requests` library's own
ceiling against a server that answers instantly (aw-client opens a new connection per call).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

AW_SERVER_RATE = 176.0
AW_SERVER_P50 = 5.5


def start_serve(data_dir: Path, source: str | None = None) -> tuple[subprocess.Popen, int]:
    """`lighttrack serve` from this checkout, or from the `lighttrack` package in `source`."""
    env = {**os.environ, "PYTHONPATH": source} if source else None
    proc = subprocess.Popen([sys.executable, "-m", "lighttrack", "serve", "--port", "0", "--data-dir", str(data_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    return proc, int(re.search(r":(\d+)/", proc.stdout.readline())[1])


def start_aw_server(executable: str, home: str) -> tuple[subprocess.Popen, int]:
    """ActivityWatch's own server on a free port, with its in-memory storage: the PyPI aw-server 0.12.0's
    SQLite storage fails with today's iso8601, and memory is the faster of the two, so the ratio is conservative."""
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "HOME": home, "XDG_DATA_HOME": f"{home}/aw-data", "XDG_CONFIG_HOME": f"{home}/aw-config"}
    proc = subprocess.Popen([executable, "--testing", "--storage", "memory", "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    import urllib.request
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/0/info", timeout=1)
            return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("aw-server did not start")


def watcher(port: int, bucket: str, n: int, changing: bool) -> list[float]:
    """Send `n` heartbeats from one aw-client; return each call's latency in ms."""
    from aw_client import ActivityWatchClient
    from aw_core.models import Event

    client = ActivityWatchClient(f"bench-{bucket}", host="127.0.0.1", port=port)
    client.create_bucket(bucket, "currentwindow")
    start = datetime.now(timezone.utc)
    samples = []
    for i in range(n):
        data = {"app": "editor", "title": f"file {i % 2 if changing else 0}.py"}
        event = Event(timestamp=start + timedelta(seconds=i), duration=0, data=data)
        began = time.perf_counter()
        client.heartbeat(bucket, event, pulsetime=2.0)
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def keepalive_heartbeats(port: int, bucket: str, n: int) -> list[float]:
    """The server's own capacity: the same heartbeats over one keep-alive connection (no client library)."""
    import http.client
    import json

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": "application/json", "Host": f"127.0.0.1:{port}"}
    conn.request("POST", f"/api/0/buckets/{bucket}", json.dumps({"client": "bench", "type": "currentwindow",
                                                                   "hostname": "bench"}), headers)
    conn.getresponse().read()
    start = datetime.now(timezone.utc)
    samples = []
    for i in range(n):
        body = json.dumps({"timestamp": (start + timedelta(seconds=i)).isoformat(), "duration": 0,
                           "data": {"app": "editor", "title": "file 0.py"}})
        began = time.perf_counter()
        conn.request("POST", f"/api/0/buckets/{bucket}/heartbeat?pulsetime=2", body, headers)
        conn.getresponse().read()
        samples.append((time.perf_counter() - began) * 1000)
    conn.close()
    return samples


def _watcher_process(args: tuple) -> list[float]:
    return watcher(*args)


def report(label: str, samples: list[float], seconds: float, baseline: float = AW_SERVER_RATE) -> float:
    ordered = sorted(samples)
    rate = len(samples) / seconds
    print(f"{label:<44} {rate:7.0f}/s  p50 {statistics.median(ordered):5.2f} ms  "
          f"p95 {ordered[int(len(ordered) * 0.95) - 1]:5.2f} ms  ({rate / baseline:.1f}x aw-server)")
    return rate


def side_by_side(port: int, n: int, home: str) -> dict[str, float]:
    """aw-server's rates for the same two watchers, when AW_SERVER names its executable."""
    executable = os.environ.get("AW_SERVER")
    if not executable:
        return {}
    proc, aw_port = start_aw_server(executable, home)
    try:
        watcher(aw_port, "warmup", 50, False)
        rates = {changing: report(f"aw-server: {label}", *timed(lambda: watcher(aw_port, f"aw-{label[:5]}", n, changing)),
                                  baseline=AW_SERVER_RATE)
                 for changing, label in ((False, "same data (merge)"), (True, "data changes (insert)"))}
        rates["keepalive"] = report("aw-server: keep-alive client, no library", *timed(
            lambda: keepalive_heartbeats(aw_port, "aw-keepalive", n)), baseline=AW_SERVER_RATE)
        return rates
    finally:
        proc.terminate()
        proc.wait(10)


def before_rates(n: int, home: str) -> dict[str, float]:
    """The same heartbeats against the version in LIGHTTRACK_BEFORE, when set."""
    source = os.environ.get("LIGHTTRACK_BEFORE")
    if not source:
        return {}
    proc, port = start_serve(Path(home) / "before", source)
    try:
        watcher(port, "warmup", 50, False)
        rates = {changing: report(f"before: 1 watcher, {label}", *timed(lambda: watcher(port, f"b-{label[:5]}", n, changing)))
                 for changing, label in ((False, "same data (merge)"), (True, "data changes (insert)"))}
        rates["keepalive"] = report("before: keep-alive client, no library", *timed(
            lambda: keepalive_heartbeats(port, "b-keepalive", n)))
        return rates
    finally:
        proc.terminate()
        proc.wait(10)


def timed(run) -> tuple[list[float], float]:
    began = time.perf_counter()
    samples = run()
    return samples, time.perf_counter() - began


def requests_ceiling(n: int) -> float:
    """Calls/s of requests.post against a server that answers at once, no work at all."""
    import requests

    reply = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"

    async def answer(reader, writer):
        await reader.readuntil(b"\r\n\r\n")
        writer.write(reply)
        await writer.drain()
        writer.close()

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(asyncio.start_server(answer, "127.0.0.1", 0))
    threading.Thread(target=loop.run_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
    began = time.perf_counter()
    for _ in range(n):
        requests.post(url, data=b"{}", headers={"Content-type": "application/json"})
    rate = n / (time.perf_counter() - began)
    loop.call_soon_threadsafe(loop.stop)
    return rate


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    home = tempfile.mkdtemp(prefix="lighttrack-awbench-")
    os.environ.update({"HOME": home, "XDG_CONFIG_HOME": f"{home}/config", "XDG_DATA_HOME": f"{home}/data",
                       "XDG_CACHE_HOME": f"{home}/cache", "LIGHTTRACK_KEYRING": "file"})
    proc, port = start_serve(Path(home) / "lighttrack")
    try:
        watcher(port, "warmup", 50, False)
        print(f"aw-server (measured earlier on this machine kind): {AW_SERVER_RATE:.0f}/s, p50 {AW_SERVER_P50} ms")
        measured = side_by_side(port, n, home)
        before_rates(n, home)
        report("1 watcher, same data (merge)", *timed(lambda: watcher(port, "merge", n, False)),
               baseline=measured.get(False, AW_SERVER_RATE))
        report("1 watcher, data changes every beat (insert)", *timed(lambda: watcher(port, "insert", n, True)),
               baseline=measured.get(True, AW_SERVER_RATE))
        report("keep-alive client, no library (server capacity)", *timed(lambda: keepalive_heartbeats(port, "keepalive", n)),
               baseline=measured.get("keepalive", AW_SERVER_RATE))
        for clients in (2, 4):
            with multiprocessing.get_context("spawn").Pool(clients) as pool:
                jobs = [(port, f"multi{clients}-{i}", n // clients, False) for i in range(clients)]
                samples, seconds = timed(lambda: [s for part in pool.map(_watcher_process, jobs) for s in part])
            report(f"{clients} watchers at once (processes)", samples, seconds)
        print(f"{'requests.post ceiling (server answering instantly)':<44} {requests_ceiling(n // 2):7.0f}/s  "
              f"on {os.cpu_count()} CPUs")
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
