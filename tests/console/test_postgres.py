"""The case store's migrations and round trip on a real PostgreSQL, started for the test
(tests/services.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import inspect, text

from bot.cases.db import get_case_engine, session_factory, upgrade
from bot.cases.store import add_note, case_from_assessment, queue
from bot.cases.tables import Case
from bot.triage.rubric import assess
from tests.services import HAVE_POSTGRES, postgres_server

pytestmark = pytest.mark.skipif(not HAVE_POSTGRES, reason="no PostgreSQL")


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    try:
        with postgres_server() as url:
            yield url
    finally:
        get_case_engine.cache_clear()


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
