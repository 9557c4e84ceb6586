"""Removing a device replaces the vault key: the removed device can't read what is written afterwards, the other
devices go on after entering the passphrase once, and every way in (passphrase, pairing, recovery kit) reaches
the versions sealed with the older keys."""

from __future__ import annotations

import uuid

import pytest

from devices import PASSPHRASE
from support import lighttrack
from lighttrack.errors import ValidationError
from lighttrack.sync.engine import DeviceRevoked
from lighttrack.sync.pairing import WrongRecoveryKey
from lighttrack.sync.remote import Remote
from lighttrack.sync.seal import Envelope, KeyChanged, WrongPassphrase


def entry(name: str, hour: int) -> dict:
    return {"name": name, "startTime": f"2026-03-10T{hour:02d}:00:00Z", "endTime": f"2026-03-10T{hour:02d}:30:00Z"}


def names(device) -> set[str]:
    return {a["name"] for a in device.services.activities.every()}


@pytest.fixture
def three(make_device):
    a, b, c = make_device("a"), make_device("b"), make_device("c")
    a.services.activities.add(entry("before removal", 7))
    for device in (a, b, c, a, b, c):
        device.sync.sync_now()
    return a, b, c


def test_the_removed_device_cannot_open_what_is_written_after_its_removal(three, user_dsn):
    a, b, c = three
    removed_keys = dict(c.secrets.values)
    a.sync.revoke(c.sync.status()["deviceId"], PASSPHRASE)
    a.services.activities.add(entry("after removal", 8))
    a.sync.sync_now()

    with pytest.raises(DeviceRevoked):
        c.sync.sync_now()
    vault_id = uuid.UUID(a.sync.status()["vaultId"])
    remote = Remote(user_dsn)
    try:
        rows = remote.pull(vault_id, 0, 1000)
    finally:
        remote.close()
    old_sealer = c.sync._sealer(c.sync._device())
    assert c.secrets.values == removed_keys  # it learnt nothing
    newest = rows[-1]
    assert newest[5].bytes != old_sealer.key_id
    with pytest.raises(KeyChanged):
        old_sealer.open(bytes(newest[6]), Envelope(bytes(newest[1]), bytes(newest[2]), bytes(newest[3]),
                                                   int(newest[4]), newest[5].bytes))


def test_the_other_devices_go_on_after_the_passphrase_with_their_edits_kept(three):
    a, b, c = three
    b.services.activities.add(entry("written on b meanwhile", 9))
    a.sync.revoke(c.sync.status()["deviceId"], PASSPHRASE)
    a.services.activities.add(entry("after removal", 8))
    a.sync.sync_now()

    with pytest.raises(KeyChanged, match="enter the sync passphrase"):
        b.sync.sync_now()
    assert b.sync.status()["needsPassphrase"] is True and b.sync.status()["pending"] > 0
    with pytest.raises(WrongPassphrase):
        b.sync.unlock("not it")
    assert b.sync.status()["needsPassphrase"] is True

    assert b.sync.unlock(PASSPHRASE)["needsPassphrase"] is False
    b.sync.sync_now()
    a.sync.sync_now()
    expected = {"before removal", "after removal", "written on b meanwhile"}
    assert names(a) == names(b) == expected
    assert b.sync.status()["pending"] == 0 and b.sync.status()["lastError"] is None


def test_every_way_in_after_a_rotation_reads_the_older_versions_too(three, make_device, user_dsn):
    a, b, c = three
    old_kit = a.sync.recovery_kit()
    a.sync.revoke(c.sync.status()["deviceId"], PASSPHRASE)
    a.services.activities.add(entry("after removal", 8))
    a.sync.sync_now()

    by_passphrase = make_device("d")
    by_passphrase.sync.sync_now()
    by_code = make_device("e", setup=False)
    by_code.sync.join(user_dsn, a.sync.pair()["code"])
    by_code.sync.sync_now()
    by_kit = make_device("f", setup=False)
    with pytest.raises(WrongRecoveryKey, match="printed before a device was removed"):
        by_kit.sync.recover(user_dsn, old_kit["recoveryKey"])
    assert by_kit.secrets.values == {}
    by_kit.sync.recover(user_dsn, a.sync.recovery_kit()["recoveryKey"])
    by_kit.sync.sync_now()
    for device in (by_passphrase, by_code, by_kit):
        assert names(device) == {"before removal", "after removal"}
    first = next(x for x in a.services.activities.every() if x["name"] == "before removal")
    assert [v["values"] for v in by_passphrase.sync.history("activities", first["id"])]


def test_removal_needs_the_right_passphrase_and_changes_nothing_without_it(three):
    a, b, c = three
    key_before = a.sync.status()
    with pytest.raises(WrongPassphrase):
        a.sync.revoke(c.sync.status()["deviceId"], "not it")
    for given in ("", None, 42):
        with pytest.raises(ValidationError, match="enter the sync passphrase"):
            a.sync.revoke(c.sync.status()["deviceId"], given)
        with pytest.raises(ValidationError, match="enter the sync passphrase"):
            a.sync.unlock(given)
    assert [d["removed"] for d in a.sync.devices()] == [False, False, False]
    c.sync.sync_now()  # still in, still with the same key
    assert a.sync.status()["vaultId"] == key_before["vaultId"]


def test_a_second_removal_chains_the_keys(three, make_device):
    a, b, c = three
    a.sync.revoke(c.sync.status()["deviceId"], PASSPHRASE)
    a.services.activities.add(entry("between removals", 8))
    a.sync.sync_now()
    a.sync.revoke(b.sync.status()["deviceId"], PASSPHRASE)
    a.services.activities.add(entry("after both", 10))
    a.sync.sync_now()
    late = make_device("late")
    late.sync.sync_now()
    assert names(late) == {"before removal", "between removals", "after both"}


def test_unlocking_from_the_command_line(make_device, user_dsn, tmp_path):
    folder, env = tmp_path / "cli", {"LIGHTTRACK_SYNC_PASSPHRASE": PASSPHRASE}
    lighttrack("sync", "setup", "--dsn", user_dsn, data_dir=folder, check=True, env=env)
    a, gone = make_device("a"), make_device("gone")
    gone.sync.sync_now()
    a.sync.revoke(gone.sync.status()["deviceId"], PASSPHRASE)

    stopped = lighttrack("sync", "now", data_dir=folder)
    assert stopped.returncode != 0 and "enter the sync passphrase" in stopped.stderr
    assert "lighttrack sync unlock" in lighttrack("sync", "status", data_dir=folder, check=True).stdout
    wrong = lighttrack("sync", "unlock", data_dir=folder, env={"LIGHTTRACK_SYNC_PASSPHRASE": "not it"})
    assert wrong.returncode != 0 and "passphrase is wrong" in wrong.stderr and "Traceback" not in wrong.stderr
    assert "Unlocked" in lighttrack("sync", "unlock", data_dir=folder, check=True, env=env).stdout
    assert lighttrack("sync", "now", data_dir=folder).returncode == 0
