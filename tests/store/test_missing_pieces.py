"""A data folder missing its main file or its key is refused with a sentence; a new key is never made for existing data."""

from __future__ import annotations

import base64

import orjson
import pytest

from support import lighttrack


@pytest.fixture
def folder(tmp_path):
    data = tmp_path / "data"
    for month in ("2025-11", "2026-01"):
        lighttrack("start", f"Work {month}", data_dir=data, check=True)
        lighttrack("stop", data_dir=data, check=True)
    return data


def _refused(data, *words: str) -> str:
    result = lighttrack("status", data_dir=data)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "internal error" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


def _key_file(data) -> dict:
    return orjson.loads((data / "secrets.key").read_bytes())


def test_a_deleted_main_file_is_refused_not_started_empty(folder):
    (folder / "lighttrack.db").unlink()
    _refused(folder, "lighttrack.db is missing", "Restore")
    assert not (folder / "lighttrack.db").exists()


def test_a_lost_key_is_refused_and_never_replaced(folder):
    before = _key_file(folder)
    (folder / "secrets.key").write_bytes(orjson.dumps({k: v for k, v in before.items() if k != "store-key"}))
    _refused(folder, "encryption key", "missing", str(folder / "secrets.key"))
    assert "store-key" not in _key_file(folder)


def test_a_deleted_vault_file_is_refused_and_not_rewritten(folder):
    (folder / "vault.json").unlink()
    _refused(folder, "vault.json", "missing")
    assert not (folder / "vault.json").exists()


def test_a_changed_vault_file_is_refused(folder):
    info = orjson.loads((folder / "vault.json").read_bytes())
    (folder / "vault.json").write_bytes(orjson.dumps({**info, "backend": "file", "id": "0" * 16}))
    keys = _key_file(folder)
    lighttrack("status", data_dir=folder)
    assert _key_file(folder)["store-key"] == keys["store-key"]


@pytest.mark.parametrize("bad", ["not base64 at all!", base64.b64encode(b"short").decode()])
def test_a_key_that_is_not_a_key_gives_a_sentence(folder, bad):
    keys = _key_file(folder)
    (folder / "secrets.key").write_bytes(orjson.dumps({**keys, "store-key": bad}))
    _refused(folder, "not a valid LightTrack key")
