"""The server as the client sees it: a psycopg 3 connection calling the `lt_*` functions, nothing else."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from ..errors import LightTrackError
from .seal import KeyChanged

CONNECT_TIMEOUT = 10
KEY_REPLACED = "LT001"  # lt_push: a version sealed with a key the vault replaced
SPANS_NEED_MIGRATION = ("The sync server does not keep window activity yet: run `lighttrack sync server-init` "
                        "against it once (records sync as before).")
PRUNED = "LT002"  # lt_pull: versions after the cursor left the history window (read the snapshot first)


class ServerError(LightTrackError):
    """The sync server can't be reached or refused a call; retried later by the worker."""


class CounterReused(ServerError):
    """The server holds other data under one of our counters: this folder went back in time."""


class ServerTooOld(ServerError):
    """The server's schema predates a call (its migrations were not run after an update)."""


class HistoryPruned(ServerError):
    """Versions this device has not read left the server's history window: their effect is in the snapshot."""


@dataclass(frozen=True)
class Hello:
    server_ms: int
    last_counter: int
    revoked: bool
    head_seq: int
    vault_format: int
    key_id: uuid.UUID


class Remote:
    """One connection to the sync server; not thread-safe (one sync round at a time uses it)."""

    def __init__(self, dsn: str) -> None:
        import psycopg

        self._psycopg = psycopg
        try:
            self.conn = psycopg.connect(dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT,
                                        application_name="lighttrack")
        except psycopg.Error as exc:
            raise ServerError(f"Cannot reach the sync server: {_first_line(exc)}") from None

    def close(self) -> None:
        self.conn.close()

    def call(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except self._psycopg.Error as exc:
            raise ServerError(f"The sync server refused: {_first_line(exc)}") from None

    def vault(self) -> tuple | None:
        rows = self.call("SELECT vault_id, format, key_id, wrapped, kdf FROM lighttrack.lt_vault_get()")
        return rows[0] if rows else None

    def create_vault(self, vault_id: uuid.UUID, fmt: int, key_id: uuid.UUID, wrapped: bytes, kdf: dict) -> None:
        from psycopg.types.json import Jsonb

        self.call("SELECT lighttrack.lt_vault_create(%s, %s, %s, %s, %s)", (vault_id, fmt, key_id, wrapped, Jsonb(kdf)))

    def hello(self, vault_id: uuid.UUID, device: bytes, epoch: bytes) -> Hello:
        row = self.call("SELECT * FROM lighttrack.lt_hello(%s, %s, %s)", (vault_id, device, epoch))[0]
        return Hello(int(row[0]), int(row[1] or 0), bool(row[2]), int(row[3]), int(row[4]), row[5])

    def push(self, vault_id: uuid.UUID, device: bytes, epoch: bytes, rows: list[dict], key_id: uuid.UUID) -> list[int]:
        """Append sealed versions; return the counters the server now holds (idempotent on retry)."""
        try:
            result = self.conn.execute(
                "SELECT device_counter FROM lighttrack.lt_push(%s, %b, %b, %b::bytea[], %s::bigint[], %s::uuid[], %b::bytea[])",
                (vault_id, device, epoch, [r["rk"] for r in rows], [r["counter"] for r in rows],
                 [key_id] * len(rows), [r["blob"] for r in rows])).fetchall()
        except self._psycopg.errors.UniqueViolation as exc:
            raise CounterReused(f"The sync server refused: {_first_line(exc)}") from None
        except self._psycopg.Error as exc:
            if exc.sqlstate == KEY_REPLACED:
                raise KeyChanged() from None
            raise ServerError(f"The sync server refused: {_first_line(exc)}") from None
        return [int(r[0]) for r in result]

    def pull(self, vault_id: uuid.UUID, after: int, limit: int) -> list[tuple]:
        try:
            return self.conn.execute("SELECT seq, record_key, device_id, epoch, device_counter, key_id, blob "
                                     "FROM lighttrack.lt_pull(%s, %s, %s)", (vault_id, after, limit)).fetchall()
        except self._psycopg.Error as exc:
            if exc.sqlstate == PRUNED:
                raise HistoryPruned(f"The sync server pruned its history: {_first_line(exc)}") from None
            raise ServerError(f"The sync server refused: {_first_line(exc)}") from None


    def put_span_days(self, vault_id: uuid.UUID, device: bytes, days: list[str], key_id: uuid.UUID,
                      blobs: list[bytes]) -> None:
        """Leave (or replace) this device's sealed days of window activity."""
        try:
            self.conn.execute("SELECT lighttrack.lt_span_put(%s, %b, %s::date[], %s, %b::bytea[])",
                              (vault_id, device, days, key_id, blobs))
        except self._psycopg.errors.UndefinedFunction:
            raise ServerTooOld(SPANS_NEED_MIGRATION) from None
        except self._psycopg.Error as exc:
            if exc.sqlstate == KEY_REPLACED:
                raise KeyChanged() from None
            raise ServerError(f"The sync server refused: {_first_line(exc)}") from None

    def pull_span_days(self, vault_id: uuid.UUID, after: int, limit: int) -> list[tuple]:
        """(seq, device id, 'YYYY-MM-DD', key id, blob) of the days left after position `after`, oldest first."""
        try:
            rows = self.conn.execute("SELECT seq, device_id, day, key_id, blob "
                                     "FROM lighttrack.lt_span_pull(%s, %s::bigint, %s::int)",
                                     (vault_id, after, limit)).fetchall()
        except self._psycopg.errors.UndefinedFunction:
            raise ServerTooOld(SPANS_NEED_MIGRATION) from None
        except self._psycopg.Error as exc:
            raise ServerError(f"The sync server refused: {_first_line(exc)}") from None
        return [(int(r[0]), bytes(r[1]), r[2].isoformat(), r[3], bytes(r[4])) for r in rows]

    def snapshot_upto(self, vault_id: uuid.UUID) -> int:
        """The log position the server's snapshot covers (0: none yet)."""
        return int(self.call("SELECT lighttrack.lt_snapshot_upto(%s)", (vault_id,))[0][0])

    def put_snapshot(self, vault_id: uuid.UUID, device: bytes, upto: int, key_id: uuid.UUID, parts: list[bytes]) -> bool:
        """Replace the snapshot with one covering the log up to `upto`; False when the server has a newer one."""
        rows = self.call("SELECT lighttrack.lt_snapshot_put(%s, %b, %s, %s, %b::bytea[])",
                         (vault_id, device, upto, key_id, parts))
        return bool(rows[0][0])

    def snapshot(self, vault_id: uuid.UUID) -> tuple[int, uuid.UUID | None, list[bytes]]:
        """The newest snapshot: the log position it covers, its key id and its parts in order."""
        rows = self.call("SELECT upto_seq, key_id, blob FROM lighttrack.lt_snapshot_get(%s)", (vault_id,))
        if not rows:
            return 0, None, []
        return int(rows[0][0]), rows[0][1], [bytes(r[2]) for r in rows]


    def put_pairing(self, vault_id: uuid.UUID, slot: bytes, blob: bytes, seconds: int) -> datetime:
        """Leave a one-time pairing slot; return when it expires."""
        return self.call("SELECT lighttrack.lt_pair_put(%s, %s, %s, %s)", (vault_id, slot, blob, seconds))[0][0]

    def take_pairing(self, slot: bytes) -> tuple[uuid.UUID, bytes] | None:
        """Take a pairing slot (it can be taken once, before it expires)."""
        rows = self.call("SELECT vault_id, blob FROM lighttrack.lt_pair_take(%s)", (slot,))
        return (rows[0][0], bytes(rows[0][1])) if rows else None


    def history(self, vault_id: uuid.UUID, record_key: bytes, limit: int) -> list[tuple]:
        """The versions of one record, newest first: pull's columns and the time the server received each."""
        return self.call("SELECT seq, record_key, device_id, epoch, device_counter, key_id, blob, received_at "
                         "FROM lighttrack.lt_history(%s, %b, %s)", (vault_id, record_key, limit))

    def rotate(self, vault_id: uuid.UUID, device: bytes, old: uuid.UUID, new: uuid.UUID, wrapped: bytes, kdf: dict,
               older: bytes) -> bool:
        """Make `new` the vault's key (wrapped by the passphrase, the old key sealed under it); False when the
        key is no longer `old` (another device rotated first)."""
        from psycopg.types.json import Jsonb

        rows = self.call("SELECT lighttrack.lt_vault_rotate(%s, %b, %s, %s, %b, %s, %b)",
                         (vault_id, device, old, new, wrapped, Jsonb(kdf), older))
        return bool(rows[0][0])

    def key_chain(self, vault_id: uuid.UUID) -> list[tuple[uuid.UUID, bytes | None]]:
        """(key id, the key it replaced sealed under it) of every vault key, newest first."""
        rows = self.call("SELECT key_id, older FROM lighttrack.lt_key_chain(%s)", (vault_id,))
        return [(row[0], bytes(row[1]) if row[1] is not None else None) for row in rows]

    def devices(self, vault_id: uuid.UUID) -> list[tuple]:
        """(device id, epochs, added, last seen, revoked) of every device that greeted the vault, oldest first."""
        return self.call("SELECT device_id, epochs, added_at, last_seen, revoked FROM lighttrack.lt_devices(%s)",
                         (vault_id,))

    def revoke(self, vault_id: uuid.UUID, device: bytes) -> None:
        self.call("SELECT lighttrack.lt_device_revoke(%s, %s)", (vault_id, device))


def without_password(dsn: str) -> str:
    """The connection string with its password left out (for what a user prints or shows)."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    return make_conninfo("", **{k: v for k, v in conninfo_to_dict(dsn).items() if k != "password"})


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
