"""One device's sync: setting up a vault, sealing the outbox, pushing, pulling and merging."""

from __future__ import annotations

import base64
import logging
import os
import threading
import uuid
from collections.abc import Callable

from ..core.timing.isotime import to_iso
from ..errors import ConflictError, LightTrackError, NotFoundError, ValidationError
from ..store.activities import ActivityRepository, shard_month
from ..store.database import IdTable, Store
from ..store.repository import store_records
from . import registers
from .capture import ChangeCapture, LocalWriter
from .clock import MAX_AHEAD_MS, system_wall_ms
from .devicenames import DeviceNames, computer_name, shown_name, valid_name
from .epochs import restart_epoch
from .materialise import Materialiser, group_value
from .pairing import (PAIRING_SECONDS, WrongPairingCode, WrongRecoveryKey, format_code, format_recovery_key,
                      new_code, open_vault_key, parse_code, parse_recovery_key, seal_vault_key)
from .records import KINDS, is_set_group
from .remote import CounterReused, HistoryPruned, Remote, ServerError, without_password
from .safety import backup_records
from .seal import FORMAT, Envelope, KeyChanged, SealError, Sealer, best_kdf, unwrap_key, wrap_key
from .snapshot import SnapshotLoader, due, seal_snapshot
from .state import RECORDS, NotConfigured, SyncState, record_ref
from .vaultkeys import VAULT_KEY, Secrets, VaultKeys, keys_from_chain
from .windows import WindowActivity, WindowSync

log = logging.getLogger(__name__)

DSN = "sync-dsn"
PUSH_BATCH = 2000
PULL_BATCH = 5000
HISTORY_LIMIT = 200


class DeviceRevoked(LightTrackError):
    """This device was removed from the vault; it no longer sends or receives."""


class VaultTooNew(LightTrackError):
    """The vault was upgraded by a newer LightTrack: this device stops writing to it until it is updated."""


def _check_key(sealer: Sealer, rows: list[tuple]) -> None:
    """Refuse a key that does not open the vault's first version (an empty vault accepts any)."""
    for row in rows:
        try:
            _opened(sealer, row)
        except SealError:
            raise WrongRecoveryKey("That recovery key does not open this vault: check it against your recovery kit.") from None


class SyncEngine:
    """Sync of one data folder. Thread-safe: rounds run one at a time; state changes go through the store."""

    def __init__(self, store: Store, secrets: Secrets, wall_ms: Callable[[], int] = system_wall_ms,
                 windows: WindowActivity | None = None) -> None:
        self.store = store
        self._secrets = secrets
        self._wall_ms = wall_ms
        self._state = SyncState(store)
        self._round = threading.Lock()
        self._remote: Remote | None = None
        self._allow_mass_delete = False
        self._windows = WindowSync(windows, self._state, store.transaction) if windows else None
        self._names = DeviceNames(store_records(store).device_names)
        store.change_capture = ChangeCapture(store, wall_ms)

    # -- setup -------------------------------------------------------------------------
    def setup(self, dsn: str, passphrase: str, kdf: dict | None = None) -> dict:
        """Create the user's vault on the server, or join it; adopt every local record.

        A wrong passphrase raises before anything is written locally.
        """
        if not passphrase:
            raise ValidationError("passphrase must not be empty.")
        remote = Remote(dsn)
        try:
            found = remote.vault()
            if found is None:
                vault_id, key_id, vault_key = uuid.uuid4(), uuid.uuid4(), os.urandom(32)
                wrapped, params = wrap_key(vault_key, passphrase, vault_id.bytes, key_id.bytes, kdf or best_kdf())
                remote.create_vault(vault_id, FORMAT, key_id, wrapped, params)
                keys = VaultKeys(key_id.bytes, vault_key, {}, key_id.bytes)
            else:
                vault_id, keys = found[0], _opened_with(passphrase, remote, found)
        finally:
            remote.close()
        self._joined(dsn, vault_id, keys)
        return {"vaultId": str(vault_id), "created": found is None}

    def join(self, dsn: str, code: object) -> dict:
        """Join the login's vault with a one-time pairing code from a paired device; adopt every local record.

        A wrong, used or expired code raises before anything is written locally.
        """
        slot, secret = parse_code(code)
        remote = Remote(dsn)
        try:
            found = remote.vault()
            if found is None:
                raise NotConfigured("This login has no sync vault yet: set up the first device with a passphrase.")
            taken = remote.take_pairing(slot)
            if taken is None:
                raise WrongPairingCode("That pairing code is wrong, already used or expired (a code lasts 10 "
                                       "minutes): make a new one on a paired device with `lighttrack sync pair`.")
            vault_id, key_id = found[0], found[2]
            given_key_id, vault_key = open_vault_key(taken[1], secret, vault_id.bytes, slot)
            if taken[0] != vault_id or given_key_id != key_id.bytes:
                raise WrongPairingCode("That pairing code is from an older key of this vault: make a new one.")
            keys = keys_from_chain(remote.key_chain(vault_id), vault_id.bytes, key_id.bytes, vault_key)
        finally:
            remote.close()
        return self._joined(dsn, vault_id, keys)

    def recover(self, dsn: str, recovery_key: object) -> dict:
        """Join the login's vault with the recovery key of a recovery kit (when the passphrase is lost).

        The key is checked against a version on the server; a wrong key raises before anything is written locally.
        """
        vault_key = parse_recovery_key(recovery_key)
        remote = Remote(dsn)
        try:
            found = remote.vault()
            if found is None:
                raise NotConfigured("This login has no sync vault yet: set up the first device with a passphrase.")
            vault_id, key_id = found[0], found[2]
            try:
                keys = keys_from_chain(remote.key_chain(vault_id), vault_id.bytes, key_id.bytes, vault_key)
            except SealError:
                raise WrongRecoveryKey("That recovery key does not open this vault's current key. A recovery kit "
                                       "printed before a device was removed no longer works: use the passphrase "
                                       "or a pairing code.") from None
            _check_key(keys.sealer(vault_id.bytes), remote.pull(vault_id, 0, 1))
        finally:
            remote.close()
        return self._joined(dsn, vault_id, keys)

    def recovery_kit(self) -> dict:
        """What a user prints and keeps offline: the recovery key and where the vault is (no password)."""
        device = self._device()
        return {"recoveryKey": format_recovery_key(base64.b64decode(self._secret(VAULT_KEY))),
                "vaultId": device["vaultId"], "server": without_password(self._secret(DSN))}

    def _joined(self, dsn: str, vault_id: uuid.UUID, keys: VaultKeys) -> dict:
        keys.save(self._secrets)
        self._secrets.set(DSN, dsn)
        self._adopt(vault_id, keys)
        return {"vaultId": str(vault_id), "created": False}

    def pair(self) -> dict:
        """A one-time code a new device joins this vault with, valid for PAIRING_SECONDS."""
        with self._round:
            device = self._device()
            vault_id, slot, secret = uuid.UUID(device["vaultId"]), *new_code()
            blob = seal_vault_key(base64.b64decode(self._secret(VAULT_KEY)), uuid.UUID(device["keyId"]).bytes,
                                  secret, vault_id.bytes, slot)
            expires = self._on_server(lambda remote: remote.put_pairing(vault_id, slot, blob, PAIRING_SECONDS))
        return {"code": format_code(slot, secret), "expiresAt": to_iso(expires)}

    def devices(self) -> list[dict]:
        """Every device of the vault: when it joined, when it was last seen, whether it was removed."""
        with self._round:
            device = self._device()
            rows = self._on_server(lambda remote: remote.devices(uuid.UUID(device["vaultId"])))
        names = self._device_names()
        return [{"deviceId": bytes(row[0]).hex(), "name": shown_name(names, bytes(row[0]).hex()),
                 "addedAt": to_iso(row[2]), "lastSeen": to_iso(row[3]),
                 "removed": bool(row[4]), "thisDevice": bytes(row[0]).hex() == device["deviceId"]} for row in rows]

    def rename_device(self, name: object) -> dict:
        """Rename this device; the name reaches the other devices at the next round, sealed like any record."""
        shown = valid_name(name)
        with self.store.transaction():
            device_id = self._state.require_device()["deviceId"]
            self._names.set(device_id, shown)
        return {"deviceId": device_id, "name": shown}

    def _device_names(self) -> dict[str, str]:
        with self.store.transaction():
            return self._names.all()

    def revoke(self, device_id: object, passphrase: object) -> dict:
        """Remove a device from the vault and replace the vault key: the server refuses the device's pushes, and
        what is sealed from now on is sealed with a key it never had. Needs the passphrase (it wraps the new key)."""
        text = _given(passphrase, "passphrase: removing a device changes the sync key; enter the sync passphrase.")
        with self._round:
            device = self._device()
            vault_id = uuid.UUID(device["vaultId"])
            known = {bytes(row[0]).hex() for row in self._on_server(lambda remote: remote.devices(vault_id))}
            if not isinstance(device_id, str) or device_id not in known:
                raise ValidationError("deviceId must be one of the devices listed by sync:getDevices.")
            if device_id == device["deviceId"]:
                raise ValidationError("deviceId names this device: remove it from another one.")
            self._on_server(lambda remote: self._remove_and_rotate(remote, device, bytes.fromhex(device_id),
                                                                   text))
        return {"deviceId": device_id, "removed": True, "keyChanged": True}

    def _remove_and_rotate(self, remote: Remote, device: dict, removed: bytes, passphrase: str) -> None:
        vault_id, keys = uuid.UUID(device["vaultId"]), self._keys(device)
        found = remote.vault()
        if found is None or found[2].bytes != keys.key_id:
            raise KeyChanged()
        key_id, wrapped, params = found[2], found[3], found[4]
        unwrap_key(bytes(wrapped), passphrase, vault_id.bytes, keys.key_id, params)  # WrongPassphrase
        self._round_with(remote, device)  # what is sealed with the old key goes out before it is replaced
        remote.revoke(vault_id, removed)
        rotated, sealed_old = keys.rotated(vault_id.bytes)
        new_wrapped, new_params = wrap_key(rotated.key, passphrase, vault_id.bytes, rotated.key_id,
                                           {k: v for k, v in params.items() if k != "salt"})
        if not remote.rotate(vault_id, bytes.fromhex(device["deviceId"]), key_id, uuid.UUID(bytes=rotated.key_id),
                             new_wrapped, new_params, sealed_old):
            raise ConflictError("Another device changed the sync key at the same moment: sync, then try again.")
        self._use_keys(rotated)

    def unlock(self, passphrase: object) -> dict:
        """Take the vault's current key with the passphrase, after another device replaced it (a device was
        removed); what this device sealed with the old key is sealed again with the new one."""
        text = _given(passphrase, "passphrase: enter the sync passphrase.")
        with self._round:
            device = self._device()
            vault_id = uuid.UUID(device["vaultId"])
            found = self._on_server(lambda remote: remote.vault())
            if found is None:
                raise NotConfigured("The sync server has no vault for this login any more.")
            keys = self._on_server(lambda remote: _opened_with(text, remote, found))
            with self.store.transaction():
                self._reseal_outbox(self._sealer(device), keys.sealer(vault_id.bytes))
                self._use_keys(keys)
        return self.status()

    def _reseal_outbox(self, old: Sealer, new: Sealer) -> None:
        """Seal the versions waiting for the server again with the new key (the server refuses the old one)."""
        if old.key_id == new.key_id:
            return
        device = self._state.require_device()
        dev, epoch = bytes.fromhex(device["deviceId"]), bytes.fromhex(device["epoch"])
        waiting = self._state.sealed()
        resealed = [(row["counter"], row["rk"], new.seal(
            old.open(row["blob"], Envelope(row["rk"], dev, epoch, row["counter"], old.key_id)),
            Envelope(row["rk"], dev, epoch, row["counter"], new.key_id))) for row in waiting]
        self._state.acknowledge([row["counter"] for row in waiting])
        self._state.add_sealed(resealed)

    def _use_keys(self, keys: VaultKeys) -> None:
        """Keep `keys` in the keyring and make their current key this device's."""
        keys.save(self._secrets)
        self._note(keyId=str(uuid.UUID(bytes=keys.key_id)), firstKeyId=str(uuid.UUID(bytes=keys.first_id)),
                   needsPassphrase=False, lastError=None)

    def _on_server(self, call: Callable[[Remote], object]):
        """One call on the kept connection (under the round lock), dropped when it fails."""
        try:
            return call(self._connection())
        except ServerError:
            self._disconnect()
            raise

    def _adopt(self, vault_id: uuid.UUID, keys: VaultKeys) -> None:
        """Start a device epoch and hand every local record to the change capture."""
        device_id = os.urandom(8).hex()
        with self.store.transaction():
            self._names.set(device_id, computer_name())
            self._state.save_device({
                "deviceId": device_id, "epoch": os.urandom(4).hex(), "counter": 0, "hlc": [0, 0],
                "cursor": 0, "vaultId": str(vault_id), "keyId": str(uuid.UUID(bytes=keys.key_id)),
                "firstKeyId": str(uuid.UUID(bytes=keys.first_id)), "offsetMs": 0,
                "lastSync": None, "lastError": None,
            })
            for db in [self.store.main, *(self.store.shard(m) for m in self.store.shard_months())]:
                db.storage.write(db.storage.read() or {})

    # -- a sync round ------------------------------------------------------------------
    def sync_now(self, allow_mass_delete: bool = False) -> dict:
        """Push what is pending and pull what is new; return the status.

        A pull that would delete a large part of the data stops (MassDelete) unless allowed.
        """
        with self._round:
            self._allow_mass_delete = allow_mass_delete
            device = self._device()
            with self.store.transaction():
                self._names.ensure(device["deviceId"])  # a vault set up before devices had names
            try:
                reused = self._remote is not None
                try:
                    self._round_with(self._connection(), device)
                except ServerError:
                    if not reused:
                        raise
                    self._disconnect()  # the kept connection may have died with a server restart: once more
                    self._round_with(self._connection(), self._device())
            except LightTrackError as exc:
                self._disconnect()
                self._note(lastError=str(exc), needsPassphrase=isinstance(exc, KeyChanged))
                raise
            self._note(lastSync=self._wall_ms(), lastError=None)
        return self.status()

    def _connection(self) -> Remote:
        """The server connection, kept between rounds (a login costs more than a small round)."""
        if self._remote is None or self._remote.conn.closed:
            self._remote = Remote(self._secret(DSN))
        return self._remote

    def _disconnect(self) -> None:
        if self._remote is not None:
            self._remote.close()
            self._remote = None

    def close(self) -> None:
        """Close the server connection (the next round opens a new one)."""
        with self._round:
            self._disconnect()

    def _round_with(self, remote: Remote, device: dict) -> None:
        vault_id, dev, epoch = uuid.UUID(device["vaultId"]), bytes.fromhex(device["deviceId"]), bytes.fromhex(device["epoch"])
        sent_at = self._wall_ms()
        hello = remote.hello(vault_id, dev, epoch)
        if hello.revoked:
            raise DeviceRevoked("This device was removed from the sync vault.")
        if hello.vault_format > FORMAT:
            raise VaultTooNew(f"The sync vault was upgraded by a newer LightTrack (format {hello.vault_format}; this "
                              f"one knows {FORMAT}). Update LightTrack on this device to sync again; your edits here "
                              "are kept and sync after the update.")
        offset = hello.server_ms - (sent_at + self._wall_ms()) // 2
        sealer = self._sealer(device)
        if hello.key_id.bytes != sealer.key_id:
            raise KeyChanged()
        if self._went_back(device, hello.last_counter):
            epoch = self._new_epoch(remote, vault_id, dev)
        self._seal(sealer, offset)
        try:
            self._push(remote, sealer, vault_id, dev, epoch)
        except CounterReused:
            epoch = self._new_epoch(remote, vault_id, dev)
            self._seal(sealer, offset)
            self._push(remote, sealer, vault_id, dev, epoch)
        if self._device()["cursor"] == 0:
            self._bootstrap(remote, sealer, vault_id)
        self._pull(remote, sealer, vault_id, (dev, epoch))
        self._share_snapshot(remote, sealer, vault_id, dev)
        if self._windows is not None:
            self._note(spanCursor=self._windows.round(remote, sealer, vault_id, dev, self._device()))

    def _went_back(self, device: dict, server_counter: int) -> bool:
        """True when the server holds a counter of this epoch that this folder never acknowledged nor sealed:
        the folder was restored from a backup older than its last push."""
        if server_counter <= device.get("acked", 0):
            return False
        with self.store.transaction():
            return server_counter not in {row["counter"] for row in self._state.sealed()}

    def _new_epoch(self, remote: Remote, vault_id: uuid.UUID, dev: bytes) -> bytes:
        with self.store.transaction():
            backup_records(self.store, "before-new-epoch")
            restart_epoch(self.store, self._state)
        epoch = bytes.fromhex(self._device()["epoch"])
        remote.hello(vault_id, dev, epoch)
        return epoch

    def _seal(self, sealer: Sealer, offset_ms: int) -> None:
        with self.store.transaction():
            device = self._state.require_device()
            device["offsetMs"] = offset_ms
            # a clock that ran ahead (a wrong date) must not make this device's stamps win for months:
            # stamps only pick the shown sibling, causality is in the dots, so pulling them back is safe
            device["hlc"] = min(device["hlc"], [self._wall_ms() + offset_ms + MAX_AHEAD_MS, 0])
            dev, epoch = bytes.fromhex(device["deviceId"]), bytes.fromhex(device["epoch"])
            dirty = sorted(self._state.dirty(), key=lambda i: (i["t"] != "activities", i["id"]))
            sealed = []
            for item in dirty:  # sorted so that each month's file is opened once
                entry = self._records_table(item["t"], item["id"]).raw_by_id().get(record_ref(item["t"], item["id"]))
                if entry is None:
                    continue
                counter = self._state.next_counter(device)
                rk = sealer.record_key(item["t"], item["id"])
                payload = {"f": FORMAT, "t": entry["t"], "id": entry["id"], "g": entry["g"], "x": entry["x"]}
                sealed.append((counter, rk, sealer.seal(payload, Envelope(rk, dev, epoch, counter, sealer.key_id))))
            self._state.add_sealed(sealed)
            self._state.clear_dirty([record_ref(i["t"], i["id"]) for i in dirty])
            self._state.save_device(device)

    def _push(self, remote: Remote, sealer: Sealer, vault_id: uuid.UUID, dev: bytes, epoch: bytes) -> None:
        with self.store.transaction():
            sealed = self._state.sealed()
        key_id = uuid.UUID(bytes=sealer.key_id)
        for start in range(0, len(sealed), PUSH_BATCH):
            stored = remote.push(vault_id, dev, epoch, sealed[start:start + PUSH_BATCH], key_id)
            with self.store.transaction():
                self._state.acknowledge(stored)
                device = self._state.require_device()
                device["acked"] = max(device.get("acked", 0), *stored)
                self._state.save_device(device)

    def _pull(self, remote: Remote, sealer: Sealer, vault_id: uuid.UUID, own: tuple[bytes, bytes]) -> None:
        while True:
            with self.store.transaction():
                cursor = self._state.require_device()["cursor"]
            try:
                rows = remote.pull(vault_id, cursor, PULL_BATCH)
            except HistoryPruned:
                self._merge_snapshot_for(remote, sealer, vault_id, cursor)
                continue
            if not rows:
                return
            # this epoch's own versions came from this folder's registers: merging them back changes nothing
            states = [_opened(sealer, r)
                      for r in rows if (bytes(r[2]), bytes(r[3])) != own]
            self._apply(states, int(rows[-1][0]))
            if len(rows) < PULL_BATCH:
                return

    def _merge_snapshot_for(self, remote: Remote, sealer: Sealer, vault_id: uuid.UUID, cursor: int) -> None:
        """This device was away longer than the server's history window: versions after its cursor were pruned,
        and the snapshot holds their effect, so it is merged (as a new device loads it) before the log is read on."""
        self._bootstrap(remote, sealer, vault_id)
        if self._device()["cursor"] <= cursor:
            raise ServerError("This device was away longer than the sync server keeps history (90 days), and the "
                              "server's snapshot can't be opened here yet; it syncs once another device has synced.")

    def _bootstrap(self, remote: Remote, sealer: Sealer, vault_id: uuid.UUID) -> None:
        """Start from the server's snapshot, when there is one this device can open, instead of the whole log."""
        with self.store.transaction():
            ActivityRepository(self.store).adopt_unknown_months()  # months an interrupted load wrote
        upto, key_id, blobs = remote.snapshot(vault_id)
        if not blobs or key_id is None or key_id.bytes != sealer.key_id:
            return
        loader = SnapshotLoader(self.store, sealer, self._allow_mass_delete, self._backup_before_mass_delete)
        loaded = loader.load(upto, blobs)
        with self.store.transaction():
            loader.finish()
            if loaded:
                device = self._state.require_device()
                writer = LocalWriter(self._state, device, self._wall_ms)
                writer.clock.receive(max(list(device["hlc"]), loader.newest))
                device.update(hlc=writer.clock.last, cursor=upto, snapshotUpto=upto)
                self._state.save_device(device)
        if not loaded:
            log.warning("the sync snapshot did not open; reading the whole log instead")

    def _share_snapshot(self, remote: Remote, sealer: Sealer, vault_id: uuid.UUID, dev: bytes) -> None:
        """Leave a snapshot of this device's state on the server once the log grew enough past the last one.

        A failure here costs nothing but a slower start for the next new device: it is logged, not raised.
        """
        device = self._device()
        cursor, known = device["cursor"], device.get("snapshotUpto", 0)
        if not due(cursor, known):
            return
        try:
            covered = remote.snapshot_upto(vault_id)
            if due(cursor, covered):
                parts = seal_snapshot(self.store, self._state, sealer, cursor)
                if parts and remote.put_snapshot(vault_id, dev, cursor, uuid.UUID(bytes=sealer.key_id), parts):
                    covered = cursor
        except ServerError as exc:
            log.warning("no sync snapshot this time: %s", exc)
            return
        self._note(snapshotUpto=covered)

    def _backup_before_mass_delete(self) -> None:
        backup_records(self.store, "before-mass-delete")

    def _apply(self, states: list[dict], cursor: int) -> None:
        with self.store.transaction():
            device = self._state.require_device()
            materialiser = Materialiser(self.store, self._backup_before_mass_delete)
            materialiser.apply_all(states, self._allow_mass_delete)
            newest = max([list(device["hlc"])] + [e[2][:2] for state in states for reg in state["g"].values()
                                                  for e in reg["e"]])
            if materialiser.touched_activities:
                materialiser.settle_running()
            writer = LocalWriter(self._state, device, self._wall_ms)
            writer.clock.receive(newest)
            device["hlc"] = writer.clock.last
            device["cursor"] = cursor
            self._state.save_device(device)

    # -- conflicts ---------------------------------------------------------------------
    def conflicts(self) -> list[dict]:
        """Every field group showing concurrent values, newest first within each."""
        found = []
        with self.store.transaction():
            names = self._names.all()
            for db in self._databases():
                for entry in db.table(RECORDS).all():
                    found += _entry_conflicts(entry, names, db.table(entry["t"]).get(doc_id=entry["id"]))
        return found

    def resolve(self, conflict_id: object, choice: object) -> dict:
        """Keep one sibling of a conflict: a new local write that has seen them all, synced everywhere."""
        parts = conflict_id.split("/") if isinstance(conflict_id, str) else []
        if len(parts) != 3 or parts[0] not in KINDS:
            raise ValidationError("conflictId must name a conflict from the list of sync conflicts.")
        table, record_id, group = parts
        with self.store.transaction():
            device = self._device()
            entry = self._entry(table, record_id)
            options = registers.siblings(entry["g"].get(group, registers.EMPTY)) if entry else []
            if entry is None or len(options) < 2:
                raise NotFoundError(f"No sync conflict {str(conflict_id)[:80]!r}.")
            if not isinstance(choice, int) or isinstance(choice, bool) or not 0 <= choice < len(options):
                raise ValidationError(f"choice must be a number from 0 to {len(options) - 1}.")
            self._write_choice(device, entry, group, options[choice][3])
        return {"conflictId": conflict_id, "value": options[choice][3]}

    # -- history -----------------------------------------------------------------------
    def history(self, table: object, record_id: object) -> list[dict]:
        """Every version of one record the server holds, newest first, as the pushing device showed it."""
        table, record_id = _record_of(table, record_id)
        with self._round:
            device = self._device()
            sealer = self._sealer(device)
            vault_id = uuid.UUID(device["vaultId"])
            rows = self._on_server(lambda remote: remote.history(vault_id, sealer.record_key(table, record_id),
                                                                  HISTORY_LIMIT))
        names = self._device_names()
        return [_version(table, record_id, row, _opened(sealer, row), names) for row in rows]

    def restore(self, table: object, record_id: object, seq: object) -> dict:
        """Show a past version again: a local write of its values that has seen the current ones, synced everywhere."""
        versions = {v["seq"]: v for v in self.history(table, record_id)}
        if not isinstance(seq, int) or seq not in versions:
            raise ValidationError("seq must be one of the versions listed by sync:getHistory.")
        table, record_id, chosen = str(table), str(record_id), versions[seq]
        if chosen["erased"]:
            raise ValidationError("That version is the record's erasure; it has nothing to restore.")
        with self.store.transaction():
            entry = self._entry(table, record_id)
            if entry is None or entry["x"]:
                raise NotFoundError(f"No {table} record {record_id[:64]!r} here to restore (erased for good).")
            writer = LocalWriter(self._state, self._device(), self._wall_ms)
            stamp = writer.clock.tick()
            for group, value in chosen["values"].items():
                if group_value(table, record_id, group, entry["g"].get(group, registers.EMPTY)) != value:
                    writer.write(entry, table, record_id, group, value, stamp)
            materialiser = Materialiser(self.store)
            materialiser.write_document(entry)
            self._records_table(table, record_id).put(record_ref(table, record_id), entry)
            if table == "activities":
                materialiser.settle_running()
            self._state.mark_dirty([(table, record_id)])
            writer.finish()
        return {"table": table, "recordId": record_id, "restored": seq}

    def _write_choice(self, device: dict, entry: dict, group: str, value: object) -> None:
        writer = LocalWriter(self._state, device, self._wall_ms)
        writer.write(entry, entry["t"], entry["id"], group, value)
        Materialiser(self.store).write_document(entry)
        self._records_table(entry["t"], entry["id"]).put(record_ref(entry["t"], entry["id"]), entry)
        self._state.mark_dirty([(entry["t"], entry["id"])])
        writer.finish()

    def listen_target(self) -> tuple[str, str] | None:
        """The server and the channel its pushes notify on, once sync is set up."""
        with self.store.transaction():
            device = self._state.device()
        dsn = self._secrets.get(DSN)
        if device is None or not dsn:
            return None
        return dsn, "lt_" + uuid.UUID(device["vaultId"]).hex

    # -- status ------------------------------------------------------------------------
    def status(self) -> dict:
        with self.store.transaction():
            device = self._state.device()
            pending = self._state.pending_count() if device else 0
        if device is None:
            return {"configured": False, "pending": 0, "lastSync": None, "lastError": None, "clockSkewMs": 0,
                    "needsPassphrase": False}
        return {"configured": True, "vaultId": device["vaultId"], "deviceId": device["deviceId"],
                "deviceName": shown_name(self._device_names(), device["deviceId"]),
                "pending": pending, "lastSync": device["lastSync"], "lastError": device["lastError"],
                "clockSkewMs": device["offsetMs"], "cursor": device["cursor"],
                "needsPassphrase": bool(device.get("needsPassphrase")),
                "snapshotUpto": device.get("snapshotUpto", 0)}

    # -- helpers -----------------------------------------------------------------------
    def _device(self) -> dict:
        with self.store.transaction():
            return self._state.require_device()

    def _note(self, **fields) -> None:
        with self.store.transaction():
            device = self._state.require_device()
            device.update(fields)
            self._state.save_device(device)

    def _secret(self, name: str) -> str:
        value = self._secrets.get(name)
        if not value:
            raise NotConfigured("Sync is not set up on this device (its key is missing from the keyring).")
        return value

    def _keys(self, device: dict) -> VaultKeys:
        key_id = uuid.UUID(device["keyId"]).bytes
        first_id = uuid.UUID(device["firstKeyId"]).bytes if device.get("firstKeyId") else key_id
        return VaultKeys.load(self._secrets, key_id, first_id, self._secret(VAULT_KEY))

    def _sealer(self, device: dict) -> Sealer:
        return self._keys(device).sealer(uuid.UUID(device["vaultId"]).bytes)

    def _records_table(self, table: str, record_id: str) -> IdTable:
        month = shard_month(record_id) if table == "activities" else None
        if month is not None:
            return self.store.shard(month).table(RECORDS)
        return self.store.main.table(RECORDS)

    def _entry(self, table: str, record_id: str) -> dict | None:
        doc = self._records_table(table, record_id).get(doc_id=record_ref(table, record_id))
        return dict(doc) if doc is not None else None

    def _databases(self):
        yield self.store.main
        for month in self.store.shard_months():
            yield self.store.shard(month)


def _record_of(table: object, record_id: object) -> tuple[str, str]:
    if not isinstance(table, str) or table not in KINDS:
        raise ValidationError(f"table must be one of {', '.join(KINDS)}.")
    if not isinstance(record_id, str) or not record_id or len(record_id) > 200:
        raise ValidationError("recordId must be the id of a record.")
    return str(table), record_id


def _given(passphrase: object, message: str) -> str:
    if not isinstance(passphrase, str) or not passphrase:
        raise ValidationError(message)
    return passphrase


def _opened_with(passphrase: str, remote: Remote, found: tuple) -> VaultKeys:
    """Every key of the vault `found` (lt_vault_get's row) opened with the passphrase; WrongPassphrase if it doesn't."""
    vault_id, _format, key_id, wrapped, params = found
    vault_key = unwrap_key(bytes(wrapped), passphrase, vault_id.bytes, key_id.bytes, params)
    return keys_from_chain(remote.key_chain(vault_id), vault_id.bytes, key_id.bytes, vault_key)


def _opened(sealer: Sealer, row: tuple) -> dict:
    """A pulled row (seq, record key, device, epoch, counter, key id, blob, ...) opened."""
    return sealer.open(bytes(row[6]), Envelope(bytes(row[1]), bytes(row[2]), bytes(row[3]), int(row[4]), row[5].bytes))


def _version(table: str, record_id: str, row: tuple, state: dict, names: dict[str, str]) -> dict:
    values = {g: group_value(table, record_id, g, reg) for g, reg in state["g"].items() if reg["e"]}
    device = bytes(row[2]).hex()
    return {"seq": int(row[0]), "device": device, "deviceName": shown_name(names, device), "at": to_iso(row[7]),
            "erased": bool(state.get("x")),
            "values": values, "document": KINDS[table].document(record_id, values, None) if values else None}


def _entry_conflicts(entry: dict, names: dict[str, str], doc: dict | None) -> list[dict]:
    found = []
    for group, reg in entry["g"].items():
        if is_set_group(entry["t"], entry["id"], group):
            continue
        options = registers.siblings(reg)
        if len(options) > 1:
            found.append({"id": f"{entry['t']}/{entry['id']}/{group}", "table": entry["t"], "recordId": entry["id"],
                          "recordName": str((doc or {}).get("name") or ""),
                          "group": group, "shown": group_value(entry["t"], entry["id"], group, reg),
                          "siblings": [_sibling(option, names) for option in options]})
    return found


def _sibling(option: list, names: dict[str, str]) -> dict:
    device = option[0].split(".")[0]
    return {"value": option[3], "device": device, "deviceName": shown_name(names, device), "at": option[2][0]}
