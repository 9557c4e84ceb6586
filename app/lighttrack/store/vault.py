"""Secrets (the store key, the API token, integration tokens) in the OS keyring.

When no keyring works (a headless Linux session without a Secret Service) the vault falls
back to a 0600 file in the data folder and says so through `backend_label`. The choice is
recorded in `vault.json` (no secret in it) when the vault is created and kept afterwards,
so a keyring that is locked today is reported instead of silently replaced.
"""

from __future__ import annotations

import importlib
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from ..errors import StoreError
from .files import atomic_write

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "LightTrack"
INFO_FILE = "vault.json"
FILE_BACKEND = "secrets.key"
FILE_LABEL = "key file (no OS keyring available)"


# The platform's own keyring: choosing it spares loading every backend keyring knows (its libsecret one loads
# GObject introspection into the tracking process, 4.6 MB, where jeepney speaks the same Secret Service).
PLATFORM_KEYRINGS = {"win32": ("keyring.backends.Windows", "WinVaultKeyring"),
                     "darwin": ("keyring.backends.macOS", "Keyring")}
OTHER_KEYRING = ("keyring.backends.SecretService", "Keyring")  # Linux and the BSDs: the freedesktop Secret Service


def _os_keyring() -> KeyringBackend | None:
    """The keyring the user configured (PYTHON_KEYRING_BACKEND, keyringrc.cfg), else the platform's if it works here."""
    import keyring.core

    configured = keyring.core.load_env() or keyring.core.load_config()
    if configured is not None:
        return configured
    module_name, class_name = PLATFORM_KEYRINGS.get(sys.platform, OTHER_KEYRING)
    try:
        backend_class = getattr(importlib.import_module(module_name), class_name)
        backend_class.priority  # noqa: B018 -- raises where the backend cannot work (no daemon, no library)
    except Exception:  # any backend failure means "not usable here"
        return None
    backend: KeyringBackend = backend_class()
    return backend


def _working_keyring() -> KeyringBackend | None:
    """Return the OS keyring if one answers here, else None."""
    try:
        from keyring.backends import chainer, fail
    except ImportError:
        return None
    backend = _os_keyring()
    if backend is None or isinstance(backend, fail.Keyring) \
            or (isinstance(backend, chainer.ChainerBackend) and not backend.backends):
        return None
    if type(backend).__module__.startswith("keyrings.alt"):
        return None  # stores secrets in plain text: no better than our own key file
    try:
        backend.get_password(SERVICE, "probe")
    except Exception:  # any backend failure means "not usable here"
        return None
    return backend


class SecretVault:
    """Named secrets for one data folder, kept in the keyring or in a private file."""

    def __init__(self, data_dir: Path, mode: str = "auto") -> None:
        self._dir = data_dir
        info = self._load_info()
        if info is None:
            info = self._create_info(mode)
        self._id: str = info["id"]
        self._backend_name: str = info["backend"]
        self._keyring: KeyringBackend | None = None
        if self._backend_name == "keyring":
            self._keyring = _working_keyring()
            if self._keyring is None:
                raise StoreError("The OS keyring that holds LightTrack's key is not reachable "
                                 "(is the session keyring unlocked?).")

    @property
    def backend_label(self) -> str:
        if self._keyring is not None:
            return f"OS keyring ({type(self._keyring).__module__.rsplit('.', 1)[-1]})"
        return FILE_LABEL

    @property
    def uses_keyring(self) -> bool:
        return self._keyring is not None

    def get(self, name: str) -> str | None:
        if self._keyring is not None:
            return self._keyring.get_password(SERVICE, self._user(name))
        value: str | None = self._read_file().get(name)
        return value

    def set(self, name: str, value: str) -> None:
        if self._keyring is not None:
            self._keyring.set_password(SERVICE, self._user(name), value)
            return
        stored = self._read_file()
        stored[name] = value
        atomic_write(self._dir / FILE_BACKEND, orjson.dumps(stored), mode=0o600)

    def delete(self, name: str) -> None:
        if self._keyring is not None:
            try:
                self._keyring.delete_password(SERVICE, self._user(name))
            except Exception:  # keyring raises PasswordDeleteError for a missing entry
                pass
            return
        stored = self._read_file()
        if stored.pop(name, None) is not None:
            atomic_write(self._dir / FILE_BACKEND, orjson.dumps(stored), mode=0o600)

    def get_or_create(self, name: str, make: Callable[[], str]) -> str:
        """Return the secret `name`, creating it with `make()` on first use."""
        value = self.get(name)
        if value is None:
            value = make()
            self.set(name, value)
        return value

    def entry_name(self, name: str) -> str:
        """The keyring entry (user name) that holds the secret `name`."""
        return self._user(name)

    def _user(self, name: str) -> str:
        return f"{self._id}:{name}"

    def _load_info(self) -> dict[str, Any] | None:
        try:
            info: dict[str, Any] = orjson.loads((self._dir / INFO_FILE).read_bytes())
            return info
        except FileNotFoundError:
            return None
        except (OSError, orjson.JSONDecodeError):
            raise StoreError(f"{INFO_FILE} in the data folder is damaged.") from None

    def _create_info(self, mode: str) -> dict[str, Any]:
        use_keyring = mode == "keyring" or (mode == "auto" and _working_keyring() is not None)
        info = {"id": secrets.token_hex(8), "backend": "keyring" if use_keyring else "file"}
        atomic_write(self._dir / INFO_FILE, orjson.dumps(info), mode=0o600)
        return info

    def _read_file(self) -> dict[str, Any]:
        path = self._dir / FILE_BACKEND
        try:
            if path.stat().st_mode & 0o077:
                os.chmod(path, 0o600)
            stored: dict[str, Any] = orjson.loads(path.read_bytes())
            return stored
        except FileNotFoundError:
            return {}
        except (OSError, orjson.JSONDecodeError):
            raise StoreError(f"{FILE_BACKEND} in the data folder is damaged.") from None
