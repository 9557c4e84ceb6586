"""The desktop app's costs with a tray host and years of data, dashboard closed; then a soak, then the dashboard.

Starts its own Xvfb + openbox + two xterms to track + a private D-Bus session with a StatusNotifierWatcher (the
host side of KDE's tray protocol, as the tests speak it), fills a data folder with `--years` of activities, runs the
real `lighttrack` (the tray process) and prints:
- cold start to the tray icon (the item's registration with the watcher) and to a healthy API;
- RSS, PSS and USS of every LightTrack process, and CPU seconds per hour of 1 s window sampling, after start-up,
  after the dashboard was opened from the tray icon, used and closed (its page talks to the app over the window
  process's pipe), after a first channel call through the API, after an ActivityWatch watcher's start and heartbeats
  and after aw-webui's Activity view read /api/0 (all four answered without Flask), and after the dashboard page was
  opened in a browser (the API's Flask app is built by the first request that needs it: pages, the event stream,
  metrics);
- a real soak (`--soak-minutes` of tracking while the focus moves between windows every second and the panel
  re-reads the icon and menu) with the RSS trend, and the same figures after it;
- an accelerated soak in a separate process: `--soak-hours` of simulated time on a fake clock, the sampler ticking
  once per simulated second over the same data, with the tray's reads, the ticker's work and analytics calls; RSS per
  simulated hour;
- cold start to the first paint of the dashboard window (the app started with the dashboard opening at start,
  `--cold-rounds` times: each, the median and the slowest);
- "open dashboard" to first paint in the real window with the app running (`--dashboard-rounds` times: each, the
  median and the slowest), and that its process is gone after;
- with AW_SERVER=/path/to/aw-server (ActivityWatch's server in a venv of its own), its idle RSS in the same run.

Usage: python bench/desktop_bench.py [--years 5] [--cpu-seconds 120] [--soak-minutes 10] [--soak-hours 24]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "app"))
sys.path.insert(0, str(ROOT / "tests" / "ui"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from datagen import generate  # noqa: E402
from sni_host import StatusNotifierHost  # noqa: E402
from xvfb import start_xvfb  # noqa: E402

from lighttrack.client import ApiClient  # noqa: E402
from lighttrack.errors import LightTrackError  # noqa: E402
from lighttrack.instance import running_port  # noqa: E402
from lighttrack._glibc import release_free_memory  # noqa: E402
from lighttrack.runtime import RELEASE_SECONDS, api_token, open_data, open_vault  # noqa: E402
from lighttrack.ui.dashboard import WINDOW_FLAG  # noqa: E402
from lighttrack.ui.model import Calls, read_state  # noqa: E402

MB = 1024 * 1024
TARGETS = {"uss": 35.0, "rss": 50.0, "cpu_per_hour": 5.0, "icon_s": 1.0, "api_s": 0.5, "window_cold_s": 1.5,
           "open_ms": 700.0}


def wait(predicate, timeout: float = 30, interval: float = 0.005):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(getattr(predicate, "__name__", "condition"))


# -- the desktop ------------------------------------------------------------------------------------------------

def desktop(home: Path) -> list[subprocess.Popen]:
    """Xvfb, a D-Bus session bus, openbox and two xterms to track; the environment points at them."""
    xvfb = start_xvfb()
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--nopidfile", f"--address=unix:path={home}/bus",
                            "--print-address=1"], stdout=subprocess.PIPE, text=True)
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
    wm = subprocess.Popen(["openbox", "--sm-disable"], stderr=subprocess.DEVNULL)
    terms = [subprocess.Popen(["xterm", "-T", f"bench window {i}", "-e", "sleep", "100000"], stderr=subprocess.DEVNULL)
             for i in (1, 2)]
    wait(lambda: len(xdotool("search", "--name", "^bench window").split()) == 2, timeout=20, interval=0.1)
    helpers = [*terms, wm, bus, xvfb]
    settled(helpers)
    return helpers


def settled(procs: list[subprocess.Popen], quiet_for: float = 1.0) -> None:
    """Wait until the desktop's own processes stop using the CPU (a cold start is not timed against theirs)."""
    watched = [psutil.Process(p.pid) for p in procs]
    used = lambda: sum(_cpu(p) for p in watched)  # noqa: E731
    before = used()
    while True:
        time.sleep(quiet_for)
        now = used()
        if now - before < 0.02:
            return
        before = now


def xdotool(*args: str) -> str:
    return subprocess.run(["xdotool", *args], capture_output=True, text=True).stdout.strip()


def prepare(data_dir: Path, years: int) -> int:
    """`years` of activities; window tracking consented to; the dashboard not opened at start."""
    count = generate(data_dir, years)
    settle(data_dir, openDashboardOnStart=False, trackWindows=True, firstRunCompleted=True, checkForUpdates=False)
    return count


def settle(data_dir: Path, **settings) -> None:
    """Write settings while the app is not running."""
    data = open_data(data_dir)
    try:
        for key, value in settings.items():
            data.services.settings.set(key, value)
    finally:
        data.close()


# -- the app --------------------------------------------------------------------------------------------------

class App:
    """A started `lighttrack` with its cold-start figures."""

    def __init__(self, data_dir: Path, host: StatusNotifierHost) -> None:
        started = time.monotonic()
        self.proc = subprocess.Popen([sys.executable, "-m", "lighttrack", "--port", "0", "--data-dir", str(data_dir)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        me = psutil.Process(self.proc.pid)
        port = wait(lambda: _published(data_dir), timeout=30, interval=0.002)
        wait(lambda: _healthy(port), timeout=30, interval=0.002)
        self.api_s, self.api_cpu = time.monotonic() - started, _cpu(me)
        self.service, _, registered = host.next_registration(timeout=30)
        self.icon_s, self.icon_cpu = registered - started, _cpu(me)
        self.api = ApiClient(port, api_token(open_vault(data_dir)))
        self.port = port

    def processes(self) -> list[psutil.Process]:
        root = psutil.Process(self.proc.pid)
        return [root, *root.children(recursive=True)]

    def stop(self) -> int:
        self.proc.terminate()
        return self.proc.wait(30)


def _cpu(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return times.user + times.system


def _published(data_dir: Path) -> int | None:
    try:
        return running_port(data_dir)
    except LightTrackError:
        return None


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=1) as reply:
            return reply.status == 200
    except OSError:
        return False


def memory(processes: list[psutil.Process]) -> list[dict]:
    rows = []
    for proc in processes:
        info = proc.memory_full_info()
        rows.append({"pid": proc.pid, "name": " ".join(proc.cmdline()[1:4]), "rss": info.rss / MB,
                     "pss": info.pss / MB, "uss": info.uss / MB})
    return rows


def cpu_per_hour(app: App, seconds: float) -> float:
    """CPU seconds per hour of the app process while it tracks with 1 s sampling."""
    proc = psutil.Process(app.proc.pid)
    before, started = proc.cpu_times(), time.monotonic()
    time.sleep(seconds)
    after, wall = proc.cpu_times(), time.monotonic() - started
    used = (after.user + after.system) - (before.user + before.system)
    return used / wall * 3600


# -- the soaks ------------------------------------------------------------------------------------------------

def real_soak(app: App, host: StatusNotifierHost, minutes: float) -> list[tuple[float, float]]:
    """Move the focus between the two xterms every second (a new span each time), let the panel re-read the item
    every 30 s; sample the app's RSS every 10 s. Returns (minutes, MB) pairs."""
    windows = xdotool("search", "--name", "^bench window").split()
    proc, samples = psutil.Process(app.proc.pid), []
    started = time.monotonic()
    end = started + minutes * 60
    tick = 0
    while time.monotonic() < end:
        xdotool("windowactivate", windows[tick % 2])
        if tick % 30 == 0:
            host.property(app.service, "IconPixmap")
            host.layout(app.service)
        if tick % 10 == 0:
            samples.append(((time.monotonic() - started) / 60, proc.memory_info().rss / MB))
        tick += 1
        time.sleep(max(0.0, started + tick - time.monotonic()))
    return samples


def accelerated_soak(data_dir: Path, hours: float) -> list[tuple[float, float]]:
    """Run `hours` of simulated time in a fresh process over a copy of the data; (hour, MB) pairs."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns("*.lock", "instance*"))
        run = subprocess.run([sys.executable, __file__, "--accelerated-child", str(copy), "--soak-hours", str(hours)],
                             capture_output=True, text=True, timeout=7200)
    if run.returncode != 0:
        raise RuntimeError(run.stderr[-3000:])
    return [tuple(x) for x in json.loads(run.stdout.strip().splitlines()[-1])]


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current


def accelerated_child(data_dir: Path, hours: float) -> None:
    """The app's services, tracker and tray reads on a fake clock: one sampler tick per simulated second."""
    from lighttrack.channels.catalog import build_registry
    from lighttrack.core.context import Context
    from lighttrack.core.services import Services
    from lighttrack.store.crypto import Cipher
    from lighttrack.store.database import Store
    from lighttrack.store.keys import STORE_KEY
    from lighttrack.tracker._dummy import DummyDesktop
    from lighttrack.tracker.backend import Desktop
    from lighttrack.tracker.runner import Tracker

    key = base64.b64decode(open_vault(data_dir).get(STORE_KEY))
    clock = FakeClock(datetime.now(timezone.utc).replace(microsecond=0))
    services = Services.open(Context(Store(data_dir, Cipher(key)), clock=clock))
    services.reports.prime()
    work = SimulatedWork(services, Calls(build_registry(services, lambda: {})))
    desktop = DummyDesktop()
    tracker = Tracker(services, Desktop(window=desktop, idle=desktop), clock=clock)
    tracker.rules.ensure_defaults()
    me, samples = psutil.Process(), []
    for second in range(int(hours * 3600)):
        clock.current += timedelta(seconds=1)
        desktop.show("code" if second % 7 else "firefox", f"file {second % 50}.py — project {second % 5}")
        tracker.sampler.tick()
        work.second(second)
        if second % RELEASE_SECONDS == 0:
            release_free_memory()  # as the app's maintenance thread does every quarter of an hour
        if second % 3600 == 0:
            samples.append((second / 3600, me.memory_info().rss / MB))
    tracker.sampler.stop()
    release_free_memory()  # as before every hourly sample
    samples.append((hours, me.memory_info().rss / MB))
    print(json.dumps(samples))


class SimulatedWork:
    """What else runs in the app over time: the ticker each second, the tray every 30 s (its lists read again after
    an activity event, as the tray does), a timer and the day's analytics every 10 minutes."""

    def __init__(self, services, calls) -> None:
        self.services = services
        self.calls = calls
        self.tray_state = None

    def second(self, n: int) -> None:
        self.services.focus.tick()
        self.services.reminders.tick()
        if n % 30 == 0:
            lists_from = None if n % 600 == 30 else self.tray_state
            self.tray_state = read_state(self.calls, lists_from=lists_from)
        if n % 600 == 0:
            today = self.services.ctx.now().date()
            self.calls("activity:start", {"name": f"Soak task {n // 600 % 20}"})
            self.calls("analytics:getDailyStats", today.isoformat())
            self.calls("analytics:getWeeklyStats", (today - timedelta(days=6)).isoformat())


def trend(samples: list[tuple[float, float]], unit: str) -> str:
    """First, last and peak RSS and the growth over the second half, per `unit`."""
    half = samples[len(samples) // 2:]
    span = (half[-1][0] - half[0][0]) or 1
    growth = (half[-1][1] - half[0][1]) / span
    return (f"RSS first {samples[0][1]:.1f} MB, last {samples[-1][1]:.1f} MB, peak {max(s[1] for s in samples):.1f} MB; "
            f"second half {growth:+.2f} MB per {unit}")


# -- the dashboard and aw-server ------------------------------------------------------------------------------

def open_and_close(app: App) -> float:
    """Open the dashboard, wait for its first paint, close it; return ms to first paint."""
    app.api.invoke("app:showDashboard")
    painted = wait(lambda: app.api.invoke("app:getDashboard")["firstPaintMs"], timeout=90, interval=0.1)
    window = wait(lambda: xdotool("search", "--onlyvisible", "--name", "^LightTrack$").split(), timeout=30)[0]
    xdotool("windowactivate", "--sync", window, "key", "--clearmodifiers", "alt+F4")
    wait(lambda: not app.api.invoke("app:getDashboard")["open"], timeout=90, interval=0.1)
    return painted


DASHBOARD_USE_S = 5.0


def watcher_reports(port: int, beats: int = 60) -> None:
    """What aw-watcher-window does: ask for the server's info, create its bucket, then send heartbeats."""
    base, headers = f"http://127.0.0.1:{port}/api/0", {"Content-Type": "application/json"}
    calls = [urllib.request.Request(f"{base}/info"),
             urllib.request.Request(f"{base}/buckets/bench-watcher", json.dumps(
                 {"type": "currentwindow", "client": "bench", "hostname": "bench"}).encode(), headers, method="POST")]
    start = datetime.now(timezone.utc) - timedelta(seconds=beats)
    calls += [urllib.request.Request(f"{base}/buckets/bench-watcher/heartbeat?pulsetime=2", json.dumps(
        {"timestamp": (start + timedelta(seconds=n)).isoformat(), "duration": 0,
         "data": {"app": "xterm", "title": f"bench {n % 3}"}}).encode(), headers, method="POST") for n in range(beats)]
    for call in calls:
        with urllib.request.urlopen(call, timeout=10) as reply:
            reply.read()


def aw_webui_reads(port: int) -> None:
    """What aw-webui's Activity view asks when it opens: info, buckets, settings and the day's query."""
    base, headers = f"http://127.0.0.1:{port}/api/0", {"Content-Type": "application/json"}
    today = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    period = f"{today.isoformat()}/{(today + timedelta(days=1)).isoformat()}"
    query = ['events = flood(query_bucket("bench-watcher"));', 'RETURN = merge_events_by_keys(events, ["app"]);']
    calls = [urllib.request.Request(f"{base}/info"), urllib.request.Request(f"{base}/buckets/"),
             urllib.request.Request(f"{base}/settings"),
             urllib.request.Request(f"{base}/query/", json.dumps({"query": query, "timeperiods": [period]}).encode(),
                                    headers, method="POST")]
    for call in calls:
        with urllib.request.urlopen(call, timeout=30) as reply:
            reply.read()


def use_dashboard_from_the_tray(app: App, host: StatusNotifierHost, data_dir: Path) -> float:
    """Open the dashboard as a user does (a left click on the icon), let its views load, close it; no API call.

    Returns ms to the window's first paint, read from the app's log."""
    log = data_dir / "logs" / "lighttrack.log"
    seen = log.read_text(encoding="utf-8").count("dashboard first paint") if log.exists() else 0
    host.activate(app.service)
    window = wait(lambda: xdotool("search", "--onlyvisible", "--name", "^LightTrack$").split(), timeout=60)[0]
    line = wait(lambda: log.read_text(encoding="utf-8").split("dashboard first paint")[seen + 1:] or None, timeout=60)
    time.sleep(DASHBOARD_USE_S)  # the page reads its first views and the events flow
    xdotool("windowactivate", "--sync", window, "key", "--clearmodifiers", "alt+F4")
    wait(lambda: len(app.processes()) == 1, timeout=60, interval=0.1)
    return float(line[0].split()[0])


def opening_times(app: App, rounds: int) -> None:
    """Open and close the dashboard `rounds` times; each time to first paint, then the median and the slowest."""
    times = []
    for _ in range(rounds):
        try:
            painted = open_and_close(app)
        except TimeoutError:
            print(f"open dashboard: no first paint or no close within the time allowed (load average "
                  f"{os.getloadavg()[0]:.1f})")
            continue
        time.sleep(1)
        rows = memory(app.processes())
        times.append(painted)
        print(f"open dashboard (app running) -> first paint {painted:.0f} ms; after closing it: {len(rows)} "
              f"process(es), main RSS {rows[0]['rss']:.1f} MB")
    if times:
        middle = statistics.median(times)
        print(f"open dashboard over {len(times)} rounds: median {middle:.0f} ms, slowest {max(times):.0f} ms "
              f"(target <= {TARGETS['open_ms']:.0f} ms {_ok(middle <= TARGETS['open_ms'])})")


def cold_starts_to_window(data_dir: Path, host: StatusNotifierHost, helpers: list[subprocess.Popen],
                          rounds: int) -> None:
    """Start the app `rounds` times with the dashboard opening at start; launch to the window's first paint each
    time, then the median and the slowest."""
    settle(data_dir, openDashboardOnStart=True)
    times = []
    try:
        for _ in range(rounds):
            cold_s = cold_start_to_window(data_dir, host)
            if cold_s is not None:
                times.append(cold_s)
            settled(helpers)
    finally:
        settle(data_dir, openDashboardOnStart=False)
    if times:
        middle = statistics.median(times)
        print(f"cold start to the window's first paint over {len(times)} starts: median {middle:.2f} s, slowest "
              f"{max(times):.2f} s (target <= {TARGETS['window_cold_s']} s {_ok(middle <= TARGETS['window_cold_s'])})")


def cold_start_to_window(data_dir: Path, host: StatusNotifierHost) -> float | None:
    """One start of the app with the dashboard opening at start: seconds from launch to the window's first paint."""
    launched = time.time()
    app = App(data_dir, host)
    try:
        painted_ms = wait(lambda: app.api.invoke("app:getDashboard")["firstPaintMs"], timeout=90, interval=0.02)
        window = next(p for p in app.processes()[1:] if _is_window(p))
        cold_s = started_at(window.pid) - launched + painted_ms / 1000  # the app asks for the window as it spawns it
        print(f"cold start to the dashboard window's first paint: {cold_s:.2f} s; of which the window itself "
              f"{painted_ms:.0f} ms (load average now {os.getloadavg()[0]:.1f})")
        return cold_s
    except TimeoutError:
        print("cold start to the dashboard window: no first paint within 90 s")
        return None
    finally:
        app.stop()


def started_at(pid: int) -> float:
    """When process `pid` started, in epoch seconds to the clock tick. psutil's create_time() counts from the boot
    time in whole seconds (/proc/stat's btime), so it is off by up to a second, the same way for every process."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        ticks = int(stat.read().rsplit(")", 1)[1].split()[19])  # field 22, starttime, in ticks since boot
    with open("/proc/uptime", encoding="ascii") as uptime:
        booted = time.time() - float(uptime.read().split()[0])
    return booted + ticks / os.sysconf("SC_CLK_TCK")


def _is_window(process: psutil.Process) -> bool:
    command = " ".join(process.cmdline())
    return "lighttrack.ui.window" in command or WINDOW_FLAG in command


def aw_server_idle_rss(home: Path) -> float | None:
    executable = os.environ.get("AW_SERVER")
    if not executable:
        return None
    from activitywatch_bench import start_aw_server
    proc, _port = start_aw_server(executable, str(home), storage="peewee")  # its default storage, as users run it
    try:
        time.sleep(5)
        return psutil.Process(proc.pid).memory_info().rss / MB
    finally:
        proc.terminate()
        proc.wait(10)


# -- the report -----------------------------------------------------------------------------------------------

def print_memory(label: str, rows: list[dict], cpu: float | None = None) -> None:
    """One state's memory per process; `cpu` when it was measured in this state."""
    print(f"{label}:")
    for row in rows:
        print(f"  pid {row['pid']:>7} {row['name']:<40} RSS {row['rss']:6.1f} MB  PSS {row['pss']:6.1f} MB  "
              f"USS {row['uss']:6.1f} MB")
    main_row = rows[0]
    others = len(rows) - 1
    measured = "" if cpu is None else f"; CPU {cpu:.1f} s per hour of 1 s sampling"
    print(f"  processes: {len(rows)} ({'no other process' if not others else f'{others} other'}){measured}")
    cpu_check = "" if cpu is None else (f"CPU {cpu:.1f} <= {TARGETS['cpu_per_hour']} s/h "
                                        f"{_ok(cpu <= TARGETS['cpu_per_hour'])}, ")
    print(f"  targets: main USS {main_row['uss']:.1f} <= {TARGETS['uss']} MB {_ok(main_row['uss'] <= TARGETS['uss'])}, "
          f"RSS {main_row['rss']:.1f} <= {TARGETS['rss']} MB {_ok(main_row['rss'] <= TARGETS['rss'])}, "
          f"{cpu_check}one process {_ok(others == 0)}")


def _ok(passed: bool) -> str:
    return "ok" if passed else "MISSED"


def compile_like_an_install() -> None:
    """Byte-compile the app as an installation has it (pip compiles at install; the binary holds bytecode): the
    start-up figures are then not those of a first run from source (with PYTHONDONTWRITEBYTECODE, every run)."""
    import compileall

    compileall.compile_dir(str(ROOT / "app" / "lighttrack"), quiet=1)


def main(options: argparse.Namespace) -> None:
    compile_like_an_install()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        os.environ.update(HOME=folder, XDG_RUNTIME_DIR=folder, LIGHTTRACK_KEYRING="file")
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.environ[name] = str(home / name.lower())
        data_dir = home / "data"
        started = time.monotonic()
        count = prepare(data_dir, options.years)
        print(f"data: {options.years} years, {count} activities (generated in {time.monotonic() - started:.0f} s)")
        helpers = desktop(home)
        host = StatusNotifierHost()
        try:
            settled(helpers)  # the display, bus and tray host started just now: the app is not timed against them
            if options.dashboard_rounds:
                cold_starts_to_window(data_dir, host, helpers, options.cold_rounds)
            run_app(options, data_dir, host)
            aw_rss = aw_server_idle_rss(home)
            print(f"aw-server idle RSS (same run): {aw_rss:.1f} MB" if aw_rss else
                  "aw-server idle RSS: not measured (set AW_SERVER to its executable)")
        finally:
            host.close()
            for helper in helpers:
                helper.terminate()
                helper.wait(10)
        if options.soak_hours:
            hourly = accelerated_soak(data_dir, options.soak_hours)
            print(f"accelerated soak, {options.soak_hours:g} simulated hours (one tick per simulated second): "
                  f"{trend(hourly, 'simulated hour')}")
            print("  RSS by simulated hour: " + ", ".join(f"{mb:.1f}" for _, mb in hourly))


def run_app(options: argparse.Namespace, data_dir: Path, host: StatusNotifierHost) -> None:
    app = App(data_dir, host)
    try:
        print(f"cold start: tray icon registered after {app.icon_s:.2f} s (target <= {TARGETS['icon_s']} s "
              f"{_ok(app.icon_s <= TARGETS['icon_s'])}), healthy API after {app.api_s:.2f} s "
              f"(target <= {TARGETS['api_s']} s {_ok(app.api_s <= TARGETS['api_s'])}); the process had used "
              f"{app.icon_cpu:.2f} s and {app.api_cpu:.2f} s of CPU by then (load average now "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        time.sleep(options.settle)  # start-up work (priming the analytics cache) returns its memory by then
        cpu = cpu_per_hour(app, options.cpu_seconds)
        print_memory("dashboard closed, after start-up, nothing calling the API", memory(app.processes()), cpu)
        used = use_dashboard_from_the_tray(app, host, data_dir)
        print(f"dashboard opened from the tray icon, used for {DASHBOARD_USE_S:g} s and closed: first paint "
              f"{used:.0f} ms; its page talks to the app over the window's pipe, not the API")
        print_memory("dashboard closed again, after using it, nothing calling the API", memory(app.processes()))
        tracking = app.api.invoke("tracker:getStatus")["tracking"]  # a channel call with the token: no Flask
        print(f"tracking windows: {tracking}")
        print_memory("dashboard closed, after a first channel call through the API (CLI, scripts)",
                     memory(app.processes()))
        watcher_reports(app.port)
        print_memory("dashboard closed, after an ActivityWatch watcher's start and 60 heartbeats",
                     memory(app.processes()))
        aw_webui_reads(app.port)
        print_memory("dashboard closed, after aw-webui's Activity view read /api/0", memory(app.processes()))
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())  # keeps the session cookie
        with browser.open(app.api.login_url(), timeout=10) as reply:
            reply.read()  # the dashboard page in a browser: this builds the API's Flask app
        print_memory("dashboard window closed, after the dashboard page was opened in a browser (builds the API's "
                     "Flask app)", memory(app.processes()), cpu_per_hour(app, options.cpu_seconds))
        if options.soak_minutes:
            samples = real_soak(app, host, options.soak_minutes)
            print(f"real soak, {options.soak_minutes:g} min, focus switching every second: {trend(samples, 'minute')}")
            cpu = cpu_per_hour(app, options.cpu_seconds)
            print_memory("dashboard closed, after the soak", memory(app.processes()), cpu)
        opening_times(app, options.dashboard_rounds)
    finally:
        print(f"app exit code: {app.stop()}")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--settle", type=float, default=25.0, help="seconds after start before measuring")
    parser.add_argument("--cpu-seconds", type=float, default=120.0)
    parser.add_argument("--soak-minutes", type=float, default=10.0)
    parser.add_argument("--soak-hours", type=float, default=24.0)
    parser.add_argument("--dashboard-rounds", type=int, default=10, help="openings of the dashboard, app running")
    parser.add_argument("--cold-rounds", type=int, default=3, help="cold starts to the window's first paint")
    parser.add_argument("--accelerated-child", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    opts = parse(sys.argv[1:])
    if opts.accelerated_child:
        accelerated_child(opts.accelerated_child, opts.soak_hours)
    else:
        main(opts)
