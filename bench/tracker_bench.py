"""The tracker's cost: CPU time per hour of 1 s sampling and the RSS of a tracking process.

Targets (issue 3): ≤ 18 s CPU per hour (0.5 % of a core) and ≤ 40 MB RSS with the dashboard closed; issue 14:
≤ 5 s CPU per hour with the presence checks (MPRIS players, idle inhibitors) included. The run measures the
costlier case: nobody types (idle threshold 10 s, passed during the warm-up) while a media player on the session bus
reports Playing, so the tracker asks the bus as often as it ever does.
Runs on the current X display, or starts Xvfb + openbox + an xterm when there is none; starts a private D-Bus
session when there is none.

    .venv/bin/python bench/tracker_bench.py [--seconds 60] [--ticks 3000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from xvfb import start_xvfb  # noqa: E402

IDLE_THRESHOLD = 10
PLAYER = Path(__file__).resolve().parents[1] / "tests" / "tracker" / "fake_presence.py"  # an MPRIS player stand-in


def child(seconds: float, ticks: int) -> dict:
    """Measure inside a fresh process: store + services + tracker, sampling the real desktop."""
    import psutil

    from lighttrack.core.context import Context
    from lighttrack.core.services import Services
    from lighttrack.store.crypto import Cipher, new_key
    from lighttrack.store.database import Store
    from lighttrack.tracker.runner import Tracker

    with tempfile.TemporaryDirectory() as folder:
        services = Services.open(Context(Store(Path(folder), Cipher(new_key()))))
        services.settings.set("trackWindows", True)  # the user said yes
        services.settings.set("idleThresholdSeconds", IDLE_THRESHOLD)
        services.activities.start({"name": "bench"})
        base_rss = psutil.Process().memory_info().rss
        tracker = Tracker(services)
        tracker.start()
        time.sleep(IDLE_THRESHOLD + 2)  # first ticks (lazy imports, caches), and past the idle threshold
        cpu0, wall0 = time.process_time(), time.monotonic()
        time.sleep(seconds)
        threaded_cpu = time.process_time() - cpu0
        threaded_wall = time.monotonic() - wall0
        presence = tracker.status()["presentWithoutInput"]
        tracker.stop()
        cpu0 = time.process_time()
        for _ in range(ticks):
            tracker.sampler.tick()
        tick_cpu = (time.process_time() - cpu0) / ticks
        rss = psutil.Process().memory_info().rss
        return {"window": tracker.desktop.window.name if tracker.desktop.window else "; ".join(tracker.desktop.notes),
                "idle": tracker.desktop.idle.name if tracker.desktop.idle else None,
                "presence": tracker.desktop.presence.name if tracker.desktop.presence else None,
                "present_without_input": presence, "presence_asks": tracker.sampler.presence.asked,
                "thread_cpu_per_hour": threaded_cpu / threaded_wall * 3600, "thread_seconds": threaded_wall,
                "tick_cpu_ms": tick_cpu * 1000, "tick_cpu_per_hour": tick_cpu * 3600, "rss_mb": rss / 1e6,
                "base_rss_mb": base_rss / 1e6}


def start_desktop() -> list[subprocess.Popen]:
    """Xvfb on a free display, openbox and one focused xterm; sets DISPLAY."""
    if not all(shutil.which(b) for b in ("Xvfb", "openbox", "xterm")):
        sys.exit("no DISPLAY and no Xvfb/openbox/xterm to start one")
    xvfb = start_xvfb()
    wm = subprocess.Popen(["openbox", "--sm-disable"], stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    term = subprocess.Popen(["xterm", "-T", "bench window", "-e", "sleep", "100000"], stderr=subprocess.DEVNULL)
    time.sleep(1)
    return [term, wm, xvfb]


def start_bus() -> list[subprocess.Popen]:
    """A private D-Bus session (when there is none) with a media player reporting Playing on it."""
    started = []
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"], stdout=subprocess.PIPE,
                               text=True)
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        started.append(bus)
    player = subprocess.Popen([sys.executable, str(PLAYER), "mpris", "bench"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    player.stdout.readline()  # ready
    threading.Thread(target=lambda: [None for _ in player.stdout], daemon=True).start()  # drain its call log
    return [player, *started]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="real sampling time measured on the thread")
    parser.add_argument("--ticks", type=int, default=3000, help="ticks timed back to back")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.seconds, args.ticks)))
        return
    started = [] if os.environ.get("DISPLAY") else start_desktop()
    started = start_bus() + started
    try:
        out = subprocess.run([sys.executable, __file__, "--child", "--seconds", str(args.seconds), "--ticks", str(args.ticks)],
                             capture_output=True, text=True, check=True).stdout
    finally:
        for process in started:
            process.terminate()
            process.wait(5)
    result = json.loads(out.strip().splitlines()[-1])
    print(f"window source: {result['window']}; idle source: {result['idle']}; presence: {result['presence']}")
    print(f"nobody typing, present without input: {result['present_without_input']} "
          f"({result['presence_asks']} presence checks on the bus)")
    print(f"CPU per hour of 1 s sampling, thread measured over {result['thread_seconds']:.0f} s: "
          f"{result['thread_cpu_per_hour']:.1f} s (target <= 5 s, presence checks included)")
    print(f"CPU per tick, {args.ticks} ticks back to back: {result['tick_cpu_ms']:.3f} ms "
          f"= {result['tick_cpu_per_hour']:.1f} s per hour at 1 Hz")
    print(f"RSS of store + services + tracker: {result['rss_mb']:.1f} MB (target <= 40 MB); "
          f"store + services alone: {result['base_rss_mb']:.1f} MB")


if __name__ == "__main__":
    main()
