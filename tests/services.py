"""Real PostgreSQL and Redis servers started for tests, from the binaries on the PATH
(`make test` installs redis-server with apt-get; PostgreSQL's initdb and pg_ctl must be there).
As root, PostgreSQL runs as the `postgres` account, since it refuses root."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import free_port

HAVE_POSTGRES = bool(shutil.which("initdb") and shutil.which("pg_ctl"))
HAVE_REDIS = bool(shutil.which("redis-server"))


def _as_postgres_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def postgres_server() -> Iterator[str]:
    """A fresh PostgreSQL cluster on a free port; yields its URL (user postgres, database postgres)."""
    home = Path(tempfile.mkdtemp(prefix="cyberguide-pg-"))
    data = home / "data"
    if os.geteuid() == 0:
        shutil.chown(home, "postgres", "postgres")
    port = free_port()
    run = {"check": True, "capture_output": True, "timeout": 120}
    subprocess.run(
        _as_postgres_user(["initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]), **run
    )
    subprocess.run(
        _as_postgres_user(
            [
                "pg_ctl",
                "-D",
                str(data),
                "-w",
                "-l",
                str(home / "log"),
                "-o",
                f"-p {port} -k {home} -h 127.0.0.1",
                "start",
            ]
        ),
        **run,
    )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_postgres_user(["pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop"]), **run)
        shutil.rmtree(home, ignore_errors=True)


@contextmanager
def redis_server() -> Iterator[str]:
    """A Redis server on a free port that writes nothing to disk; yields its URL."""
    import redis

    home = Path(tempfile.mkdtemp(prefix="cyberguide-redis-"))
    port = free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(home),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(home, ignore_errors=True)
