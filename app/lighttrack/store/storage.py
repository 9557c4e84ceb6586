"""TinyDB storages: the whole file encrypted with AES-256-GCM and replaced atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import orjson
from tinydb.storages import Storage

from ..errors import StoreError
from .crypto import Cipher
from .files import atomic_write


class Enlister(Protocol):
    """What a storage asks of the transaction that may be collecting its writes."""

    @property
    def active(self) -> bool: ...


    def enlist(self, storage: EncryptedJSONStorage) -> None: ...


class EncryptedJSONStorage(Storage):
    """One encrypted JSON file, its decoded content cached in memory.

    Not thread-safe by itself: the Store's lock serialises every use. Inside a transaction
    a write only marks the storage dirty; the transaction writes all dirty files at commit.
    """

    def __init__(self, path: Path, cipher: Cipher, batch: Enlister | None = None) -> None:
        self.path = path
        self._cipher = cipher
        self._batch = batch
        self._data: dict[str, Any] | None = None

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            try:
                blob = self.path.read_bytes()
            except FileNotFoundError:
                return None
            except OSError as exc:
                raise StoreError(f"Cannot read {self.path.name}: {exc.strerror}.") from None
            try:
                self._data = orjson.loads(self._cipher.open(blob, self.path.name))
            except orjson.JSONDecodeError:
                raise StoreError(f"{self.path.name} is damaged (not valid JSON).") from None
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        if self._batch is not None and self._batch.active:
            self._batch.enlist(self)
        else:
            self.flush()

    def encoded(self) -> bytes:
        """Return the encrypted bytes of the cached content."""
        return self._cipher.seal(orjson.dumps(self._data or {}))

    def flush(self) -> None:
        """Write the cached content to disk atomically."""
        atomic_write(self.path, self.encoded())

    def close(self) -> None:
        self._data = None
