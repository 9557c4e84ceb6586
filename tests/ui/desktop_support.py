"""Starting the real desktop app (`lighttrack`, the tray process) for the ui tests."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from support import lighttrack, wait_until

from lighttrack.client import ApiClient
from lighttrack.errors import LightTrackError
from lighttrack.instance import running_port
from lighttrack.runtime import open_data


@dataclass
class App:
    """A running `lighttrack` (the tray process) and a way to call it."""

    proc: subprocess.Popen
    data_dir: Path
    port: int
    token: str

    def call(self, channel: str, *args):
        return ApiClient(self.port, self.token).invoke(channel, *args)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(15)


def start_app(data_dir: Path, **settings) -> App:
    """Start `lighttrack` with a display, after storing `settings` in its data folder."""
    data = open_data(data_dir)
    try:
        for key, value in settings.items():
            data.services.settings.set(key, value)
    finally:
        data.close()
    proc = subprocess.Popen([sys.executable, "-m", "lighttrack", "--port", "0", "--data-dir", str(data_dir)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def published() -> int | None:
        assert proc.poll() is None, proc.stderr.read()
        try:
            return running_port(data_dir)
        except LightTrackError:
            return None
    port = wait_until(published, timeout=20)
    token = lighttrack("token", data_dir=data_dir, check=True).stdout.strip()
    return App(proc, data_dir, port, token)


def native_toolkits(pid: int) -> list[str]:
    """The GTK, GDK, WebKit, Qt and PyGObject libraries mapped into the process."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    return sorted({line.split()[-1] for line in maps.splitlines()
                   if re.search(r"lib(gtk|gdk|webkit2gtk|javascriptcore|Qt\d)|/gi/_gi|/PyQt\d/", line)})
