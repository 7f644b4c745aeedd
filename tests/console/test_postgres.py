"""The case store's migrations and round trip on a real PostgreSQL, started for the test
(initdb and pg_ctl from the PATH; as root, run as the `postgres` account, since PostgreSQL refuses root)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from bot.cases.db import get_case_engine, session_factory, upgrade
from bot.cases.store import add_note, case_from_assessment, queue
from bot.cases.tables import Case
from bot.triage.rubric import assess
from tests.conftest import free_port

pytestmark = pytest.mark.skipif(not shutil.which("initdb") or not shutil.which("pg_ctl"), reason="no PostgreSQL")


def _as_postgres_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
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
        get_case_engine.cache_clear()
        subprocess.run(_as_postgres_user(["pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop"]), **run)
        shutil.rmtree(home, ignore_errors=True)


def test_alembic_upgrades_an_empty_postgresql_database_and_cases_round_trip(postgres_url):
    upgrade(postgres_url)
    upgrade(postgres_url)  # a second run finds nothing to do
    engine = get_case_engine(postgres_url)
    assert {"staff", "cases", "case_notes", "audit_log"} <= set(inspect(engine).get_table_names())
    sessions = session_factory(postgres_url)
    with sessions.begin() as session:
        case = case_from_assessment(assess("my ex keeps messaging me from new accounts", "US-TX"), channel="phone")
        session.add(case)
        session.flush()
        add_note(session, case, "called back", "alex")
        case_id = case.id
    with sessions() as session:
        assert [c.id for c in queue(session)] == [case_id]
        assert session.get(Case, case_id).notes[0].body == "called back"
    with engine.connect() as connection:
        assert connection.execute(text("SELECT body FROM case_notes")).scalar().startswith("gAAAAA")
