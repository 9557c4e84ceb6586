"""Pairing codes and recovery keys: ways into the vault other than the passphrase.

A pairing code lets a new device join with a one-time code from a paired one; a recovery key
(the vault key itself, printed in a recovery kit) lets any device join when the passphrase is lost.

A code carries a slot id and a secret (5 + 10 random bytes: 24 letters and digits). The paired
device leaves the vault key on the server in that slot, sealed with a key derived from the
secret; the new device takes the slot (once, before it expires) and opens it. The server sees
the slot id and ciphertext, never the secret.
"""

from __future__ import annotations

import base64
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from ..errors import LightTrackError, ValidationError

PAIRING_SECONDS = 600
SLOT, SECRET, NONCE = 5, 10, 12
_CODE = re.compile(r"[A-Z2-7]{24}")
_RECOVERY = re.compile(r"[A-Z2-7]{52}")  # a 32-byte key


class WrongPairingCode(LightTrackError):
    """The code names no open slot, or its secret does not open it; nothing was written."""


class WrongRecoveryKey(LightTrackError):
    """The recovery key does not open the vault's versions; nothing was written."""


def new_code() -> tuple[bytes, bytes]:
    """A fresh slot id and secret."""
    return os.urandom(SLOT), os.urandom(SECRET)


def format_code(slot: bytes, secret: bytes) -> str:
    text = base64.b32encode(slot + secret).decode()
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_code(text: object) -> tuple[bytes, bytes]:
    """The slot id and secret of a code as typed (any case, with or without dashes and spaces)."""
    cleaned = re.sub(r"[\s-]", "", text.upper()) if isinstance(text, str) else ""
    if not _CODE.fullmatch(cleaned):
        raise ValidationError("pairing code must be the 24 letters and digits shown by `lighttrack sync pair` "
                              "on a paired device (like ABCD-EFGH-IJKL-MNOP-QRST-UVWX).")
    raw = base64.b32decode(cleaned)
    return raw[:SLOT], raw[SLOT:]


def format_recovery_key(vault_key: bytes) -> str:
    text = base64.b32encode(vault_key).decode().rstrip("=")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: object) -> bytes:
    cleaned = re.sub(r"[\s-]", "", text.upper()) if isinstance(text, str) else ""
    if not _RECOVERY.fullmatch(cleaned):
        raise ValidationError("recovery key must be the 52 letters and digits of your recovery kit.")
    return base64.b32decode(cleaned + "====")


def seal_vault_key(vault_key: bytes, key_id: bytes, secret: bytes, vault_id: bytes, slot: bytes) -> bytes:
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(_key(secret)).encrypt(nonce, key_id + vault_key, _aad(vault_id, slot))


def open_vault_key(blob: bytes, secret: bytes, vault_id: bytes, slot: bytes) -> tuple[bytes, bytes]:
    """The key id and vault key in a pairing slot."""
    try:
        plain = AESGCM(_key(secret)).decrypt(blob[:NONCE], blob[NONCE:], _aad(vault_id, slot))
    except InvalidTag:
        raise WrongPairingCode("The pairing code does not match: check it and try again.") from None
    return plain[:16], plain[16:]


def _key(secret: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=None, info=b"lighttrack pairing").derive(secret)


def _aad(vault_id: bytes, slot: bytes) -> bytes:
    return b"lt-pair|" + vault_id + slot
