"""All-or-nothing commits of several encrypted files, recoverable after a crash at any instant.

One dirty file is replaced atomically. Several are first written beside their targets as
`*.txn`, then an intent file naming them is written atomically (the commit point), then they
are renamed into place. `recover` finishes a commit whose intent exists and drops the
leftovers of one that never reached its commit point.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import orjson

from .files import atomic_write, fsync_dir, write_synced
from .storage import EncryptedJSONStorage

log = logging.getLogger(__name__)

INTENT = "txn.intent"
TXN_SUFFIX = ".txn"


class WriteBatch:
    """Collects the storages written inside a transaction; the Store commits or drops them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.depth = 0
        self._dirty: dict[Path, EncryptedJSONStorage] = {}

    @property
    def active(self) -> bool:
        return self.depth > 0

    def enlist(self, storage: EncryptedJSONStorage) -> None:
        self._dirty[storage.path] = storage

    def is_dirty(self, path: Path) -> bool:
        return path in self._dirty

    def pending(self) -> list[EncryptedJSONStorage]:
        """The storages written so far, without forgetting them."""
        return list(self._dirty.values())

    def take(self) -> list[EncryptedJSONStorage]:
        """Return and forget the dirty storages."""
        dirty = list(self._dirty.values())
        self._dirty.clear()
        return dirty


def commit(root: Path, storages: list[EncryptedJSONStorage]) -> None:
    """Write every storage's cached content to disk as one atomic step."""
    if len(storages) == 1:
        storages[0].flush()
        return
    if not storages:
        return
    pairs = []
    try:
        for storage in storages:
            tmp = storage.path.with_name(storage.path.name + TXN_SUFFIX)
            pairs.append((str(tmp.relative_to(root)), str(storage.path.relative_to(root))))
            write_synced(tmp, storage.encoded())
        for folder in {Path(root, t).parent for t, _ in pairs}:
            fsync_dir(folder)
        atomic_write(root / INTENT, orjson.dumps(pairs))
    except BaseException:
        for tmp_name, _ in pairs:  # never reached the commit point: nothing of it may stay behind
            Path(root, tmp_name).unlink(missing_ok=True)
        raise
    _apply(root, pairs)


def _apply(root: Path, pairs: list[tuple[str, str]]) -> None:
    for tmp, final in pairs:
        if (root / tmp).exists():
            os.replace(root / tmp, root / final)
    for folder in {Path(root, f).parent for _, f in pairs}:
        fsync_dir(folder)
    (root / INTENT).unlink(missing_ok=True)
    fsync_dir(root)


def _read_intent(root: Path, intent: Path) -> list[tuple[str, str]] | None:
    """The intent's (temp, final) pairs; [] when unreadable (never committed); None when it names foreign files.

    A real intent pairs `X.txn` with `X`, both inside the data folder; anything else is not ours to rename.
    """
    try:
        raw = orjson.loads(intent.read_bytes())
    except orjson.JSONDecodeError:
        return []  # the intent itself is written atomically; unreadable means never committed
    if not isinstance(raw, list):
        return None
    pairs = []
    for pair in raw:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) and "\0" not in p for p in pair)):
            return None
        tmp, final = pair
        inside = all((root / p).resolve().is_relative_to(root.resolve()) and not Path(p).is_absolute() for p in pair)
        if not inside or tmp != final + TXN_SUFFIX:
            return None
        pairs.append((tmp, final))
    return pairs


def recover(root: Path) -> None:
    """Finish or undo a commit that a crash interrupted."""
    intent = root / INTENT
    if intent.exists():
        pairs = _read_intent(root, intent)
        if pairs is None:
            log.warning("%s names files it can't have written; kept aside as %s", INTENT, INTENT + ".damaged")
            os.replace(intent, root / (INTENT + ".damaged"))
            pairs = []
        _apply(root, pairs)
    for pattern in ("*" + TXN_SUFFIX, "*.tmp"):
        for leftover in root.rglob(pattern):
            leftover.unlink(missing_ok=True)
