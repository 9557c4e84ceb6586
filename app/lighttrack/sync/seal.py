"""Keys and sealed envelopes: what leaves the device is AES-256-GCM ciphertext and opaque ids.

The vault key is random; the server keeps it only wrapped by a key derived from the user's
passphrase (Argon2id, scrypt where Argon2id is missing). Every record version is sealed with
the vault key, its associated data binding the format, vault, record key, device, epoch,
counter and key id, so a blob moved to another row fails to open. Plaintext is padded to
256-byte buckets so sizes say little about names or titles. Snapshot parts (a device's whole
state, for a fresh device to start from) are compressed, then padded and sealed the same way,
bound to the vault, the log position they cover and their place in the snapshot.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import zlib
from dataclasses import dataclass

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..errors import LightTrackError

FORMAT = 1
BUCKET = 256
SNAPSHOT_BUCKET = 65536  # a snapshot part's size says little more than the data's order of magnitude
NONCE = 12
# Argon2id as the design sets it (RFC 9106's second recommendation); tests pass cheaper ones.
DEFAULT_KDF = {"name": "argon2id", "iterations": 3, "lanes": 4, "memory_kib": 65536}


class WrongPassphrase(LightTrackError):
    """The passphrase does not open the vault key (the GCM tag fails); nothing was written."""


class SealError(LightTrackError):
    """A sealed record failed to open or does not match the row it came in."""


class KeyChanged(LightTrackError):
    """The vault key was replaced on another device (a device was removed): this one needs the passphrase again."""

    def __init__(self) -> None:
        super().__init__("The sync key was changed on another device (a device was removed): enter the sync passphrase "
                         "on this device to go on syncing. Your edits here are kept and sync afterwards.")


def derive(passphrase: str, salt: bytes, kdf: dict) -> bytes:
    """Return the 32-byte key-encryption key of a passphrase."""
    secret = passphrase.encode()
    if kdf["name"] == "argon2id":
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

        return Argon2id(salt=salt, length=32, iterations=kdf["iterations"], lanes=kdf["lanes"],
                        memory_cost=kdf["memory_kib"]).derive(secret)
    return hashlib.scrypt(secret, salt=salt, n=kdf["n"], r=8, p=1, dklen=32, maxmem=2**28)


def best_kdf() -> dict:
    """Argon2id when this build of cryptography has it, else scrypt."""
    try:
        from cryptography.hazmat.primitives.kdf.argon2 import Argon2id  # noqa: F401
    except ImportError:
        return {"name": "scrypt", "n": 2**17}
    return dict(DEFAULT_KDF)


def wrap_key(vault_key: bytes, passphrase: str, vault_id: bytes, key_id: bytes, kdf: dict) -> tuple[bytes, dict]:
    """Seal the vault key under the passphrase; return the wrapped bytes and the KDF parameters."""
    salt = os.urandom(16)
    params = {**kdf, "salt": salt.hex()}
    kek = derive(passphrase, salt, kdf)
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(kek).encrypt(nonce, vault_key, b"lt-vault-key|" + vault_id + key_id), params


def seal_older_key(older_id: bytes, older_key: bytes, key_id: bytes, vault_key: bytes, vault_id: bytes) -> bytes:
    """The key a rotation replaced, sealed under its successor: whoever holds the new key can read old versions."""
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(vault_key).encrypt(nonce, older_id + older_key, b"lt-older-key|" + vault_id + key_id)


def open_older_key(sealed: bytes, key_id: bytes, vault_key: bytes, vault_id: bytes) -> tuple[bytes, bytes]:
    """(key id, key) of the key that `key_id`'s key replaced."""
    try:
        plain = AESGCM(vault_key).decrypt(sealed[:NONCE], sealed[NONCE:], b"lt-older-key|" + vault_id + key_id)
    except InvalidTag:
        raise SealError("A replaced sync key failed to open (damaged or not sealed for this vault).") from None
    return plain[:16], plain[16:]


def unwrap_key(wrapped: bytes, passphrase: str, vault_id: bytes, key_id: bytes, params: dict) -> bytes:
    kek = derive(passphrase, bytes.fromhex(params["salt"]), params)
    try:
        return AESGCM(kek).decrypt(wrapped[:NONCE], wrapped[NONCE:], b"lt-vault-key|" + vault_id + key_id)
    except InvalidTag:
        raise WrongPassphrase("The sync passphrase is wrong: it does not open this vault.") from None


@dataclass(frozen=True)
class Envelope:
    """Where a sealed version sits: every field is bound into the ciphertext's associated data."""

    record_key: bytes
    device_id: bytes
    epoch: bytes
    counter: int
    key_id: bytes


class Sealer:
    """Seals record versions with the vault's current key; opens them with the key they were sealed with.

    `older` holds the keys a rotation replaced (by key id). Record keys come from the vault's first key, so a
    record keeps its server-side name across rotations.
    """

    def __init__(self, vault_id: bytes, key_id: bytes, vault_key: bytes, older: dict[bytes, bytes] | None = None,
                 first_key: bytes | None = None) -> None:
        self.vault_id = vault_id
        self.key_id = key_id
        self._aead = AESGCM(vault_key)
        self._opening = {key_id: self._aead, **{kid: AESGCM(key) for kid, key in (older or {}).items()}}
        ids_key = HKDF(algorithm=SHA256(), length=32, salt=None, info=b"lighttrack ids").derive(first_key or vault_key)
        self._ids = hmac.new(ids_key, digestmod=hashlib.sha256)

    def record_key(self, kind: str, local_id: str) -> bytes:
        """The opaque, stable server-side name of a record."""
        mac = self._ids.copy()
        mac.update(kind.encode() + b"\x00" + local_id.encode())
        return mac.digest()[:16]

    def seal(self, state: dict, where: Envelope) -> bytes:
        plain = orjson.dumps(state)
        padded = plain + b" " * (-len(plain) % BUCKET)
        nonce = os.urandom(NONCE)
        return nonce + self._aead.encrypt(nonce, padded, self._aad(where))

    def open(self, blob: bytes, where: Envelope) -> dict:
        """Open a sealed version and check that it names the record its key says."""
        aead = self._opening.get(where.key_id)
        if aead is None:
            raise KeyChanged()
        try:
            state = orjson.loads(aead.decrypt(blob[:NONCE], blob[NONCE:], self._aad(where)))
        except (InvalidTag, orjson.JSONDecodeError):
            raise SealError("A synced record failed to open (damaged or not sealed for this vault).") from None
        if self.record_key(state["t"], state["id"]) != where.record_key:
            raise SealError("A synced record does not match its record key.")
        return state

    def seal_part(self, plain: bytes, upto: int, index: int, count: int) -> bytes:
        """Seal one part of a snapshot of the log up to `upto`: compressed, padded, bound to its place."""
        packed = zlib.compress(plain, 3)
        padded = packed + b"\0" * (-len(packed) % SNAPSHOT_BUCKET)
        nonce = os.urandom(NONCE)
        return nonce + self._aead.encrypt(nonce, padded, self._part_aad(upto, index, count))

    def open_part(self, blob: bytes, upto: int, index: int, count: int) -> bytes:
        try:
            padded = self._aead.decrypt(blob[:NONCE], blob[NONCE:], self._part_aad(upto, index, count))
            return zlib.decompressobj().decompress(padded)
        except (InvalidTag, zlib.error):
            raise SealError("A sync snapshot failed to open (damaged or not sealed for this vault).") from None

    def seal_day(self, spans: list[dict], device_id: bytes, day: str) -> bytes:
        """Seal one device's tracked windows of one day: compressed, padded, bound to that device and day."""
        packed = zlib.compress(orjson.dumps(spans), 6)
        padded = packed + b"\0" * (-len(packed) % SNAPSHOT_BUCKET)
        nonce = os.urandom(NONCE)
        return nonce + self._aead.encrypt(nonce, padded, self._day_aad(device_id, day, self.key_id))

    def open_day(self, blob: bytes, device_id: bytes, day: str, key_id: bytes) -> list[dict]:
        aead = self._opening.get(key_id)
        if aead is None:
            raise KeyChanged()
        try:
            padded = aead.decrypt(blob[:NONCE], blob[NONCE:], self._day_aad(device_id, day, key_id))
            spans = orjson.loads(zlib.decompressobj().decompress(padded))
        except (InvalidTag, zlib.error, orjson.JSONDecodeError):
            raise SealError("A synced day of window activity failed to open (damaged or not for this vault).") from None
        if not isinstance(spans, list) or not all(isinstance(span, dict) for span in spans):
            raise SealError("A synced day of window activity is not a list of windows.")
        return spans

    def _day_aad(self, device_id: bytes, day: str, key_id: bytes) -> bytes:
        return b"|".join((b"lt-spans", str(FORMAT).encode(), self.vault_id, device_id, day.encode(), key_id))

    def _part_aad(self, upto: int, index: int, count: int) -> bytes:
        return b"|".join((b"lt-snapshot", str(FORMAT).encode(), self.vault_id, str(upto).encode(),
                          str(index).encode(), str(count).encode(), self.key_id))

    def _aad(self, where: Envelope) -> bytes:
        return b"|".join((b"lt", str(FORMAT).encode(), self.vault_id, where.record_key, where.device_id,
                          where.epoch, str(where.counter).encode(), where.key_id))
