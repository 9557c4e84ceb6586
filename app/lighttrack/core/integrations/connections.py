"""Per-integration settings, private state and status in the store (secrets never: they live in the vault)."""

from __future__ import annotations

from typing import Any

from ..context import Context



class Connections:
    """Documents `{name, connected, config, state, status}` keyed by integration name.

    `config` is what the user chose (no secret), `state` what the integration remembers between
    runs (e.g. Slack's status before a focus session), `status` what the dashboard shows.
    Threading contract: every method is one store transaction.
    """

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def get(self, name: str) -> dict[str, Any]:
        with self._ctx.store.transaction():
            doc = self._ctx.records.integrations.get(name)
        return doc if doc else {"name": name, "connected": False, "config": {}, "state": {}, "status": {}}

    def update(self, name: str, **fields: Any) -> dict[str, Any]:
        """Replace the given top-level fields of `name`'s document; return it."""
        with self._ctx.store.transaction():
            doc = {**self.get(name), **fields}
            self._ctx.records.integrations.put(name, doc)
        return doc

    def remove(self, name: str) -> None:
        with self._ctx.store.transaction():
            self._ctx.records.integrations.remove([name])
