"""ActivityWatch heartbeats through aw-client (the real library), and query2 over a day, a week and a year of
events, against `lighttrack serve`.

Run: .venv/bin/python bench/activitywatch_bench.py [heartbeats]   (needs aw-client==0.5.15; ~3 min; 0: queries only)
With AW_SERVER=/path/to/aw-server (ActivityWatch's Python server, installed in a venv of its own, e.g.
`python3 -m venv aw-venv && aw-venv/bin/pip install aw-server==0.12.0 'peewee<4'`, then, over what that brought,
`aw-venv/bin/pip install 'flask<2.3' 'werkzeug<2.3'`: pip warns of the conflict, and aw-server's queries answer only
with these) the same watchers also run against
it in the same run, and the ratios are taken from that run. With LIGHTTRACK_BEFORE=DIR (a folder holding the
`lighttrack` package of another version, e.g. `git archive <commit> app | tar -x -C DIR` then DIR/app) the same
heartbeats also run against that version, to compare before and after a change (here: durable heartbeats, each
on the disk before its 200, concurrent ones sharing an fsync).

Queries: a year of window events (1,000 a day) and AFK events is loaded through `/api/0`, LightTrack is restarted
(so nothing of it is decoded in memory), then aw-webui's Activity query (flood, AFK cut, categorize, merge by
app/title/category, sum) runs for the last day, week and year, the first time with no day packed on disk yet
(these queries decode the journals and pack the sealed days, as after an upgrade or an import). LightTrack is
restarted again and the queries run: cold (the first query after the start, the sealed days read from their packs),
with the days decoded (the best of three, each worked out again) and repeated (the best of three identical ones,
answered from memory), each with the server's CPU time, then the server's RSS; next to aw-server's when AW_SERVER
names it.

Prints heartbeat throughput and p50/p95 latency next to aw-server's 176 heartbeats/s (p50 5.5 ms) measured
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


def start_aw_server(executable: str, home: str, storage: str = "memory") -> tuple[subprocess.Popen, int]:
    """ActivityWatch's own server on a free port. Heartbeats use its in-memory storage (the faster one, so the
    ratio is conservative); queries its SQLite storage (`peewee`): the memory storage's insert scans the whole
    bucket, so a year can't be loaded into it. aw-server 0.12.0's SQLite storage and query answers need
    `peewee<4`, `flask<2.3` and `werkzeug<2.3` in its venv (with today's versions they fail)."""
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "HOME": home, "XDG_DATA_HOME": f"{home}/aw-data", "XDG_CONFIG_HOME": f"{home}/aw-config"}
    proc = subprocess.Popen([executable, "--testing", "--storage", storage, "--host", "127.0.0.1", "--port", str(port)],
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


EVENTS_PER_DAY = 1000
AFK_PER_DAY = 20
APPS = [f"app{i}" for i in range(20)]
QUERY_DAYS = (("day", 1), ("week", 7), ("year", 365))
CATEGORIES = [[["Work"], {"type": "regex", "regex": "app[0-4]$"}], [["Work", "Programming"], {"type": "regex", "regex": "\\.py"}],
              [["Media"], {"type": "regex", "regex": "app1[5-9]"}]]


def day_events(day: datetime) -> tuple[list[dict], list[dict]]:
    """One day's window events (1,000 of 30 s from 08:00 UTC, a 2 s gap every tenth) and its AFK events."""
    windows, at = [], day.replace(hour=8)
    for i in range(EVENTS_PER_DAY):
        windows.append({"timestamp": at.isoformat(), "duration": 30.0,
                        "data": {"app": APPS[i % len(APPS)], "title": f"file{i % 200}.{'py' if i % 3 else 'md'}"}})
        at += timedelta(seconds=32 if i % 10 == 9 else 30)
    span = (at - day.replace(hour=8)).total_seconds() / AFK_PER_DAY
    afk = [{"timestamp": (day.replace(hour=8) + timedelta(seconds=i * span)).isoformat(), "duration": span,
            "data": {"status": "afk" if i % 5 == 4 else "not-afk"}} for i in range(AFK_PER_DAY)]
    return windows, afk


def load_year(port: int, last_day: datetime) -> float:
    """Create the window and AFK buckets of host "bench" and insert a year of events; return the seconds it took."""
    import requests

    base = f"http://127.0.0.1:{port}/api/0/buckets"
    for bucket, kind in (("aw-watcher-window_bench", "currentwindow"), ("aw-watcher-afk_bench", "afkstatus")):
        requests.post(f"{base}/{bucket}", json={"client": "bench", "type": kind, "hostname": "bench"}, timeout=60)
    began = time.perf_counter()
    for month in range(0, 365, 30):
        windows, afk = [], []
        for offset in range(month, min(month + 30, 365)):
            day_windows, day_afk = day_events(last_day - timedelta(days=offset))
            windows += day_windows
            afk += day_afk
        for bucket, events in (("aw-watcher-window_bench", windows), ("aw-watcher-afk_bench", afk)):
            requests.post(f"{base}/{bucket}/events", json=events, timeout=600).raise_for_status()
    return time.perf_counter() - began


def activity_query() -> list[str]:
    """aw-webui's Activity view query for host "bench" (window and AFK buckets, no browsers)."""
    import json

    categories = json.dumps(CATEGORIES).replace("\\\\", "\\")
    return ['events = flood(query_bucket("aw-watcher-window_bench"));',
            'not_afk = flood(query_bucket("aw-watcher-afk_bench"));',
            'not_afk = filter_keyvals(not_afk, "status", ["not-afk"]);',
            'events = filter_period_intersect(events, not_afk);',
            f'events = categorize(events, {categories});',
            'title_events = sort_by_duration(merge_events_by_keys(events, ["app", "title"]));',
            'app_events = sort_by_duration(merge_events_by_keys(title_events, ["app"]));',
            'cat_events = sort_by_duration(merge_events_by_keys(events, ["$category"]));',
            'app_events = limit_events(app_events, 100);', 'title_events = limit_events(title_events, 100);',
            'duration = sum_durations(events);',
            'RETURN = {"app_events": app_events, "title_events": title_events, "cat_events": cat_events, '
            '"duration": duration};']


def query_times(port: int, last_day: datetime, pid: int) -> dict[str, list[tuple[float, float]]]:
    """(wall ms, the server's CPU ms) of the Activity query over the last day, week and year: cold (the first
    query), then the best of three with the days already decoded (the query text varies, so no answer is reused),
    then the best of three identical ones (an answer kept in memory, where the server keeps them). The server's
    CPU time is read too: on a shared machine wall time also counts the waits."""
    import psutil
    import requests

    server = psutil.Process(pid)
    end = last_day + timedelta(days=1)
    times = {}
    for label, days in QUERY_DAYS:
        period = [f"{(end - timedelta(days=days)).isoformat()}/{end.isoformat()}"]
        runs = []
        for nonce in (0, 1, 2, 3, 3, 3, 3):
            body = {"query": [f"nonce = {nonce};", *activity_query()], "timeperiods": period}
            began, cpu = time.perf_counter(), sum(server.cpu_times()[:2])
            reply = requests.post(f"http://127.0.0.1:{port}/api/0/query/", json=body, timeout=600)
            runs.append(((time.perf_counter() - began) * 1000, (sum(server.cpu_times()[:2]) - cpu) * 1000))
            reply.raise_for_status()
            hours = reply.json()[0]["duration"] / 3600
        times[label] = [runs[0], min(runs[1:4]), min(runs[4:]), (hours, server.memory_info().rss / 2**20)]
    return times


def query_bench(home: str) -> None:
    """Load a year into LightTrack (and aw-server); start LightTrack and query with no day packed on disk yet,
    start it again (nothing decoded in memory, the sealed days packed on disk) and query cold, decoded, repeated."""
    last_day = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=1)
    data_dir = Path(home) / "lighttrack-year"
    proc, port = start_serve(data_dir)
    loaded = load_year(port, last_day)
    stop(proc)
    print(f"LightTrack: a year of {EVENTS_PER_DAY} window + {AFK_PER_DAY} AFK events a day loaded in {loaded:.1f} s")
    proc, port = start_serve(data_dir)
    try:
        unpacked = query_times(port, last_day, proc.pid)
    finally:
        stop(proc)
    packs = sorted((data_dir / "activitywatch").glob("*/*.pack"))
    print(f"LightTrack: {len(packs)} day packs on disk, {sum(p.stat().st_size for p in packs) / 2**20:.1f} MiB")
    proc, port = start_serve(data_dir)
    servers = {"LightTrack": (port, proc.pid)}
    aw_proc = None
    if os.environ.get("AW_SERVER"):
        aw_proc, aw_port = start_aw_server(os.environ["AW_SERVER"], home, storage="peewee")
        servers["aw-server"] = (aw_port, aw_proc.pid)
        print(f"aw-server: the same year loaded in {load_year(aw_port, last_day):.1f} s")
    try:
        results = {name: query_times(server_port, last_day, pid) for name, (server_port, pid) in servers.items()}
        for label, _days in QUERY_DAYS:
            cold = unpacked[label][0]
            print(f"LightTrack: query2 Activity, {label:<5} first query with no day packed on disk {cold[0]:6.0f} ms "
                  f"({cold[1]:5.0f} ms CPU; it packs the sealed days)")
        for name, result in results.items():
            for label, _days in QUERY_DAYS:
                cold, decoded, repeated, (hours, rss) = result[label]
                print(f"{name}: query2 Activity, {label:<5} cold {cold[0]:6.0f} ms ({cold[1]:5.0f} ms CPU), days decoded "
                      f"{decoded[0]:6.0f} ms ({decoded[1]:5.0f} ms CPU), repeated {repeated[0]:4.0f} ms "
                      f"({repeated[1]:3.0f} ms CPU); {hours:.1f} h active; server RSS {rss:.0f} MiB")
        if "aw-server" in results:
            for label, _days in QUERY_DAYS:
                ratio = results["aw-server"][label][1][0] / results["LightTrack"][label][1][0]
                print(f"query2 Activity, {label:<5} LightTrack {ratio:.1f}x as fast as aw-server (days decoded)")
    finally:
        stop(proc)
        if aw_proc is not None:
            stop(aw_proc)
    pack_load_times(data_dir)


def pack_load_times(data_dir: Path) -> None:
    """In this process, the server stopped: how long a sealed day takes to load from its pack on disk (the
    journal's mark checked, the file read, opened and unpacked), per bucket, and all of them."""
    from lighttrack.core.activitywatch.packcache import SUFFIX
    from lighttrack.core.activitywatch.query import EventPack, SharedData
    from lighttrack.core.activitywatch.query.packs import PACK_FORMAT
    from lighttrack.runtime import open_data
    from lighttrack.store.awevents import AwEventStore

    opened = open_data(data_dir)
    try:
        events, shared, times = AwEventStore(opened.store), SharedData(), {}
        for bucket in events.buckets():
            for day in filter(events.sealed, events.days(bucket)):
                began = time.perf_counter()
                EventPack.from_bytes(events.derived(bucket, day, SUFFIX, PACK_FORMAT), shared)
                times.setdefault(bucket, []).append((time.perf_counter() - began) * 1000)
    finally:
        opened.close()
    for bucket, spent in times.items():
        print(f"LightTrack: a sealed day of {bucket} loads from its pack in {statistics.median(spent):.2f} ms "
              f"(median of {len(spent)})")
    print(f"LightTrack: all {sum(map(len, times.values()))} day packs load in {sum(map(sum, times.values())):.0f} ms")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(10)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    home = tempfile.mkdtemp(prefix="lighttrack-awbench-")
    os.environ.update({"HOME": home, "XDG_CONFIG_HOME": f"{home}/config", "XDG_DATA_HOME": f"{home}/data",
                       "XDG_CACHE_HOME": f"{home}/cache", "LIGHTTRACK_KEYRING": "file"})
    if n:
        proc, port = start_serve(Path(home) / "lighttrack")
        try:
            heartbeat_bench(port, n, home)
        finally:
            stop(proc)
    query_bench(home)


def heartbeat_bench(port: int, n: int, home: str) -> None:
    """Heartbeat throughput through aw-client and over keep-alive, next to aw-server's."""
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


if __name__ == "__main__":
    main()
