"""Foundation figures at 1 and 5 years of data: start-up, channel round trips, queries, writes, memory.

Run: .venv/bin/python bench/foundation_bench.py   (takes about a minute)
"""

from __future__ import annotations

import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import orjson
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from datagen import generate  # noqa: E402


def start_serve(data_dir: Path) -> tuple[subprocess.Popen, int, float]:
    began = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "lighttrack", "serve", "--port", "0", "--data-dir", str(data_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = int(re.search(r":(\d+)/", proc.stdout.readline())[1])
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/health")
            if conn.getresponse().status == 200:
                return proc, port, time.perf_counter() - began
        except OSError:
            time.sleep(0.01)


class Caller:
    """Channel calls over one keep-alive connection, timed."""

    def __init__(self, port: int, token: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def __call__(self, channel: str, *args) -> tuple[float, object]:
        began = time.perf_counter()
        self.conn.request("POST", f"/api/v1/invoke/{channel}", orjson.dumps({"args": list(args)}), self.headers)
        envelope = orjson.loads(self.conn.getresponse().read())
        elapsed = (time.perf_counter() - began) * 1000
        assert envelope["success"], envelope
        return elapsed, envelope["data"]

    def timed(self, n: int, channel: str, *args) -> tuple[float, float]:
        samples = sorted(self(channel, *args)[0] for _ in range(n))
        return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def measure(years: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix=f"lt-bench-{years}y-"))
    began = time.perf_counter()
    count = generate(folder, years)
    print(f"\n== {years} year(s): {count} activities generated in {time.perf_counter() - began:.1f}s, "
          f"{sum(p.stat().st_size for p in folder.rglob('*.db')) / 1e6:.1f} MB on disk")
    started = time.perf_counter()
    proc, port, cold = start_serve(folder)
    try:
        token = subprocess.run([sys.executable, "-m", "lighttrack", "token", "--data-dir", str(folder)],
                               capture_output=True, text=True).stdout.strip()
        call = Caller(port, token)
        yesterday = date.today() - timedelta(days=1)
        while yesterday.weekday() >= 5:
            yesterday -= timedelta(days=1)
        week = yesterday - timedelta(days=yesterday.weekday())
        print(f"cold start to healthy /api/v1/health   {cold * 1000:8.0f} ms")
        print("round trip settings:get        p50 %.2f ms  p95 %.2f ms" % call.timed(300, "settings:get", "theme"))
        print("round trip project:getAll      p50 %.2f ms  p95 %.2f ms" % call.timed(300, "project:getAll"))
        print("getFiltered one day            p50 %.2f ms  p95 %.2f ms" % call.timed(
            50, "activity:getFiltered", {"startDate": yesterday.isoformat(), "endDate": yesterday.isoformat()}))
        month_start = yesterday.replace(day=1)
        print("getFiltered one month          p50 %.2f ms  p95 %.2f ms" % call.timed(
            20, "activity:getFiltered", {"startDate": month_start.isoformat(), "endDate": yesterday.isoformat()}))
        print("analytics:getDailyStats        p50 %.2f ms  p95 %.2f ms" % call.timed(50, "analytics:getDailyStats", yesterday.isoformat()))
        print("analytics:getWeeklyStats       p50 %.2f ms  p95 %.2f ms" % call.timed(50, "analytics:getWeeklyStats", week.isoformat()))
        writes = sorted(call("activity:add", {"name": "bench write", "startTime": f"{yesterday.isoformat()}T20:00:00Z",
                                              "duration": 60_000})[0] for _ in range(50))
        print("one write (activity:add)       p50 %.2f ms  p95 %.2f ms" % (statistics.median(writes), writes[47]))
        starts = sorted(call("activity:start", {"name": "bench timer"})[0] for _ in range(50))
        print("one write (activity:start)     p50 %.2f ms  p95 %.2f ms" % (statistics.median(starts), starts[47]))
        rss = psutil.Process(proc.pid).memory_info().rss / 2**20
        print(f"RSS of serve after the runs above   {rss:8.1f} MiB")
        time.sleep(max(0.0, 30 - (time.perf_counter() - started)))
        rss = psutil.Process(proc.pid).memory_info().rss / 2**20
        print(f"RSS of serve at rest (30 s up)      {rss:8.1f} MiB")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    os.environ.setdefault("LIGHTTRACK_KEYRING", "file")
    for years in (1, 5):
        measure(years)
