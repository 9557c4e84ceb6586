"""A copy of the record files before sync makes a large change, to go back to if the change was unwanted.

The copy is the files as they are on disk, still encrypted with the data folder's key: the main
file, the monthly activity shards and the sync state, in `backups/sync-<UTC time>-<reason>/` of
the data folder. It is written under the store's lock (no commit runs meanwhile) into a
`.partial` folder renamed when complete, so a crash never leaves a backup that looks whole.
The newest three are kept. To go back: quit LightTrack and copy the files over the data folder's.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

from ..store.database import MAIN_FILE, SHARD_DIR, SHARD_SUFFIX, Store
from ..store.files import fsync_dir, fsync_path
from .state import STATE_FILE

BACKUP_DIR = "backups"
PREFIX = "sync-"
KEEP = 3


def backup_records(store: Store, reason: str) -> Path:
    """Copy the committed record files of `store`; return the backup's folder."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    root = store.data_dir / BACKUP_DIR
    target = root / f"{PREFIX}{stamp}-{reason}"
    partial = target.with_name(target.name + ".partial")
    with store.lock:
        (partial / SHARD_DIR).mkdir(parents=True)
        for source in _record_files(store.data_dir):
            copy = partial / source.relative_to(store.data_dir)
            shutil.copyfile(source, copy)
            fsync_path(copy)
        fsync_dir(partial / SHARD_DIR)
        fsync_dir(partial)
        partial.rename(target)
        fsync_dir(root)
    _prune(root)
    return target


def _record_files(data_dir: Path) -> list[Path]:
    files = [data_dir / MAIN_FILE, data_dir / STATE_FILE, *sorted((data_dir / SHARD_DIR).glob("*" + SHARD_SUFFIX))]
    return [f for f in files if f.is_file()]


def _prune(root: Path) -> None:
    """Keep the newest KEEP backups; drop older ones and the leftovers of an interrupted one."""
    made = sorted(p for p in root.iterdir() if p.name.startswith(PREFIX))
    complete = [p for p in made if not p.name.endswith(".partial")]
    for old in complete[:-KEEP] + [p for p in made if p.name.endswith(".partial")]:
        shutil.rmtree(old, ignore_errors=True)
