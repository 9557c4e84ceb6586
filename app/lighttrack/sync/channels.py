"""sync:* channels: status, a round now, pairing and removing devices, unlocking after a key change, conflicts and
their resolution, history."""

from __future__ import annotations

from ..channels.params import ANY, OBJ, TEXT
from ..channels.registry import Registry
from .worker import SyncWorker


def register(registry: Registry, worker: SyncWorker) -> None:
    """The channels, each reaching the worker's engine when called (the engine is made at its first use)."""
    registry.register("sync:getStatus", lambda: worker.engine.status())
    registry.register("sync:now", worker.now, OBJ("options", required=False))
    registry.register("sync:pair", lambda: worker.engine.pair())
    registry.register("sync:getDevices", lambda: worker.engine.devices())
    registry.register("sync:renameDevice", _renamer(worker), ANY("name"))
    registry.register("sync:getHistory", lambda table, record_id: worker.engine.history(table, record_id),
                      ANY("table"), ANY("recordId"))
    registry.register("sync:restoreVersion", _restorer(worker), ANY("table"), ANY("recordId"), ANY("seq"))
    registry.register("sync:removeDevice", lambda device_id, passphrase: worker.engine.revoke(device_id, passphrase),
                      ANY("deviceId"), ANY("passphrase"))
    registry.register("sync:unlock", _unlocker(worker), ANY("passphrase"))
    registry.register("sync:getConflicts", lambda: worker.engine.conflicts())
    registry.register("sync:resolve", _resolver(worker), TEXT("conflictId"), ANY("choice"))


def _renamer(worker: SyncWorker):
    def rename(name: object) -> dict:
        result = worker.engine.rename_device(name)
        worker.kick()
        return result
    return rename


def _restorer(worker: SyncWorker):
    def restore(table: object, record_id: object, seq: object) -> dict:
        result = worker.engine.restore(table, record_id, seq)
        worker.kick()
        return result
    return restore


def _unlocker(worker: SyncWorker):
    def unlock(passphrase: object) -> dict:
        status = worker.engine.unlock(passphrase)
        worker.kick()
        return status
    return unlock


def _resolver(worker: SyncWorker):
    def resolve(conflict_id: str, choice: object) -> dict:
        result = worker.engine.resolve(conflict_id, choice)
        worker.kick()
        return result
    return resolve
