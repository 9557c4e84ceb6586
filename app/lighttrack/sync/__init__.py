"""Multi-device sync: end-to-end encrypted record versions in PostgreSQL, merged by field-group registers."""

from __future__ import annotations


def attach(services, secrets, registry):
    """Wire sync into a running instance: the engine, its worker and the sync:* channels."""
    from .channels import register
    from .worker import SyncWorker

    def open_engine():
        from .engine import SyncEngine  # about 30 ms of imports: after the app answers, by the first round
        from .windows import window_activity

        return SyncEngine(services.ctx.store, secrets, windows=window_activity(services))

    worker = SyncWorker(open_engine, services.ctx.bus)
    register(registry, worker)
    return worker
