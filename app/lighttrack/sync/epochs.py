"""A data folder restored from an old backup: a new device epoch, so no counter is ever reused.

The server remembers the highest counter each device epoch pushed. When it is above this
folder's counter, the folder went back in time: the writes it made since its last
acknowledged push may carry dots the server already holds for other writes. They get fresh
dots in a new epoch, and each register forgets having seen the old epoch's dots past that
point, so the writes the lost timeline pushed are merged back instead of being mistaken for
seen ones.
"""

from __future__ import annotations

import os

from ..store.database import Store
from .capture import actor_of
from .state import RECORDS, SyncState


def restart_epoch(store: Store, state: SyncState) -> None:
    """Start a new epoch and re-dot what the old one wrote after its last acknowledged push."""
    device = state.require_device()
    old_actor, acked = actor_of(device), device.get("acked", 0)
    device.update(epoch=os.urandom(4).hex(), counter=0)
    new_actor = actor_of(device)
    state.drop_sealed()
    dirty = []
    for db in [store.main, *(store.shard(m) for m in store.shard_months())]:
        records = db.table(RECORDS)
        for doc in records.all():
            entry = dict(doc)
            if _redot(entry, old_actor, new_actor, acked, lambda: state.next_counter(device)):
                records.put(f"{entry['t']}/{entry['id']}", entry)
                dirty.append((entry["t"], entry["id"]))
            elif entry["x"]:
                dirty.append((entry["t"], entry["id"]))  # an erase op carries no dots; send it again
    state.mark_dirty(dirty)
    state.save_device(device)


def _redot(entry: dict, old: str, new: str, acked: int, next_dot) -> bool:
    changed = False
    for group, reg in entry["g"].items():
        moved = [[new, next_dot(), e[2], e[3]] if e[0] == old and e[1] > acked else e for e in reg["e"]]
        context = dict(reg["c"])
        if context.get(old, 0) > acked:
            context[old] = acked
            changed = True
        for e in moved:
            if e[0] == new:
                context[new] = max(context.get(new, 0), e[1])
        if moved != reg["e"]:
            changed = True
        entry["g"][group] = {"e": sorted(moved, key=lambda e: (e[0], e[1])), "c": dict(sorted(context.items()))}
    return changed
