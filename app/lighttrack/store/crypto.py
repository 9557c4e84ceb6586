"""AES-256-GCM sealing of whole files and journal frames."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher as BlockCipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..errors import StoreError

MAGIC = b"LTE1"
NONCE_BYTES = 12
KEY_BYTES = 32
_AAD = b"lighttrack"


def new_key() -> bytes:
    """Return a fresh random 256-bit key."""
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


class Cipher:
    """Seal and open byte strings with one AES-256-GCM key; every seal uses a fresh nonce."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise StoreError("The store key has the wrong length; the key store is damaged.")
        self._key = key
        self._aead = AESGCM(key)

    def seal(self, plaintext: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return MAGIC + nonce + self._aead.encrypt(nonce, plaintext, _AAD)

    def seal_stream(self, plaintext: Iterable[bytes]) -> Iterator[bytes]:
        """`seal` of the concatenated pieces, given in pieces: the same format, `open` reads it, and neither the
        plaintext nor the sealed file is ever in memory whole."""
        nonce = os.urandom(NONCE_BYTES)
        encryptor = BlockCipher(algorithms.AES(self._key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(_AAD)
        yield MAGIC + nonce
        for piece in plaintext:
            yield encryptor.update(piece)
        yield encryptor.finalize() + encryptor.tag

    def open(self, blob: bytes, what: str = "a data file") -> bytes:
        if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + NONCE_BYTES + 16:
            raise StoreError(f"{what} is not a LightTrack encrypted file.")
        nonce = blob[len(MAGIC):len(MAGIC) + NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, memoryview(blob)[len(MAGIC) + NONCE_BYTES:], _AAD)  # no copy of the file
        except InvalidTag:
            raise StoreError(f"{what} cannot be decrypted: wrong key or damaged file.") from None
