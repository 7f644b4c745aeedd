"""A real PostgreSQL server for tests, made in a temporary folder, that a test can stop and start
again (initdb and pg_ctl from the PATH; as root, run as the `postgres` account, since PostgreSQL
refuses root)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.conftest import free_port

AVAILABLE = bool(shutil.which("initdb") and shutil.which("pg_ctl"))


def _as_postgres_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Postgres:
    """One database cluster on a free loopback port; :meth:`stop` and :meth:`start` as often as needed."""

    def __init__(self) -> None:
        self.home = Path(tempfile.mkdtemp(prefix="cyberguide-pg-"))
        self.data = self.home / "data"
        if os.geteuid() == 0:
            shutil.chown(self.home, "postgres", "postgres")
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._run(["initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"])

    def _run(self, args: list[str]) -> None:
        subprocess.run(_as_postgres_user(args), check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.home} -h 127.0.0.1"
        self._run(["pg_ctl", "-D", str(self.data), "-w", "-l", str(self.home / "log"), "-o", options, "start"])

    def stop(self) -> None:
        self._run(["pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop"])

    def remove(self) -> None:
        subprocess.run(
            _as_postgres_user(["pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop"]), capture_output=True
        )
        shutil.rmtree(self.home, ignore_errors=True)
