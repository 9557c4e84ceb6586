"""`lighttrack sync ...`: install the server schema, set up this device, run a round, show the status."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone

import orjson

from ..errors import LightTrackError
from .engine import SyncEngine
from .remote import Remote
from .server import MIGRATIONS, server_init
from .windows import window_activity

PASSPHRASE_ENV = "LIGHTTRACK_SYNC_PASSPHRASE"


def run(args: argparse.Namespace) -> int:
    handlers = {"server-init": _server_init, "setup": _setup, "pair": _pair, "devices": _devices,
                "rename-device": _rename_device,
                "remove-device": _remove_device, "unlock": _unlock, "recovery-kit": _recovery_kit, "now": _now, "status": _status}
    return handlers[args.sync_command](args)


def _server_init(args: argparse.Namespace) -> int:
    remote = Remote(args.dsn)
    try:
        applied = server_init(remote.conn)
    except Exception as exc:
        raise LightTrackError(f"Could not install the sync schema: {str(exc).strip().splitlines()[0]}") from None
    finally:
        remote.close()
    if applied:
        print(f"Sync schema installed: migrations {', '.join(map(str, applied))} applied (now at {len(MIGRATIONS)}).")
    else:
        print(f"Sync schema already up to date (migration {len(MIGRATIONS)}).")
    print("Give each user a login role in lighttrack_user, e.g.: "
          "CREATE ROLE alice LOGIN PASSWORD '...' IN ROLE lighttrack_user;")
    return 0


def _setup(args: argparse.Namespace) -> int:
    given = [args.passphrase_file, args.pairing_code, args.recovery_key]
    if sum(way is not None for way in given) > 1:
        raise LightTrackError("Give one of --passphrase-file, --pairing-code or --recovery-key.")
    passphrase = _passphrase(args) if args.pairing_code is None and args.recovery_key is None else None
    with _engine(args) as engine:
        if passphrase:
            result = engine.setup(args.dsn, passphrase)
        elif args.pairing_code is not None:
            result = engine.join(args.dsn, args.pairing_code)
        else:
            result = engine.recover(args.dsn, args.recovery_key)
        status = engine.sync_now()
    verb = "Created a new sync vault" if result["created"] else "Joined the sync vault"
    print(f"{verb} ({result['vaultId']}); this device is {status['deviceId']}. Synced.")
    return 0


def _passphrase(args: argparse.Namespace) -> str:
    if args.passphrase_file is not None:
        try:
            text = args.passphrase_file.read_text().rstrip("\r\n")
        except OSError as exc:
            raise LightTrackError(f"--passphrase-file: cannot read {args.passphrase_file}: {exc.strerror}.") from None
    elif os.environ.get(PASSPHRASE_ENV):
        text = os.environ[PASSPHRASE_ENV]
    elif sys.stdin.isatty():
        text = getpass.getpass("Sync passphrase: ")
    else:
        raise LightTrackError(f"No sync passphrase: use --passphrase-file FILE or set {PASSPHRASE_ENV}.")
    if not text:
        raise LightTrackError("The sync passphrase must not be empty.")
    return text


def _pair(args: argparse.Namespace) -> int:
    made = _call(args, "sync:pair")
    expires = datetime.fromisoformat(made["expiresAt"]).astimezone().strftime("%H:%M")
    print(f"Pairing code: {made['code']}  (one use, until {expires})")
    print("On the new device, with LightTrack closed: "
          f"lighttrack sync setup --dsn \"...\" --pairing-code {made['code']}")
    return 0


def _devices(args: argparse.Namespace) -> int:
    for device in _call(args, "sync:getDevices"):
        seen = datetime.fromisoformat(device["lastSeen"]).astimezone().strftime("%Y-%m-%d %H:%M")
        notes = ["this device"] * device["thisDevice"] + ["removed"] * device["removed"]
        print(f"{device['deviceId']}  {device['name']}  last seen {seen}" + (f"  ({', '.join(notes)})" if notes else ""))
    return 0


def _rename_device(args: argparse.Namespace) -> int:
    renamed = _call(args, "sync:renameDevice", args.name)
    print(f"This device is now called “{renamed['name']}”; your other devices show it at their next sync.")
    return 0


def _remove_device(args: argparse.Namespace) -> int:
    _call(args, "sync:removeDevice", args.device_id, _passphrase(args))
    print(f"Removed {args.device_id}: the server refuses its changes from now on, and the vault has a new key it "
          "never had. Your other devices ask for the passphrase once; print a new recovery kit.")
    return 0


def _unlock(args: argparse.Namespace) -> int:
    _call(args, "sync:unlock", _passphrase(args))
    print("Unlocked: this device has the vault's new key and syncs again.")
    return 0


def _recovery_kit(args: argparse.Namespace) -> int:
    with _engine(args) as engine:
        kit = engine.recovery_kit()
    print("LightTrack sync recovery kit")
    print(f"Made {datetime.now().astimezone().strftime('%Y-%m-%d %H:%M')}; vault {kit['vaultId']}")
    print(f"Server: {kit['server']} (add your login's password)")
    print(f"Recovery key: {kit['recoveryKey']}")
    print("Print this and keep it offline: with it and your login, a device joins the vault without the passphrase:")
    print(f"  lighttrack sync setup --dsn \"{kit['server']} password=...\" --recovery-key {kit['recoveryKey']}")
    print("Anyone holding it and your login can read your synced data.")
    return 0


def _now(args: argparse.Namespace) -> int:
    status = _call(args, "sync:now", {"allowMassDelete": args.allow_mass_delete})
    print(f"Synced: {status['pending']} change(s) still pending.")
    return 0


def _status(args: argparse.Namespace) -> int:
    status = _call(args, "sync:getStatus")
    if args.json:
        print(orjson.dumps(status).decode())
        return 0
    if not status["configured"]:
        print("Sync: not set up (lighttrack sync setup --dsn DSN).")
        return 0
    last = status["lastSync"]
    when = datetime.fromtimestamp(last / 1000, timezone.utc).isoformat(timespec="seconds") if last else "never"
    print(f"Sync: vault {status['vaultId']}, device {status['deviceId']} ({status['deviceName']})")
    print(f"Last sync: {when}; pending changes: {status['pending']}")
    if status["lastError"]:
        print(f"Last error: {status['lastError']}")
    if status["needsPassphrase"]:
        print("Run `lighttrack sync unlock` to go on syncing.")
    if abs(status["clockSkewMs"]) > 60_000:
        print(f"Warning: this computer's clock is {status['clockSkewMs'] / 1000:+.0f} s off the server's.")
    return 0


def _call(args: argparse.Namespace, channel: str, *call_args: object):
    """Ask the running instance, or run on the data folder directly when none runs."""
    from ..client import ApiClient
    from ..instance import running_port
    from ..runtime import api_token, open_vault

    try:
        port = running_port(args.data_dir)
    except LightTrackError:
        port = None
    if port is not None:
        return ApiClient(port, api_token(open_vault(args.data_dir))).invoke(channel, *call_args)
    with _engine(args) as engine:
        direct = {"sync:now": lambda: engine.sync_now(args.allow_mass_delete), "sync:getStatus": engine.status,
                  "sync:pair": engine.pair, "sync:getDevices": engine.devices,
                  "sync:removeDevice": lambda: engine.revoke(*call_args),
                  "sync:unlock": lambda: engine.unlock(*call_args),
                  "sync:renameDevice": lambda: engine.rename_device(*call_args)}
        return direct[channel]()


@contextmanager
def _engine(args: argparse.Namespace) -> Iterator[SyncEngine]:
    """The data folder opened for one command, with its sync engine."""
    from ..runtime import AlreadyRunning, open_data

    try:
        data = open_data(args.data_dir)
    except AlreadyRunning:
        raise LightTrackError("LightTrack is running for this data folder: quit it first, then set up sync.") from None
    engine = SyncEngine(data.store, data.vault, windows=window_activity(data.services))
    try:
        yield engine
    finally:
        engine.close()
        data.close()
