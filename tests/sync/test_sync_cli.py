"""`lighttrack sync ...` as a user runs it, against the throwaway PostgreSQL."""

from __future__ import annotations

import os
import subprocess

import orjson

from support import lighttrack

from lighttrack.sync.server import MIGRATIONS


def test_server_init_is_idempotent(pg, tmp_path):
    result = lighttrack("sync", "server-init", "--dsn", pg.dsn("postgres", "admin-secret"), data_dir=tmp_path / "x",
                        check=True)
    assert "already up to date" in result.stdout
    assert pg.psql("SELECT max(version) FROM lighttrack.migration").strip() == str(len(MIGRATIONS))


def test_setup_then_a_second_device_joins_and_receives(user_dsn, tmp_path):
    secret = tmp_path / "passphrase"
    secret.write_text("a long sync passphrase\n")
    one, two = tmp_path / "one", tmp_path / "two"
    lighttrack("start", "Plan the week", data_dir=one, check=True)
    created = lighttrack("sync", "setup", "--dsn", user_dsn, "--passphrase-file", str(secret), data_dir=one, check=True)
    assert "Created a new sync vault" in created.stdout

    wrong = lighttrack("sync", "setup", "--dsn", user_dsn, data_dir=two, env={**os.environ, "LIGHTTRACK_SYNC_PASSPHRASE": "nope"})
    assert wrong.returncode == 1 and "passphrase is wrong" in wrong.stderr
    status = orjson.loads(lighttrack("sync", "status", "--json", data_dir=two, check=True).stdout)
    assert status["configured"] is False

    joined = lighttrack("sync", "setup", "--dsn", user_dsn, data_dir=two,
                        env={**os.environ, "LIGHTTRACK_SYNC_PASSPHRASE": "a long sync passphrase"})
    assert joined.returncode == 0 and "Joined the sync vault" in joined.stdout, joined.stderr
    running = orjson.loads(lighttrack("status", "--json", data_dir=two, check=True).stdout)
    assert running["running"]["name"] == "Plan the week"

    lighttrack("stop", data_dir=two, check=True)
    assert "0 change(s) still pending" in lighttrack("sync", "now", data_dir=two, check=True).stdout
    lighttrack("sync", "now", data_dir=one, check=True)
    assert orjson.loads(lighttrack("status", "--json", data_dir=one, check=True).stdout)["running"] is None
    human = lighttrack("sync", "status", data_dir=one, check=True).stdout
    assert "pending changes: 0" in human


def test_setup_without_a_passphrase_says_how_to_give_one(user_dsn, tmp_path):
    result = lighttrack("sync", "setup", "--dsn", user_dsn, data_dir=tmp_path / "d", stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert "--passphrase-file" in result.stderr and "Traceback" not in result.stderr


def test_server_init_migrates_a_server_installed_by_an_older_version(pg, monkeypatch):
    from lighttrack.sync import server
    from lighttrack.sync.remote import Remote

    name = "old" + os.urandom(4).hex()
    pg.psql(f"CREATE DATABASE {name}")
    admin = Remote(pg.dsn("postgres", "admin-secret").replace("dbname=lighttrack", f"dbname={name}"))
    try:
        monkeypatch.setattr(server, "MIGRATIONS", MIGRATIONS[:1])
        assert server.server_init(admin.conn) == [1]
        monkeypatch.setattr(server, "MIGRATIONS", MIGRATIONS)
        assert server.server_init(admin.conn) == list(range(2, len(MIGRATIONS) + 1))
        assert admin.call("SELECT count(*) FROM lighttrack.snapshot") == [(0,)]
    finally:
        admin.close()
