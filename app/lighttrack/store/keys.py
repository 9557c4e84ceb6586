"""The store key of a data folder: made once for a new folder, never again for one that holds data."""

from __future__ import annotations

import base64
import binascii
from pathlib import Path

from ..errors import StoreError
from .crypto import new_key
from .database import MAIN_FILE, SHARD_DIR, SHARD_SUFFIX
from .vault import FILE_BACKEND, INFO_FILE, SecretVault

STORE_KEY = "store-key"
KEY_BYTES = 32
DATA_DIRS = (SHARD_DIR, "spans", "activitywatch")


def holds_data(data_dir: Path) -> bool:
    """True when the folder has encrypted data that only its key can open."""
    if (data_dir / MAIN_FILE).exists():
        return True
    return any(p.is_file() and p.suffix in (SHARD_SUFFIX, ".journal") for d in DATA_DIRS for p in (data_dir / d).rglob("*"))


def require_vault_info(data_dir: Path) -> None:
    """Refuse to open a folder with data whose vault.json (which names where the key is) is gone."""
    if not (data_dir / INFO_FILE).exists() and holds_data(data_dir):
        raise StoreError(f"The data folder {data_dir} holds encrypted data, but {INFO_FILE}, which says where its key is "
                         "kept, is missing. Restore it from a backup; LightTrack won't make a new key for existing data.")


def store_key(vault: SecretVault, data_dir: Path) -> bytes:
    """The folder's key: created for a new folder; missing or unreadable for one with data is refused with a sentence."""
    encoded = vault.get(STORE_KEY)
    where = _where(vault, data_dir)
    if encoded is None:
        if holds_data(data_dir):
            raise StoreError(f"The encryption key of {data_dir} is missing: it was expected in {where}. Restore it "
                             "(or the data folder with its key) from a backup; LightTrack won't make a new key for "
                             "existing data.")
        encoded = base64.b64encode(new_key()).decode()
        vault.set(STORE_KEY, encoded)
    try:
        key = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError, TypeError):
        key = b""
    if len(key) != KEY_BYTES:
        raise StoreError(f"The encryption key in {where} is not a valid LightTrack key (base64 of 32 bytes); "
                         "it may have been edited. Restore it from a backup.")
    return key


def _where(vault: SecretVault, data_dir: Path) -> str:
    if vault.uses_keyring:
        return f"the OS keyring (service LightTrack, entry {vault.entry_name(STORE_KEY)})"
    return f"{data_dir / FILE_BACKEND} (entry {STORE_KEY})"
