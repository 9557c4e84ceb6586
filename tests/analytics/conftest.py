"""Fixtures of the analytics tests: services in Europe/Berlin (DST on 2024-03-31) and an event recorder."""

from __future__ import annotations

import pytest


@pytest.fixture
def events(berlin):
    """Every (channel, data) the services publish, in order."""
    seen: list[tuple[str, object]] = []
    berlin.ctx.bus.subscribe(lambda channel, data: seen.append((channel, data)))
    return seen
