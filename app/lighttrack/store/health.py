"""What is wrong with a data folder: a full disk, files that can't be decrypted, damaged files kept aside."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import StoreError
from .crypto import Cipher
from .database import MAIN_FILE, SHARD_DIR, SHARD_SUFFIX

MIN_FREE = 16 * 1024 * 1024  # below this a day of heartbeats and a few exports may not fit


def storage_problems(data_dir: Path, cipher: Cipher | None) -> list[str]:
    """One sentence per problem (none: healthy). Reads every sealed file when `cipher` is given."""
    problems = []
    free = _free_bytes(data_dir)
    if free is not None and free < MIN_FREE:
        problems.append(f"The disk holding the data folder is full ({free // 1024} KiB free): new data can't be saved.")
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
