"""A throwaway PostgreSQL from Debian's package: initdb as the `postgres` user, 127.0.0.1 and a private socket."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import REQUIRE_GUI

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(*cmd: str, check: bool = True, text: bool = True) -> subprocess.CompletedProcess:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *cmd], check=check, capture_output=True, text=text, timeout=120)


@dataclass
class PgServer:
    """One cluster; `dsn(user)` reaches it over TCP as a login role."""

    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def dsn(self, user: str = "postgres", password: str | None = None, port: int | None = None) -> str:
        secret = f" password={password}" if password else ""
        return f"host=127.0.0.1 port={port or self.port} dbname=lighttrack user={user}{secret}"

    def start(self) -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60", "-l", str(self.folder / "log"),
                     "-o", f"-p {self.port} -k {self.folder / 'sock'} -c listen_addresses=127.0.0.1 -c fsync=off",
                     "start")

    def stop(self, mode: str = "fast") -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart_immediate(self) -> None:
        """Crash the server (`-m immediate`: no shutdown checkpoint) and start it again."""
        self.stop("immediate")
        self.start()

    def psql(self, sql: str) -> str:
        return _as_postgres(str(PG_BIN / "psql"), "-h", str(self.folder / "sock"), "-p", str(self.port), "-d", "lighttrack",
                            "-v", "ON_ERROR_STOP=1", "-Atc", sql).stdout

    def dump(self) -> bytes:
        return _as_postgres(str(PG_BIN / "pg_dump"), "-h", str(self.folder / "sock"), "-p", str(self.port), "lighttrack",
                            text=False).stdout


def start_server() -> PgServer:
    if not (PG_BIN / "initdb").exists() or shutil.which("runuser") is None:
        reason = "needs Debian's postgresql package (initdb)"
        if REQUIRE_GUI:
            pytest.fail(f"{reason} (LIGHTTRACK_REQUIRE_GUI=1)")
        pytest.skip(reason)
    folder = Path(tempfile.mkdtemp(prefix="lt-pg-"))
    (folder / "sock").mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(folder / "sock", "postgres")
    os.chmod(folder, 0o700)
    server = PgServer(folder, free_port())
    _as_postgres(str(PG_BIN / "initdb"), "-D", str(server.data), "--auth-host=scram-sha-256",
                 "--auth-local=trust", "-U", "postgres", "--no-instructions")
    server.start()
    _as_postgres(str(PG_BIN / "createdb"), "-h", str(folder / "sock"), "-p", str(server.port), "lighttrack")
    server.psql("ALTER ROLE postgres PASSWORD 'admin-secret'")
    return server


def remove_server(server: PgServer) -> None:
    server.stop("immediate")
    shutil.rmtree(server.folder, ignore_errors=True)
