"""Multi-device sync: end-to-end encrypted record versions in PostgreSQL, merged by field-group registers."""

from __future__ import annotations


def attach(services, secrets, registry):
    """Wire sync into a running instance: the engine, its worker and the sync:* channels."""
    from .channels import register
    from .engine import SyncEngine
    from .worker import SyncWorker

    worker = SyncWorker(SyncEngine(services.ctx.store, secrets), services.ctx.bus)
    register(registry, worker)
    return worker
