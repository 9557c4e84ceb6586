"""Ways into the vault other than the passphrase: a one-time pairing code from a paired device, a recovery key."""

from __future__ import annotations

import os

import orjson
import pytest

from support import lighttrack

from lighttrack.errors import ValidationError
from lighttrack.sync.pairing import WrongPairingCode, WrongRecoveryKey


def test_a_code_lets_one_new_device_in_once(make_device, user_dsn):
    a = make_device("a")
    made = a.services.activities.add({"name": "Plan", "startTime": "2026-03-10T07:00:00Z", "endTime": "2026-03-10T08:00:00Z"})
    a.sync.sync_now()
    code = a.sync.pair()["code"]

    b = make_device("b", setup=False)
    assert b.sync.join(user_dsn, code.lower().replace("-", " "))["vaultId"] == a.sync.status()["vaultId"]
    b.sync.sync_now()
    assert b.services.activities.get(made["id"])["name"] == "Plan"

    c = make_device("c", setup=False)
    with pytest.raises(WrongPairingCode, match="already used or expired"):
        c.sync.join(user_dsn, code)
    assert c.sync.status()["configured"] is False and c.secrets.values == {}


def test_an_expired_or_mistyped_code_changes_nothing(make_device, user_dsn, pg):
    a = make_device("a")
    code = a.sync.pair()["code"]
    pg.psql("UPDATE lighttrack.pairing SET expires_at = now() - interval '1 second'")
    b = make_device("b", setup=False)
    with pytest.raises(WrongPairingCode, match="expired"):
        b.sync.join(user_dsn, code)
    with pytest.raises(ValidationError, match="pairing code must be the 24 letters"):
        b.sync.join(user_dsn, code[:-2])
    fresh = a.sync.pair()["code"]
    wrong_secret = fresh[:-1] + ("A" if fresh[-1] != "A" else "B")
    with pytest.raises(WrongPairingCode, match="does not match"):
        b.sync.join(user_dsn, wrong_secret)
    assert b.sync.status()["configured"] is False


def test_a_code_from_another_login_opens_nothing(make_device, user_dsn, pg):
    a = make_device("a")
    code = a.sync.pair()["code"]
    other_login = pg.dsn(*_new_login(pg))
    other = make_device("other", setup=False)
    other.setup(other_login)  # a vault of its own
    stranger = make_device("stranger", setup=False)
    with pytest.raises(WrongPairingCode):
        stranger.sync.join(other_login, code)


def _new_login(pg) -> tuple[str, str]:
    name, password = "p" + os.urandom(5).hex(), os.urandom(8).hex()
    pg.psql(f"CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE lighttrack_user")
    return name, password


def _synced_folder(user_dsn: str, folder):
    """A data folder with a running activity, set up for sync from the command line."""
    lighttrack("start", "Plan the week", data_dir=folder, check=True)
    lighttrack("sync", "setup", "--dsn", user_dsn, data_dir=folder, check=True,
               env={**os.environ, "LIGHTTRACK_SYNC_PASSPHRASE": "a long sync passphrase"})
    return folder


def _joined_and_received(joined, folder) -> None:
    assert joined.returncode == 0 and "Joined the sync vault" in joined.stdout, joined.stderr
    assert orjson.loads(lighttrack("status", "--json", data_dir=folder, check=True).stdout)["running"]["name"] == "Plan the week"


def test_pair_and_join_from_the_command_line(user_dsn, tmp_path):
    one, two = _synced_folder(user_dsn, tmp_path / "one"), tmp_path / "two"
    shown = lighttrack("sync", "pair", data_dir=one, check=True).stdout
    code = shown.split("Pairing code: ")[1].split()[0]
    assert f"--pairing-code {code}" in shown

    joined = lighttrack("sync", "setup", "--dsn", user_dsn, "--pairing-code", code, data_dir=two)
    _joined_and_received(joined, two)
    again = lighttrack("sync", "setup", "--dsn", user_dsn, "--pairing-code", code, data_dir=tmp_path / "three")
    assert again.returncode == 1 and "already used or expired" in again.stderr and "Traceback" not in again.stderr


def test_a_recovery_key_lets_a_device_in_without_the_passphrase(make_device, user_dsn):
    a = make_device("a")
    made = a.services.activities.add({"name": "Plan", "startTime": "2026-03-10T07:00:00Z", "endTime": "2026-03-10T08:00:00Z"})
    a.sync.sync_now()
    kit = a.sync.recovery_kit()
    assert "password" not in kit["server"] and "dbname=lighttrack" in kit["server"]
    assert kit["vaultId"] == a.sync.status()["vaultId"]

    b = make_device("b", setup=False)
    with pytest.raises(ValidationError, match="recovery key must be the 52"):
        b.sync.recover(user_dsn, kit["recoveryKey"][:-3])
    wrong = ("A" if kit["recoveryKey"][0] != "A" else "B") + kit["recoveryKey"][1:]
    with pytest.raises(WrongRecoveryKey, match="does not open this vault"):
        b.sync.recover(user_dsn, wrong)
    assert b.sync.status()["configured"] is False and b.secrets.values == {}

    b.sync.recover(user_dsn, kit["recoveryKey"].lower())
    b.sync.sync_now()
    assert b.services.activities.get(made["id"])["name"] == "Plan"


def test_the_recovery_kit_from_the_command_line(user_dsn, tmp_path):
    one, two = _synced_folder(user_dsn, tmp_path / "one"), tmp_path / "two"
    kit = lighttrack("sync", "recovery-kit", data_dir=one, check=True).stdout
    key = kit.split("Recovery key: ")[1].split()[0]
    password = user_dsn.split("password=")[1]
    assert password not in kit and "keep it offline" in kit

    joined = lighttrack("sync", "setup", "--dsn", user_dsn, "--recovery-key", key, data_dir=two)
    _joined_and_received(joined, two)
