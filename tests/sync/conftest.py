"""Sync fixtures: one PostgreSQL per session, a fresh login role (= one user's vault) per test, devices."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from devices import Device  # noqa: E402
from pgserver import remove_server, start_server  # noqa: E402

from lighttrack.sync.remote import Remote  # noqa: E402
from lighttrack.sync.server import server_init  # noqa: E402


@pytest.fixture(scope="session")
def pg():
    server = start_server()
    admin = Remote(server.dsn("postgres", "admin-secret"))
    server_init(admin.conn)
    admin.close()
    yield server
    remove_server(server)


@pytest.fixture
def user_dsn(pg):
    """A new PostgreSQL login role in `lighttrack_user`: an empty vault of its own."""
    name, password = "u" + secrets.token_hex(6), secrets.token_hex(12)
    pg.psql(f"CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE lighttrack_user")
    return pg.dsn(name, password)


@pytest.fixture
def make_device(tmp_path, user_dsn):
    """Devices (data folders with fake clocks) set up against the test's vault."""
    made = []

    def make(name: str = "a", setup: bool = True) -> Device:
        device = Device(tmp_path / name)
        if setup:
            device.setup(user_dsn)
        made.append(device)
        return device

    yield make
    for device in made:
        device.close()
