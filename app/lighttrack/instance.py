"""One running instance per data folder: an OS file lock plus `instance.json` naming its port."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import orjson

from .errors import LightTrackError
from .store.files import atomic_write

LOCK_FILE = "lighttrack.lock"
INFO_FILE = "instance.json"

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False


class InstanceLock:
    """Held for as long as a process owns the data folder's store; the OS frees it on any exit."""

    def __init__(self, data_dir: Path) -> None:
        self._dir = data_dir
        self._fd: int | None = None

    def acquire(self) -> bool:
        self._dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def publish(self, port: int) -> None:
        """Tell other processes where this instance's API listens."""
        atomic_write(self._dir / INFO_FILE, orjson.dumps({"pid": os.getpid(), "port": port}))

    def withdraw(self) -> None:
        (self._dir / INFO_FILE).unlink(missing_ok=True)


def running_port(data_dir: Path) -> int | None:
    """The API port of the instance that holds `data_dir`, or None when none runs."""
    probe = InstanceLock(data_dir)
    if probe.acquire():
        probe.release()
        return None
    try:
        return int(orjson.loads((data_dir / INFO_FILE).read_bytes())["port"])
    except (OSError, ValueError, KeyError, TypeError):
        raise LightTrackError("Another LightTrack process holds this data folder but has not published its API port "
                              "yet.") from None
