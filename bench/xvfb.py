"""A virtual X display for the desktop benchmarks."""

from __future__ import annotations

import os
import subprocess
import sys


def start_xvfb() -> subprocess.Popen:
    """Start Xvfb on a free display (-displayfd) and point DISPLAY at it."""
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=(write_end,), stderr=subprocess.DEVNULL)
    os.close(write_end)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(read_end, 16)
        if not chunk:
            sys.exit("Xvfb failed to start")
        number += chunk
    os.close(read_end)
    os.environ["DISPLAY"] = f":{number.decode().strip()}"
    return xvfb
