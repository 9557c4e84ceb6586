"""kill -9 of a device process in the middle of edits and rounds: the folder opens, and nothing acknowledged is lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from devices import PASSPHRASE

from support import lighttrack

EDITOR = r"""
import sys
from pathlib import Path
from lighttrack.runtime import open_data
from lighttrack.sync.engine import SyncEngine

data = open_data(Path(sys.argv[1]))
engine = SyncEngine(data.store, data.vault)
for n in range(10_000):
    data.services.activities.add({"name": f"edit {n}", "startTime": f"2026-03-{1 + n % 28:02}T07:00:00Z",
                                  "endTime": f"2026-03-{1 + n % 28:02}T08:{n % 60:02}:00Z"})
    if n % 3 == 0:
        engine.sync_now()
        print(f"acknowledged {n}", flush=True)
"""


def test_a_device_killed_mid_sync_reopens_and_delivers_every_acknowledged_edit(user_dsn, make_device, tmp_path):
    folder = tmp_path / "killed"
    env = {**os.environ, "LIGHTTRACK_SYNC_PASSPHRASE": PASSPHRASE}
    lighttrack("sync", "setup", "--dsn", user_dsn, data_dir=folder, env=env, check=True, timeout=60)
    errors = (tmp_path / "editor.err").open("w")
    proc = subprocess.Popen([sys.executable, "-c", EDITOR, str(folder)], stdout=subprocess.PIPE, stderr=errors, text=True)
    acknowledged = -1
    deadline = time.monotonic() + 120
    while acknowledged < 6 and time.monotonic() < deadline and proc.poll() is None:
        line = proc.stdout.readline()
        if line.startswith("acknowledged"):
            acknowledged = int(line.split()[1])
    time.sleep(0.37)  # land somewhere inside the next edits or round
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    errors.close()
    assert acknowledged >= 6, (tmp_path / "editor.err").read_text()

    result = lighttrack("sync", "now", data_dir=folder, timeout=60)
    assert result.returncode == 0, result.stderr
    other = make_device("other")
    other.sync.sync_now()
    names = {d["name"] for d in other.services.activities.every()}
    assert {f"edit {n}" for n in range(acknowledged + 1)} <= names
    status = lighttrack("sync", "status", "--json", data_dir=folder, check=True).stdout
    assert '"pending":0' in status
