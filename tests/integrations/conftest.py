"""Fixtures for the integration tests: services on a fake clock, a file vault, a manager with fake sleep."""

from __future__ import annotations

import pytest

from fakeservice import FakeService
from lighttrack.channels.registry import Registry
from lighttrack.integrations.manager import IntegrationManager
from lighttrack.store.vault import SecretVault


class FakeSleep:
    """Records the waits instead of waiting; advances the fake monotonic clock."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self.now = 1000.0

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def fake_sleep():
    return FakeSleep()


@pytest.fixture
def vault(tmp_path):
    return SecretVault(tmp_path / "data", "file")


@pytest.fixture
def manager(services, vault, fake_sleep):
    made = IntegrationManager(services, vault, sleep=fake_sleep, monotonic=fake_sleep.monotonic, timeout=0.5)
    yield made
    made.stop()


@pytest.fixture
def call(manager):
    """Call a channel of the integrations through the registry; return its data or raise with its envelope."""
    registry = Registry()
    manager.register(registry)

    def invoke(channel: str, *args):
        envelope = registry.dispatch(channel, list(args))
        assert envelope["success"], envelope
        return envelope["data"]
    return invoke


@pytest.fixture
def service():
    fake = FakeService().start()
    yield fake
    fake.stop()
