"""The devices of a vault: listed with this one marked; a removed device can't send changes any more."""

from __future__ import annotations

import socket

import pytest

from devices import PASSPHRASE
from support import lighttrack

from lighttrack.errors import ValidationError
from lighttrack.sync.engine import DeviceRevoked


def test_a_removed_device_is_refused_and_says_so(make_device):
    a, b = make_device("a"), make_device("b")
    a.sync.sync_now()
    b.sync.sync_now()
    listed = a.sync.devices()
    assert [(d["deviceId"], d["thisDevice"], d["removed"]) for d in listed] == [
        (a.sync.status()["deviceId"], True, False), (b.sync.status()["deviceId"], False, False)]

    assert a.sync.revoke(b.sync.status()["deviceId"], PASSPHRASE) == {
        "deviceId": b.sync.status()["deviceId"], "removed": True, "keyChanged": True}
    b.services.activities.add({"name": "after removal", "startTime": "2026-03-10T07:00:00Z",
                               "endTime": "2026-03-10T08:00:00Z"})
    with pytest.raises(DeviceRevoked, match="removed from the sync vault"):
        b.sync.sync_now()
    a.sync.sync_now()
    assert [d["name"] for d in a.services.activities.every()] == []
    assert [d["removed"] for d in a.sync.devices()] == [False, True]


def test_removing_this_device_or_an_unknown_one_is_refused(make_device):
    a = make_device("a")
    a.sync.sync_now()
    with pytest.raises(ValidationError, match="names this device"):
        a.sync.revoke(a.sync.status()["deviceId"], PASSPHRASE)
    with pytest.raises(ValidationError, match="deviceId must be one of the devices"):
        a.sync.revoke("0123456789abcdef", PASSPHRASE)
    assert [d["removed"] for d in a.sync.devices()] == [False]


def test_devices_and_removal_from_the_command_line(make_device, user_dsn, tmp_path):
    folder = tmp_path / "cli"
    lighttrack("sync", "setup", "--dsn", user_dsn, data_dir=folder, check=True,
               env={"LIGHTTRACK_SYNC_PASSPHRASE": "correct horse battery staple"})
    other = make_device("other")
    other.sync.sync_now()
    listed = lighttrack("sync", "devices", data_dir=folder, check=True).stdout.splitlines()
    assert len(listed) == 2 and sum("(this device)" in line for line in listed) == 1
    gone = other.sync.status()["deviceId"]
    removed = lighttrack("sync", "remove-device", gone, data_dir=folder, check=True,
                         env={"LIGHTTRACK_SYNC_PASSPHRASE": "correct horse battery staple"})
    assert f"Removed {gone}" in removed.stdout
    assert any(line.startswith(gone) and "removed" in line for line in
               lighttrack("sync", "devices", data_dir=folder, check=True).stdout.splitlines())
    wrong = lighttrack("sync", "remove-device", "nope", data_dir=folder,
                       env={"LIGHTTRACK_SYNC_PASSPHRASE": "correct horse battery staple"})
    assert wrong.returncode != 0 and "deviceId must be one of the devices" in wrong.stderr and "Traceback" not in wrong.stderr


def test_devices_are_named_after_their_computer_and_a_new_name_reaches_the_others(make_device):
    a, b = make_device("a"), make_device("b")
    computer = socket.gethostname().split(".")[0]
    assert b.sync.rename_device("  Work   laptop ") == {"deviceId": b.sync.status()["deviceId"], "name": "Work laptop"}
    for device in (b, a, b):
        device.sync.sync_now()
    assert {d["deviceId"]: d["name"] for d in a.sync.devices()} == {
        a.sync.status()["deviceId"]: computer, b.sync.status()["deviceId"]: "Work laptop"}
    assert a.sync.status()["deviceName"] == computer
    for refused, message in (("   ", "Device name: enter a name"), ("x" * 65, "keep it to 64 characters"), (7, "enter")):
        with pytest.raises(ValidationError, match=message):
            b.sync.rename_device(refused)
    assert b.sync.status()["deviceName"] == "Work laptop"


def test_a_device_set_up_before_names_existed_names_itself_at_its_next_round(make_device):
    a = make_device("a")
    own = a.sync.status()["deviceId"]
    with a.services.ctx.store.transaction():
        a.services.ctx.store.main.table("devices").remove([own])
    assert a.sync.status()["deviceName"] == f"Device {own[:6]}"
    a.sync.sync_now()
    assert a.sync.status()["deviceName"] == socket.gethostname().split(".")[0]


def test_renaming_from_the_command_line(make_device, user_dsn, tmp_path):
    folder = tmp_path / "cli"
    lighttrack("sync", "setup", "--dsn", user_dsn, data_dir=folder, check=True,
               env={"LIGHTTRACK_SYNC_PASSPHRASE": "correct horse battery staple"})
    renamed = lighttrack("sync", "rename-device", "Work laptop", data_dir=folder, check=True)
    assert "now called “Work laptop”" in renamed.stdout
    assert "Work laptop" in lighttrack("sync", "devices", data_dir=folder, check=True).stdout
    blank = lighttrack("sync", "rename-device", " ", data_dir=folder)
    assert blank.returncode != 0 and "Device name: enter a name" in blank.stderr and "Traceback" not in blank.stderr
