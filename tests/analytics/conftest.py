"""Fixtures of the analytics tests: services in Europe/Berlin (DST on 2024-03-31) and an event recorder."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from support import FakeClock, open_services

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def berlin_clock():
    return FakeClock(datetime(2024, 4, 10, 10, 0, tzinfo=timezone.utc))


@pytest.fixture
def berlin(tmp_path, berlin_clock):
    """Services whose local zone is Europe/Berlin, on a fake clock."""
    return open_services(tmp_path / "data", clock=berlin_clock, zone=BERLIN)


@pytest.fixture
def events(berlin):
    """Every (channel, data) the services publish, in order."""
    seen: list[tuple[str, object]] = []
    berlin.ctx.bus.subscribe(lambda channel, data: seen.append((channel, data)))
    return seen
