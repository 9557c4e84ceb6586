"""A stateful machine over local edits, rounds, lost acknowledgements, server crashes, clock skew and restores.

After every run everyone syncs until nothing is pending; then every device shows the same
state, and every value a device had when one of its rounds succeeded is on the server.
"""

from __future__ import annotations

import base64
import secrets
import shutil
import uuid
from datetime import timedelta
from pathlib import Path

from devices import Device
from faultproxy import FaultProxy
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from lighttrack.errors import LightTrackError, ValidationError
from lighttrack.sync import snapshot
from lighttrack.sync.engine import VAULT_KEY
from lighttrack.sync.remote import Remote
from lighttrack.sync.seal import Envelope, Sealer
from lighttrack.sync.state import SyncState

NAMES = st.sampled_from(["alpha", "beta", "gamma", "delta"])
SKEWS = st.sampled_from([timedelta(0), timedelta(hours=2), timedelta(hours=-2), timedelta(days=365)])


def machine_for(pg, base: Path):
    class SyncMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            name, password = "m" + secrets.token_hex(5), secrets.token_hex(8)
            pg.psql(f"CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE lighttrack_user")
            self.dsn = pg.dsn(name, password)
            self.proxy = FaultProxy(pg.port)
            self.folder = base / uuid.uuid4().hex[:8]
            self.devices = [Device(self.folder / d) for d in ("a", "b")]
            for device in self.devices:
                device.setup(self.dsn)
            self.devices[0].secrets.values["sync-dsn"] = self.dsn.replace(f"port={pg.port}", f"port={self.proxy.port}")
            self.acknowledged: set[tuple[str, str]] = set()
            self.backup: Path | None = None

        def teardown(self) -> None:
            try:
                self._quiesce()
            finally:
                for device in self.devices:
                    device.close()
                self.proxy.close()
                shutil.rmtree(self.folder, ignore_errors=True)

        # -- local edits -----------------------------------------------------------------
        @rule(d=st.integers(0, 1), name=NAMES, hour=st.integers(0, 5))
        def add(self, d, name, hour):
            device = self.devices[d]
            device.clock.advance(7)
            try:
                device.services.activities.add({"name": name, "startTime": f"2026-03-10T{hour:02}:00:00Z",
                                                "endTime": f"2026-03-10T{hour:02}:30:00Z"})
            except ValidationError:
                return  # refused next to a running activity (a domain rule): nothing was written

        @rule(d=st.integers(0, 1), pick=st.integers(0, 50), name=NAMES)
        def rename(self, d, pick, name):
            live = self._live(d)
            if live:
                self.devices[d].clock.advance(3)
                self.devices[d].services.activities.update(live[pick % len(live)], {"name": f"{name}{pick}"})

        @rule(d=st.integers(0, 1), pick=st.integers(0, 50), tags=st.lists(NAMES, max_size=2))
        def tag(self, d, pick, tags):
            live = self._live(d)
            if live:
                self.devices[d].services.activities.update(live[pick % len(live)], {"tags": tags})

        @rule(d=st.integers(0, 1), pick=st.integers(0, 50))
        def delete(self, d, pick):
            live = self._live(d)
            if live:
                self.devices[d].services.activities.delete([live[pick % len(live)]])

        @rule(d=st.integers(0, 1), name=NAMES)
        def start(self, d, name):
            self.devices[d].clock.advance(11)
            self.devices[d].services.activities.start({"name": name})

        @rule(d=st.integers(0, 1), skew=SKEWS)
        def skew(self, d, skew):
            self.devices[d].skew = skew

        # -- transport and faults ------------------------------------------------------------
        @rule(d=st.integers(0, 1))
        def sync(self, d):
            self._round(d)

        @rule()
        def sync_with_lost_acknowledgement(self):
            self.proxy.cut_pushes = 1
            self._round(0)
            self.proxy.cut_pushes = 0

        @rule()
        def server_crash(self):
            pg.restart_immediate()

        @rule()
        def kill_connections(self):
            pg.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lighttrack'")

        @rule()
        def take_backup(self):
            device = self.devices[0]
            device.close()
            self.backup = self.folder / f"backup-{uuid.uuid4().hex[:6]}"
            shutil.copytree(device.folder, self.backup)
            device.open()

        @precondition(lambda self: self.backup is not None)
        @rule()
        def restore_backup(self):
            device = self.devices[0]
            device.close()
            shutil.rmtree(device.folder)
            shutil.copytree(self.backup, device.folder)
            device.open()

        @precondition(lambda self: len(self.devices) == 2)
        @rule()
        def a_new_device_joins(self):
            """It starts from the snapshot, when one was left, and must end like the others."""
            device = Device(self.folder / "c")
            self.devices.append(device)
            device.setup(self.dsn)
            self._round(2)

        @rule(d=st.integers(0, 1))
        def crash_device(self, d):
            """What a kill -9 leaves: the files on disk, nothing in memory."""
            self.devices[d].reopen()

        # -- checks --------------------------------------------------------------------------
        @invariant()
        def conflicts_list_real_siblings(self):
            for device in self.devices:
                for conflict in device.sync.conflicts():
                    assert len(conflict["siblings"]) > 1

        def _round(self, d):
            device = self.devices[d]
            try:
                device.sync.sync_now()
            except LightTrackError:
                return
            self.acknowledged |= {(i, doc["name"]) for i, doc in device.snapshot()["activities"].items()}

        def _live(self, d):
            return sorted(i for i, doc in self.devices[d].snapshot()["activities"].items() if not doc.get("isDeleted"))

        def _quiesce(self):
            for device in self.devices:
                device.skew = timedelta(0)
            for _ in range(3):
                for device in self.devices:
                    device.sync.sync_now()
            first, *others = (device.snapshot() for device in self.devices)
            assert all(other == first for other in others)
            assert all(device.sync.status()["pending"] == 0 for device in self.devices)
            history = _history(self.devices[0], self.dsn)
            assert self.acknowledged <= history

    return SyncMachine


def _history(device, dsn: str) -> set[tuple[str, str]]:
    """Every (activity, name) any version on the server ever held."""
    with device.services.ctx.store.transaction():
        state = SyncState(device.services.ctx.store).device()
    vault_id = uuid.UUID(state["vaultId"])
    sealer = Sealer(vault_id.bytes, uuid.UUID(state["keyId"]).bytes, base64.b64decode(device.secrets.values[VAULT_KEY]))
    remote = Remote(dsn)
    try:
        rows = remote.pull(vault_id, 0, 1_000_000)
    finally:
        remote.close()
    names = set()
    for r in rows:
        version = sealer.open(bytes(r[6]), Envelope(bytes(r[1]), bytes(r[2]), bytes(r[3]), int(r[4]), r[5].bytes))
        if version["t"] == "activities":
            names |= {(version["id"], e[3]["name"]) for e in version["g"].get("text", {"e": []})["e"]}
    return names


def test_every_interleaving_converges_and_keeps_acknowledged_edits(pg, tmp_path, monkeypatch):
    monkeypatch.setattr(snapshot, "SNAPSHOT_MIN_ROWS", 3)  # snapshots every few versions, so new devices use them
    machine = machine_for(pg, tmp_path)
    run_state_machine_as_test(machine, settings=settings(max_examples=12, stateful_step_count=14, deadline=None,
                                                         suppress_health_check=list(HealthCheck)))
