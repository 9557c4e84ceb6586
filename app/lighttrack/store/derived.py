"""Files derived from a day's journal (its events in a form that loads fast), trusted only while the journal is unchanged.

A derived file `<journal name without .journal><suffix>` beside the journal holds one `Cipher.seal` of a
header (a marker, the caller's format number, the journal's size and its last 16 bytes) and the payload.
Every append to a journal and every rewrite of it changes its size or its last 16 bytes (each frame ends
with the GCM tag of a fresh seal), so a derived file made before any change to its day — a deletion, an
import, a late heartbeat — no longer matches and is not used; the caller makes it again from the journal.

Derived files are replaced atomically (temp file + rename) but not synced: after a crash one may be empty,
torn or older than its journal, and each of those fails the seal or the match and is made again. The
journal holds the truth, so nothing is lost; failing to write one (a full disk) only costs the next read.
"""

from __future__ import annotations

import logging
import os
import struct
from pathlib import Path

from ..errors import StoreError
from .crypto import Cipher
from .files import write_all

log = logging.getLogger(__name__)

MARKER = b"LTdv"
MARK_BYTES = 16  # a journal's last bytes: the GCM tag of its last frame
_HEADER = struct.Struct(">4sH")  # marker, format number; then the journal's mark


def journal_mark(journal: str) -> bytes | None:
    """The journal's size and last 16 bytes (None when there's no journal)."""
    try:
        with open(journal, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            handle.seek(max(0, size - MARK_BYTES))
            return size.to_bytes(8, "big") + handle.read(MARK_BYTES)
    except FileNotFoundError:
        return None


def derived_path(journal: str, suffix: str) -> str:
    return journal.rsplit(".", 1)[0] + suffix


class DerivedFiles:
    """Read and write derived files of journals.

    Threading contract: not thread-safe by itself; callers hold the Store's lock, so that no write to the
    journal comes between checking a derived file's match and using it.
    """

    def __init__(self, cipher: Cipher) -> None:
        self._cipher = cipher

    def read(self, journal: str, suffix: str, fmt: int) -> memoryview | None:
        """The payload of the journal's derived file if it was made from the journal as it is now in format `fmt`.

        Paths are strings: a year is 730 files, and pathlib's objects cost more than reading them."""
        mark = journal_mark(journal)
        path = derived_path(journal, suffix)
        if mark is None:
            return None
        try:
            with open(path, "rb") as handle:
                plain = self._cipher.open(handle.read(), os.path.basename(path))
        except FileNotFoundError:
            return None
        except (OSError, StoreError) as exc:  # torn by a crash or damaged: made again from the journal
            log.info("derived file %s can't be used (%s); it is made again", os.path.basename(path), exc)
            return None
        expected = _HEADER.pack(MARKER, fmt) + mark
        if plain[:len(expected)] != expected:
            return None  # made from an earlier state of the journal, or in another format
        return memoryview(plain)[len(expected):]

    def write(self, journal: str, suffix: str, fmt: int, payload: bytes) -> None:
        """Save `payload` as derived from the journal as it is now (nothing when the journal is gone)."""
        mark = journal_mark(journal)
        if mark is None:
            return
        path = Path(derived_path(journal, suffix))
        tmp = path.with_name(f".{path.name}.tmp")
        blob = self._cipher.seal(_HEADER.pack(MARKER, fmt) + mark + payload)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                write_all(fd, blob)
            finally:
                os.close(fd)
            os.replace(tmp, path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            log.warning("derived file %s was not saved (%s); the day is read from its journal", path.name, exc)
