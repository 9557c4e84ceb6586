"""sync:* channels: status, a round now, pairing and removing devices, unlocking after a key change, conflicts and
their resolution, history."""

from __future__ import annotations

from collections.abc import Callable

from ..channels.params import ANY, OBJ, TEXT
from ..channels.registry import Registry
from .worker import SyncWorker


def register(registry: Registry, worker: SyncWorker) -> None:
    """The channels, each reaching the worker's engine when called (the engine is made at its first use)."""
    registry.register("sync:getStatus", lambda: worker.engine.status())
    registry.register("sync:now", worker.now, OBJ("options", required=False))
    registry.register("sync:pair", lambda: worker.engine.pair())
    registry.register("sync:getDevices", lambda: worker.engine.devices())
    registry.register("sync:renameDevice", _then_round(worker, lambda name: worker.engine.rename_device(name)),
                      ANY("name"))
    registry.register("sync:getHistory", lambda table, record_id: worker.engine.history(table, record_id),
                      ANY("table"), ANY("recordId"))
    registry.register("sync:restoreVersion",
                      _then_round(worker, lambda table, record_id, seq: worker.engine.restore(table, record_id, seq)),
                      ANY("table"), ANY("recordId"), ANY("seq"))
    registry.register("sync:removeDevice", lambda device_id, passphrase: worker.engine.revoke(device_id, passphrase),
                      ANY("deviceId"), ANY("passphrase"))
    registry.register("sync:unlock", _then_round(worker, lambda passphrase: worker.engine.unlock(passphrase)),
                      ANY("passphrase"))
    registry.register("sync:getConflicts", lambda: worker.engine.conflicts())
    registry.register("sync:resolve", _then_round(worker, lambda conflict_id, choice: worker.engine.resolve(conflict_id, choice)),
                      TEXT("conflictId"), ANY("choice"))


def _then_round(worker: SyncWorker, act: Callable[..., dict]) -> Callable[..., dict]:
    """A handler that runs `act` with the call's arguments, then starts a round that sends what it wrote."""
    def handler(*args: object) -> dict:
        result = act(*args)
        worker.kick()
        return result
    return handler
