"""One device's sync: setting up a vault, sealing the outbox, pushing, pulling and merging."""

from __future__ import annotations

import base64
import os
import threading
import uuid
from collections.abc import Callable
from typing import Protocol

from ..errors import LightTrackError, NotFoundError, ValidationError
from ..store.activities import shard_month
from ..store.database import IdTable, Store
from . import registers
from .capture import ChangeCapture, LocalWriter
from .clock import MAX_AHEAD_MS, system_wall_ms
from .epochs import restart_epoch
from .materialise import Materialiser, group_value
from .records import KINDS, is_set_group
from .remote import CounterReused, Remote, ServerError
from .seal import FORMAT, Envelope, Sealer, best_kdf, unwrap_key, wrap_key
from .state import RECORDS, NotConfigured, SyncState, record_ref

VAULT_KEY = "sync-vault-key"
DSN = "sync-dsn"
PUSH_BATCH = 2000
PULL_BATCH = 5000


class DeviceRevoked(LightTrackError):
    """This device was removed from the vault; it no longer sends or receives."""


class Secrets(Protocol):
    """Where the vault key and the server address live: the OS keyring (the app's SecretVault)."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...


class SyncEngine:
    """Sync of one data folder. Thread-safe: rounds run one at a time; state changes go through the store."""

    def __init__(self, store: Store, secrets: Secrets, wall_ms: Callable[[], int] = system_wall_ms) -> None:
        self.store = store
        self._secrets = secrets
        self._wall_ms = wall_ms
        self._state = SyncState(store)
        self._round = threading.Lock()
        self._remote: Remote | None = None
        self._allow_mass_delete = False
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
                created = True
            else:
                vault_id, _format, key_id, wrapped, params = found
                vault_key = unwrap_key(bytes(wrapped), passphrase, vault_id.bytes, key_id.bytes, params)
                created = False
        finally:
            remote.close()
        self._secrets.set(VAULT_KEY, base64.b64encode(vault_key).decode())
        self._secrets.set(DSN, dsn)
        self._adopt(vault_id, key_id)
        return {"vaultId": str(vault_id), "created": created}

    def _adopt(self, vault_id: uuid.UUID, key_id: uuid.UUID) -> None:
        """Start a device epoch and hand every local record to the change capture."""
        with self.store.transaction():
            self._state.save_device({
                "deviceId": os.urandom(8).hex(), "epoch": os.urandom(4).hex(), "counter": 0, "hlc": [0, 0],
                "cursor": 0, "vaultId": str(vault_id), "keyId": str(key_id), "offsetMs": 0,
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
                self._note(lastError=str(exc))
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
        offset = hello.server_ms - (sent_at + self._wall_ms()) // 2
        sealer = self._sealer(device)
        if self._went_back(device, hello.last_counter):
            epoch = self._new_epoch(remote, vault_id, dev)
        self._seal(sealer, offset)
        try:
            self._push(remote, sealer, vault_id, dev, epoch)
        except CounterReused:
            epoch = self._new_epoch(remote, vault_id, dev)
            self._seal(sealer, offset)
            self._push(remote, sealer, vault_id, dev, epoch)
        self._pull(remote, sealer, vault_id, (dev, epoch))

    def _went_back(self, device: dict, server_counter: int) -> bool:
        """True when the server holds a counter of this epoch that this folder never acknowledged nor sealed:
        the folder was restored from a backup older than its last push."""
        if server_counter <= device.get("acked", 0):
            return False
        with self.store.transaction():
            return server_counter not in {row["counter"] for row in self._state.sealed()}

    def _new_epoch(self, remote: Remote, vault_id: uuid.UUID, dev: bytes) -> bytes:
        with self.store.transaction():
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
            rows = remote.pull(vault_id, cursor, PULL_BATCH)
            if not rows:
                return
            # this epoch's own versions came from this folder's registers: merging them back changes nothing
            states = [sealer.open(bytes(r[6]), Envelope(bytes(r[1]), bytes(r[2]), bytes(r[3]), int(r[4]), r[5].bytes))
                      for r in rows if (bytes(r[2]), bytes(r[3])) != own]
            self._apply(states, int(rows[-1][0]))
            if len(rows) < PULL_BATCH:
                return

    def _apply(self, states: list[dict], cursor: int) -> None:
        with self.store.transaction():
            device = self._state.require_device()
            materialiser = Materialiser(self.store)
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
            for db in self._databases():
                for entry in db.table(RECORDS).all():
                    found += _entry_conflicts(entry)
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
            return {"configured": False, "pending": 0, "lastSync": None, "lastError": None, "clockSkewMs": 0}
        return {"configured": True, "vaultId": device["vaultId"], "deviceId": device["deviceId"],
                "pending": pending, "lastSync": device["lastSync"], "lastError": device["lastError"],
                "clockSkewMs": device["offsetMs"], "cursor": device["cursor"]}

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

    def _sealer(self, device: dict) -> Sealer:
        key = base64.b64decode(self._secret(VAULT_KEY))
        return Sealer(uuid.UUID(device["vaultId"]).bytes, uuid.UUID(device["keyId"]).bytes, key)

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


def _entry_conflicts(entry: dict) -> list[dict]:
    found = []
    for group, reg in entry["g"].items():
        if is_set_group(entry["t"], entry["id"], group):
            continue
        options = registers.siblings(reg)
        if len(options) > 1:
            found.append({"id": f"{entry['t']}/{entry['id']}/{group}", "table": entry["t"], "recordId": entry["id"],
                          "group": group, "shown": group_value(entry["t"], entry["id"], group, reg),
                          "siblings": [{"value": o[3], "device": o[0].split(".")[0], "at": o[2][0]} for o in options]})
    return found
