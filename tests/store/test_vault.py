"""Secrets: the OS keyring when one works, else a private file, and the choice is remembered."""

from __future__ import annotations

import pytest

from lighttrack.store.vault import FILE_BACKEND, SecretVault


def test_file_fallback_is_private_and_persistent(tmp_path):
    vault = SecretVault(tmp_path, mode="file")
    vault.set("api-token", "s3cret")
    assert (tmp_path / FILE_BACKEND).stat().st_mode & 0o777 == 0o600
    again = SecretVault(tmp_path, mode="auto")
    assert again.get("api-token") == "s3cret"
    assert again.backend_label.startswith("key file")


@pytest.mark.dbus
def test_secret_service_keyring_holds_the_secret(tmp_path, secret_service):
    vault = SecretVault(tmp_path, mode="auto")
    assert vault.uses_keyring, vault.backend_label
    vault.set("store-key", "k3y")
    assert SecretVault(tmp_path).get("store-key") == "k3y"
    assert not (tmp_path / FILE_BACKEND).exists()
    assert b"k3y" not in b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
