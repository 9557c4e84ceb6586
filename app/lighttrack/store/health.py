"""What is wrong with a data folder: a full disk, files that can't be decrypted, damaged files kept aside."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from ..errors import StoreError
from .crypto import Cipher
from .database import MAIN_FILE, SHARD_DIR, SHARD_SUFFIX

MIN_FREE = 16 * 1024 * 1024  # below this a day of heartbeats and a few exports may not fit


def storage_problems(data_dir: Path, cipher: Cipher | None) -> list[str]:
    """One sentence per problem (none: healthy). Reads every sealed file when `cipher` is given."""
    return free_space_problems(data_dir) + file_problems(data_dir, cipher)


class FolderHealth:
    """The data folder's problems as the health check reports them: the free space at each call, the files as last
    read. Reading every sealed file takes tens of milliseconds on years of data, so it runs on a thread of its own at
    most every `every` seconds, and a call never waits for it (nor does the first, while the app is starting)."""

    def __init__(self, data_dir: Path, cipher: Cipher, every: float) -> None:
        self._data_dir = data_dir
        self._cipher = cipher
        self._every = every
        self._lock = threading.Lock()
        self._files: list[str] = []
        self._read_at: float | None = None
        self._reading = False

    def problems(self) -> list[str]:
        self._read_files_when_due()
        with self._lock:
            files = list(self._files)
        return free_space_problems(self._data_dir) + files

    def _read_files_when_due(self) -> None:
        with self._lock:
            due = self._read_at is None or time.monotonic() - self._read_at >= self._every
            if self._reading or not due:
                return
            self._reading = True
        threading.Thread(target=self._read_files, name="lighttrack-health", daemon=True).start()

    def _read_files(self) -> None:
        found: list[str] | None = None
        try:
            found = file_problems(self._data_dir, self._cipher)
        finally:
            with self._lock:
                self._files = self._files if found is None else found
                self._read_at, self._reading = time.monotonic(), False


def free_space_problems(data_dir: Path) -> list[str]:
    free = _free_bytes(data_dir)
    if free is not None and free < MIN_FREE:
        return [f"The disk holding the data folder is full ({free // 1024} KiB free): new data can't be saved."]
    return []


def file_problems(data_dir: Path, cipher: Cipher | None) -> list[str]:
    """Sealed files that can't be decrypted (when `cipher` is given) and damaged files kept aside."""
    problems = []
    if cipher is not None:
        problems += [f"{path.relative_to(data_dir)} cannot be read: {exc}" for path, exc in _unreadable(data_dir, cipher)]
    kept = sorted(p.relative_to(data_dir) for p in data_dir.rglob("*.damaged*"))
    if kept:
        problems.append(f"{len(kept)} damaged file(s) were found and kept aside (e.g. {kept[0]}); the rest was read.")
    return problems


def _free_bytes(data_dir: Path) -> int | None:
    try:
        return shutil.disk_usage(data_dir).free
    except OSError:
        return None


def _unreadable(data_dir: Path, cipher: Cipher) -> list[tuple[Path, StoreError]]:
    sealed = [data_dir / MAIN_FILE, *(data_dir / SHARD_DIR).glob("*" + SHARD_SUFFIX),
              *(data_dir / "spans").glob("*.db"), *(data_dir / "spans").glob("*.summary")]
    found = []
    for path in sealed:
        try:
            cipher.open(path.read_bytes(), path.name)
        except FileNotFoundError:
            continue
        except OSError as exc:
            found.append((path, StoreError(exc.strerror or str(exc))))
        except StoreError as exc:
            found.append((path, exc))
    return found
