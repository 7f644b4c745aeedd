"""ForgetfulSQLTrackerStore on a real PostgreSQL: the same forgetting as the in-memory store, by
deleting rows, and an idle purge that one instance does for all."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from rasa.shared.core.events import ActionExecuted, Restarted, SlotSet, UserUttered

from rasa_addons.sql_tracker_store import ForgetfulSQLTrackerStore
from tests.rasa_addons.test_tracker_store import DOMAIN, conversation
from tests.services import HAVE_POSTGRES, postgres_server

pytestmark = pytest.mark.skipif(not HAVE_POSTGRES, reason="no PostgreSQL")


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


def rows(url: str, sender: str) -> list[tuple[str, str]]:
    """The (type, data) of every stored event of `sender`, in order."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            query = sa.text("SELECT type_name, data FROM events WHERE sender_id = :s ORDER BY id")
            return [tuple(row) for row in connection.execute(query, s=sender)]
    finally:
        engine.dispose()


def test_a_conversation_round_trips_and_grows_by_appending(database_url: str) -> None:
    store = ForgetfulSQLTrackerStore(DOMAIN, host=database_url)
    tracker = conversation("grow", turns=2)
    asyncio.run(store.save(tracker))
    kept = asyncio.run(store.retrieve("grow"))
    assert kept is not None and kept.current_slot_values() == tracker.current_slot_values()
    before = len(rows(database_url, "grow"))
    kept.update_with_events([UserUttered("more"), ActionExecuted("action_listen")], DOMAIN)
    asyncio.run(store.save(kept))
    assert len(rows(database_url, "grow")) == before + 2


def test_a_restart_deletes_the_rows_before_it(database_url: str) -> None:
    store = ForgetfulSQLTrackerStore(DOMAIN, host=database_url)
    tracker = conversation("restart", turns=3)
    asyncio.run(store.save(tracker))
    assert any("message 2" in data for _, data in rows(database_url, "restart"))
    tracker.update(Restarted())
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(tracker))
    assert [kind for kind, _ in rows(database_url, "restart")] == ["action"]
    assert not any("message" in data for _, data in rows(database_url, "restart"))


def test_the_account_is_stored_once_and_events_are_capped(database_url: str) -> None:
    store = ForgetfulSQLTrackerStore(DOMAIN, host=database_url, max_events=60)
    tracker = conversation("cap", turns=40, account_chars=200)
    asyncio.run(store.save(tracker))
    stored = rows(database_url, "cap")
    assert len(stored) <= 60 + len(DOMAIN.slots) + 1
    assert sum(1 for kind, data in stored if kind == SlotSet.type_name and '"name": "account"' in data) == 1
    kept = asyncio.run(store.retrieve("cap"))
    assert kept is not None
    assert kept.current_slot_values() == tracker.current_slot_values()
    assert kept.active_loop_name == "situation_form"


def test_one_instance_purges_the_idle_conversations_of_all(database_url: str) -> None:
    ttl_minutes = 0.5 / 60
    first = ForgetfulSQLTrackerStore(DOMAIN, host=database_url, ttl_minutes=ttl_minutes, sweep_seconds=3600)
    second = ForgetfulSQLTrackerStore(DOMAIN, host=database_url, ttl_minutes=ttl_minutes, sweep_seconds=0.1)

    async def scenario() -> None:
        await first.save(conversation("idle-elsewhere", turns=1))
        await asyncio.sleep(0.6)
        await second.save(conversation("fresh", turns=1))  # starts the second instance's sweeper
        deadline = time.monotonic() + 5
        while rows(database_url, "idle-elsewhere") and time.monotonic() < deadline:
            await asyncio.sleep(0.1)

    asyncio.run(scenario())
    assert rows(database_url, "idle-elsewhere") == []


def test_an_idle_conversation_is_not_read_back_even_before_the_sweep(database_url: str) -> None:
    store = ForgetfulSQLTrackerStore(DOMAIN, host=database_url, ttl_minutes=0.3 / 60, sweep_seconds=3600)

    async def scenario() -> None:
        await store.save(conversation("late", turns=1))
        await asyncio.sleep(0.5)
        assert await store.retrieve("late") is None

    asyncio.run(scenario())
    assert rows(database_url, "late") == []


def test_a_conversation_kept_alive_past_the_retention_period_is_deleted(database_url: str) -> None:
    """Messages every few minutes never make it idle; the case retention period still ends it."""
    max_age_days = 1.0 / (24 * 3600)  # one second
    store = ForgetfulSQLTrackerStore(DOMAIN, host=database_url, max_age_days=max_age_days, sweep_seconds=3600)
    tracker = conversation("long", turns=1)
    asyncio.run(store.save(tracker))
    time.sleep(1.2)
    tracker.update_with_events([UserUttered("still here"), ActionExecuted("action_listen")], DOMAIN)
    asyncio.run(store.save(tracker))  # active a moment ago, started too long ago
    store._expire_idle()
    assert rows(database_url, "long") == []
