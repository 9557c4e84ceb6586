"""Sync timings over 1 and 5 years of generated data: first upload, a fresh device's bootstrap, one day of edits,
on loopback and through a TCP proxy adding 50 ms of round-trip time. Run: .venv/bin/python bench/sync_bench.py

Starts a throwaway PostgreSQL from Debian's package (as the `postgres` user when run as root).
Targets: a day's edits (push on one device + pull on another) <= 200 ms on loopback; a 5-year bootstrap <= 5 s.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "sync"))

from datagen import generate  # noqa: E402
from faultproxy import FaultProxy  # noqa: E402

PG_BIN = Path("/usr/lib/postgresql/15/bin")
KDF = {"name": "argon2id", "iterations": 3, "lanes": 4, "memory_kib": 65536}
PASSPHRASE = "bench passphrase"


def _as_postgres(*cmd: str) -> str:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *cmd], check=True, capture_output=True, text=True).stdout


class Server:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        (folder / "sock").mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
            shutil.chown(folder / "sock", "postgres")
        _as_postgres(str(PG_BIN / "initdb"), "-D", str(folder / "data"), "--auth-host=scram-sha-256",
                     "--auth-local=trust", "-U", "postgres", "--no-instructions")
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(folder / "data"), "-w", "-l", str(folder / "log"), "-o",
                     f"-p {self.port} -k {folder / 'sock'} -c listen_addresses=127.0.0.1", "start")
        _as_postgres(str(PG_BIN / "createdb"), "-h", str(folder / "sock"), "-p", str(self.port), "lighttrack")
        self.psql("ALTER ROLE postgres PASSWORD 'admin'")

    def psql(self, sql: str) -> str:
        return _as_postgres(str(PG_BIN / "psql"), "-h", str(self.folder / "sock"), "-p", str(self.port),
                            "-d", "lighttrack", "-Atc", sql)

    def dsn(self, user: str, password: str, port: int | None = None) -> str:
        return f"host=127.0.0.1 port={port or self.port} dbname=lighttrack user={user} password={password}"

    def stop(self) -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop")


def timed(action) -> float:
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def new_user(server: Server) -> tuple[str, str]:
    name, password = "b" + secrets.token_hex(5), secrets.token_hex(8)
    server.psql(f"CREATE ROLE {name} LOGIN PASSWORD '{password}' IN ROLE lighttrack_user")
    return name, password


def edit_a_day(data) -> int:
    """Rename and retag yesterday's activities and add ten: about what a busy day changes."""
    yesterday = date.today() - timedelta(days=1)
    docs = [d for d in data.services.activities.every() if d["startTime"].startswith(yesterday.isoformat())]
    for doc in docs:
        data.services.activities.update(doc["id"], {"name": doc["name"] + " (edited)", "tags": ["edited"]})
    for hour in range(10):
        day = yesterday.isoformat()
        data.services.activities.add({"name": f"Added {hour}", "startTime": f"{day}T{hour + 1:02}:00:00Z",
                                      "endTime": f"{day}T{hour + 1:02}:20:00Z"})
    return len(docs) + 10


def run(years: int, server: Server, base: Path) -> None:
    from lighttrack.runtime import open_data
    from lighttrack.sync.engine import SyncEngine
    from lighttrack.sync.windows import window_activity

    user, password = new_user(server)
    proxy = FaultProxy(server.port, delay=0.025)
    first, fresh, remote_fresh = base / f"y{years}-a", base / f"y{years}-b", base / f"y{years}-c"
    count = generate(first, years)
    a, b, c = open_data(first), open_data(fresh), open_data(remote_fresh)
    try:
        ea, eb, ec = (SyncEngine(d.store, d.vault, windows=window_activity(d.services)) for d in (a, b, c))  # as the app
        kdf = timed(lambda: ea.setup(server.dsn(user, password), PASSPHRASE, KDF))
        upload = timed(ea.sync_now)
        eb.setup(server.dsn(user, password), PASSPHRASE, KDF)
        bootstrap = timed(eb.sync_now)
        ec.setup(server.dsn(user, password, proxy.port), PASSPHRASE, KDF)
        bootstrap_proxy = timed(ec.sync_now)
        edits = edit_a_day(a)
        push = timed(ea.sync_now)
        pull = timed(eb.sync_now)
        pull_proxy = timed(ec.sync_now)
        assert len(list(b.services.activities.every())) == len(list(a.services.activities.every()))
        print(f"{years} year(s), {count} activities (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):")
        print(f"  setup (Argon2id + adopting every record)  {kdf * 1000:8.0f} ms")
        print(f"  first upload (seal + push)                {upload * 1000:8.0f} ms")
        print(f"  fresh device bootstrap, loopback          {bootstrap * 1000:8.0f} ms")
        print(f"  fresh device bootstrap, 50 ms RTT         {bootstrap_proxy * 1000:8.0f} ms")
        print(f"  a day's edits ({edits} records): push      {push * 1000:8.0f} ms")
        print(f"  a day's edits: pull on loopback           {pull * 1000:8.0f} ms  (push + pull {(push + pull) * 1000:.0f} ms)")
        print(f"  a day's edits: pull at 50 ms RTT          {pull_proxy * 1000:8.0f} ms")
    finally:
        for data in (a, b, c):
            data.close()
        proxy.close()


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    from lighttrack.sync.remote import Remote
    from lighttrack.sync.server import server_init

    base = Path(tempfile.mkdtemp(prefix="lt-sync-bench-"))
    os.environ.update(HOME=str(base), LIGHTTRACK_KEYRING="file")
    os.chmod(base, 0o755)
    server = Server(base / "pg")
    try:
        admin = Remote(server.dsn("postgres", "admin"))
        server_init(admin.conn)
        admin.close()
        for years in (1, 5):
            run(years, server, base)
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
