"""The Linux one-file binary: its size and its cold start to a healthy API (targets: ≤ 60 MB, ≤ 2 s).

Run: .venv/bin/python bench/packaging_bench.py [--rebuild] [--runs N]
Builds dist/lighttrack from pyinstaller.spec when it is missing or older than the sources, else reuses it.
Every start gets a new data folder (a first start: key, store and token are created) and unpacks the
one-file archive afresh, as each launch of a one-file binary does.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BINARY = ROOT / "dist" / "lighttrack"
SIZE_TARGET_MB = 60
START_TARGET_S = 2.0


def newest_source() -> float:
    paths = [ROOT / "pyinstaller.spec", *ROOT.glob("packaging/*.py"), *(ROOT / "app").rglob("*.py"),
             *(ROOT / "web").rglob("*")]
    return max(p.stat().st_mtime for p in paths if p.is_file())


def build() -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath",
                    str(ROOT / "dist"), "--workpath", str(ROOT / "build" / "pyinstaller"), "pyinstaller.spec"],
                   cwd=ROOT, env={**os.environ, "PYSTRAY_BACKEND": "dummy"}, check=True)
    return time.perf_counter() - began


def environment(base: Path) -> dict:
    env = {**os.environ, "LIGHTTRACK_KEYRING": "file", "XDG_CONFIG_HOME": str(base / "config")}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "LIGHTTRACK_DATA_DIR", "LIGHTTRACK_PORT"):
        env.pop(name, None)
    return env


def healthy(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/api/v1/health")
        return conn.getresponse().status == 200
    except OSError:
        return False


def cold_start(base: Path) -> tuple[float, float]:
    """Seconds from exec to the first healthy /api/v1/health, and the RSS (MiB) of the running app then."""
    began = time.perf_counter()
    proc = subprocess.Popen([str(BINARY), "serve", "--port", "0", "--data-dir", str(base / "data")],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=environment(base))
    try:
        port = int(re.search(r":(\d+)/", proc.stdout.readline())[1])
        while not healthy(port):
            time.sleep(0.005)
        elapsed = time.perf_counter() - began
        rss = sum(p.memory_info().rss for p in [psutil.Process(proc.pid), *psutil.Process(proc.pid).children()])
        return elapsed, rss / 2**20
    finally:
        proc.terminate()
        proc.wait(15)


def version_time(base: Path) -> float:
    began = time.perf_counter()
    subprocess.run([str(BINARY), "--version"], check=True, capture_output=True, env=environment(base))
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build even when dist/lighttrack is up to date")
    parser.add_argument("--runs", type=int, default=5, help="cold starts to measure (default 5)")
    args = parser.parse_args()
    if args.rebuild or not BINARY.exists() or BINARY.stat().st_mtime < newest_source():
        print(f"build:          {build():.1f} s (pyinstaller.spec, one file)")
    else:
        print(f"build:          reused {BINARY.relative_to(ROOT)}")
    size_mb = BINARY.stat().st_size / 1e6
    with tempfile.TemporaryDirectory(prefix="lighttrack-bench-") as tmp:
        versions = [version_time(Path(tmp) / f"v{i}") for i in range(args.runs)]
        starts = [cold_start(Path(tmp) / f"s{i}") for i in range(args.runs)]
    seconds = sorted(s for s, _ in starts)
    median = statistics.median(seconds)
    print(f"binary size:    {size_mb:.1f} MB ({BINARY.stat().st_size / 2**20:.1f} MiB)   target ≤ {SIZE_TARGET_MB} MB: "
          f"{'ok' if size_mb <= SIZE_TARGET_MB else 'MISSED'}")
    print(f"--version:      median {statistics.median(versions):.2f} s over {args.runs} runs")
    print(f"cold start:     median {median:.2f} s, min {seconds[0]:.2f} s, max {seconds[-1]:.2f} s to a healthy API "
          f"over {args.runs} runs   target ≤ {START_TARGET_S} s: {'ok' if median <= START_TARGET_S else 'MISSED'}")
    print(f"RSS at start:   {statistics.median(r for _, r in starts):.0f} MiB (bootloader + app process)")


if __name__ == "__main__":
    main()
