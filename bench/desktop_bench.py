"""Desktop shell costs on a virtual display: open-dashboard-to-first-paint and the tray process's RSS.

Starts its own Xvfb + openbox + trayer + D-Bus session, runs the real `lighttrack` (tray process), opens and closes
the dashboard window a few times, and prints the figures. Usage: python bench/desktop_bench.py [rounds]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
from lighttrack.client import ApiClient  # noqa: E402
from lighttrack.errors import LightTrackError  # noqa: E402
from lighttrack.instance import running_port  # noqa: E402
from lighttrack.runtime import api_token, open_data, open_vault  # noqa: E402
from lighttrack.ui.host import xembed_host  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from xvfb import start_xvfb  # noqa: E402

MB = 1024 * 1024


def wait(predicate, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise TimeoutError(predicate)


def desktop(home: Path) -> list[subprocess.Popen]:
    """Xvfb on a free display, openbox, a D-Bus session bus and trayer; the environment points at them."""
    xvfb = start_xvfb()
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--nopidfile", f"--address=unix:path={home}/bus",
                            "--print-address=1"], stdout=subprocess.PIPE, text=True)
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
    wm = subprocess.Popen(["openbox", "--sm-disable"], stderr=subprocess.DEVNULL)
    tray = subprocess.Popen(["trayer", "--edge", "top", "--align", "right", "--widthtype", "request", "--height", "32",
                             "--SetDockType", "true"], stderr=subprocess.DEVNULL)
    wait(xembed_host)
    return [tray, wm, bus, xvfb]


def start_app(data_dir: Path) -> tuple[subprocess.Popen, ApiClient]:
    data = open_data(data_dir)
    data.services.settings.set("openDashboardOnStart", False)
    data.close()
    proc = subprocess.Popen([sys.executable, "-m", "lighttrack", "--port", "0", "--data-dir", str(data_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def port() -> int | None:
        try:
            return running_port(data_dir)
        except LightTrackError:
            return None
    return proc, ApiClient(wait(port), api_token(open_vault(data_dir)))


def rss(pid: int) -> float:
    return psutil.Process(pid).memory_info().rss / MB


def tree_rss(pid: int) -> float:
    root = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)]) / MB


def open_and_close(api: ApiClient, app_pid: int) -> tuple[float, float, float]:
    """Open the dashboard; return (ms to first paint, tray RSS while open, RSS of app + window processes)."""
    api.invoke("app:showDashboard")
    painted = wait(lambda: api.invoke("app:getDashboard")["firstPaintMs"])
    time.sleep(1.0)
    figures = painted, rss(app_pid), tree_rss(app_pid)
    window = wait(lambda: subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^LightTrack$"],
                                         capture_output=True, text=True).stdout.split())[0]
    subprocess.run(["xdotool", "windowactivate", "--sync", window, "key", "--clearmodifiers", "alt+F4"])
    wait(lambda: not api.invoke("app:getDashboard")["open"])
    return figures


def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ.update(HOME=home, XDG_RUNTIME_DIR=home, LIGHTTRACK_KEYRING="file")
        helpers = desktop(Path(home))
        proc, api = start_app(Path(home) / "data")
        try:
            time.sleep(3)  # let startup settle (first sampling, first tray draw)
            before = rss(proc.pid)
            results = [open_and_close(api, proc.pid) for _ in range(rounds)]
            time.sleep(3)
            after = rss(proc.pid)
        finally:
            proc.terminate()
            proc.wait(15)
            for helper in helpers:
                helper.terminate()
                helper.wait(5)
    report(before, results, after)


def report(before: float, results: list[tuple[float, float, float]], after: float) -> None:
    paints = [r[0] for r in results]
    print(f"open dashboard -> first paint: first {paints[0]:.0f} ms, then {', '.join(f'{p:.0f}' for p in paints[1:])} ms")
    print(f"tray process RSS before opening:       {before:.1f} MB")
    print(f"tray process RSS with the window open: {max(r[1] for r in results):.1f} MB "
          f"(tray + window processes: {max(r[2] for r in results):.0f} MB)")
    print(f"tray process RSS after closing it:     {after:.1f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
