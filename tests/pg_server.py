"""A throwaway PostgreSQL server for the test session, started by the suite itself.

One server per session, on a free local port, its data folder in a temporary folder and run
as an unprivileged user (PostgreSQL refuses to run as root: when the tests run as root the
server runs as ``nobody``). Each test gets a database of its own, copied with
``CREATE DATABASE ... TEMPLATE`` from an empty one or from one holding the demo data (seeded
once), which takes a few milliseconds.

With no PostgreSQL on the machine (no ``initdb``) or no driver (psycopg), the PostgreSQL tests
are skipped saying so -- unless ``BSCP_REQUIRE_POSTGRES`` is set, as CI sets it (.ci/run),
where they fail instead.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REQUIRE_ENV = "BSCP_REQUIRE_POSTGRES"
ADMIN = "bscp_admin"


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    return Path(found[-1]).parent if found else None


def why_unavailable() -> str | None:
    """Why the PostgreSQL tests cannot run here, or None when they can."""
    if find_bindir() is None:
        return (
            "PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin); "
            "install the 'postgresql' package to run the PostgreSQL tests (.ci/run does)"
        )
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the PostgreSQL driver is not installed: pip install '.[postgres]'"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PgServer:
    """A running server: URLs for its databases, and fresh databases made from templates."""

    bindir: Path
    folder: Path
    port: int
    run_as: str | None
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def url(self, database: str, user: str = ADMIN, password: str | None = None) -> str:
        login = user if password is None else f"{user}:{password}"
        return f"postgresql+psycopg://{login}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str, database: str = "postgres") -> None:
        """Run one statement as the superuser, outside a transaction (CREATE DATABASE)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=ADMIN, dbname=database, autocommit=True
        ) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def new_database(self, template: str = "template0") -> str:
        """A fresh database copied from ``template``; returns its name."""
        name = f"t{os.getpid()}_{next(self._counter)}"
        self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.run_as is not None:
            command = ["runuser", "-u", self.run_as, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    def start(self) -> None:
        data = self.folder / "data"
        initdb = self._run(
            "initdb", "-D", str(data), "-U", ADMIN, "--auth=trust", "-E", "UTF8",
            "--locale=C", "--no-sync",
        )  # fmt: skip
        if initdb.returncode != 0:
            raise RuntimeError(f"initdb failed: {initdb.stderr or initdb.stdout}")
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        started = self._run(
            "pg_ctl", "-D", str(data), "-l", str(self.folder / "server.log"), "-o", options,
            "-w", "-t", "60", "start",
        )  # fmt: skip
        if started.returncode != 0:
            log = (self.folder / "server.log").read_text(errors="replace")
            raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{log}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def require_password(self, user: str, password: str) -> None:
        """From now on ``user`` logs in over TCP only with ``password`` (everyone else as
        before, trusted)."""
        self.admin(f"CREATE ROLE {user} LOGIN PASSWORD '{password}'")
        hba = self.folder / "data" / "pg_hba.conf"
        rules = hba.read_text()
        hba.write_text(f"host all {user} 127.0.0.1/32 scram-sha-256\n" + rules)
        self.admin("SELECT pg_reload_conf()")
        import psycopg

        for _ in range(500):  # the server reads the file when it gets the signal: wait for it
            try:
                psycopg.connect(
                    host="127.0.0.1", port=self.port, user=user, dbname="postgres"
                ).close()
            except psycopg.OperationalError:
                return
            time.sleep(0.01)
        raise RuntimeError("the server did not start asking for a password")

    def down(self) -> None:
        """Stop the server (as a network failure would take it away)."""
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    def up(self) -> None:
        """Start it again on the same port."""
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        self._run(
            "pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.folder / "server.log"),
            "-o", options, "-w", "start",
        )  # fmt: skip

    def restart(self) -> None:
        """Stop the server (fast) and start it again on the same port (network tests)."""
        self.pause()
        self.resume()

    def pause(self) -> None:
        """Stop the server (fast: every client's connection is cut) until :meth:`resume`."""
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        """Start the server stopped by :meth:`pause` again, on the same port."""
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        started = self._run(
            "pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.folder / "server.log"),
            "-o", options, "-w", "start",
        )  # fmt: skip
        if started.returncode != 0:
            raise RuntimeError(f"PostgreSQL did not start again: {started.stderr}")


def start_server() -> PgServer:
    bindir = find_bindir()
    assert bindir is not None
    folder = Path(tempfile.mkdtemp(prefix="bscp-pg-"))
    run_as: str | None = None
    if os.geteuid() == 0:  # PostgreSQL will not run as root: an unprivileged user runs it
        run_as = "nobody"
        os.chmod(folder, 0o755)
        import pwd

        user = pwd.getpwnam(run_as)
        os.chown(folder, user.pw_uid, user.pw_gid)
    server = PgServer(bindir, folder, _free_port(), run_as)
    server.start()
    return server
