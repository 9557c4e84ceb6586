"""The vault keys one device holds: the current key (seals new versions), the keys rotations replaced (they open
older versions) and the vault's first key (record names stay stable across rotations).

Removing a device replaces the current key: the server keeps each key's predecessor sealed under it, so whoever
holds the newest key reaches every older one, and the removed device, which knows only the old keys, can't read
anything sealed after its removal.
"""

from __future__ import annotations

import base64
import os
import uuid
from dataclasses import dataclass, field
from typing import Protocol

import orjson

from .seal import Sealer, open_older_key, seal_older_key

VAULT_KEY = "sync-vault-key"
OLDER_KEYS = "sync-older-keys"


class Secrets(Protocol):
    """Where the vault keys and the server address live: the OS keyring (the app's SecretVault)."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...


@dataclass(frozen=True)
class VaultKeys:
    key_id: bytes
    key: bytes
    older: dict[bytes, bytes] = field(default_factory=dict)
    first_id: bytes = b""

    @property
    def first_key(self) -> bytes:
        return self.older.get(self.first_id, self.key)

    def sealer(self, vault_id: bytes) -> Sealer:
        return Sealer(vault_id, self.key_id, self.key, self.older, self.first_key)

    def rotated(self, vault_id: bytes) -> tuple[VaultKeys, bytes]:
        """A new current key, and the current one sealed under it (for the server's key chain)."""
        new_id, new_key = uuid.uuid4().bytes, os.urandom(32)
        sealed = seal_older_key(self.key_id, self.key, new_id, new_key, vault_id)
        return VaultKeys(new_id, new_key, {**self.older, self.key_id: self.key}, self.first_id or self.key_id), sealed

    def save(self, secrets: Secrets) -> None:
        secrets.set(VAULT_KEY, base64.b64encode(self.key).decode())
        secrets.set(OLDER_KEYS, orjson.dumps({k.hex(): base64.b64encode(v).decode()
                                              for k, v in self.older.items()}).decode())

    @classmethod
    def load(cls, secrets: Secrets, key_id: bytes, first_id: bytes, current: str) -> VaultKeys:
        """The keys kept by `save`; `current` is the stored current key (already checked to be there)."""
        older = orjson.loads(secrets.get(OLDER_KEYS) or "{}")
        return cls(key_id, base64.b64decode(current),
                   {bytes.fromhex(k): base64.b64decode(v) for k, v in older.items()}, first_id)


def keys_from_chain(chain: list[tuple[uuid.UUID, bytes | None]], vault_id: bytes, key_id: bytes,
                    key: bytes) -> VaultKeys:
    """Every key the current one reaches through the server's chain (newest first); SealError when the chain
    does not open with `key`."""
    replaced = {kid.bytes: older for kid, older in chain}
    older: dict[bytes, bytes] = {}
    walking_id, walking_key = key_id, key
    while (sealed := replaced.get(walking_id)) is not None:
        walking_id, walking_key = open_older_key(sealed, walking_id, walking_key, vault_id)
        older[walking_id] = walking_key
    return VaultKeys(key_id, key, older, walking_id)
