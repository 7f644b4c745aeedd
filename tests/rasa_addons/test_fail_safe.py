"""A tracker database that fails: the conversation is not kept elsewhere, and no words are logged."""

from __future__ import annotations

import asyncio
import logging

import pytest
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import OperationalError

from rasa_addons.fail_safe import NothingKeptTrackerStore, fail_safe_keeps_nothing

WORDS = "he knows where I live"


class BrokenDatabaseStore(InMemoryTrackerStore):
    """A primary store whose database is gone, failing as SQLAlchemy does: quoting what it wrote."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        raise OperationalError("INSERT INTO events ...", {"data": WORDS}, Exception("connection refused"))

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        raise OperationalError("SELECT ...", {"sender_id": sender_id}, Exception("connection refused"))


def test_a_failed_save_keeps_nothing_and_logs_no_words(caplog: pytest.LogCaptureFixture) -> None:
    fail_safe_keeps_nothing()
    store = FailSafeTrackerStore(BrokenDatabaseStore(Domain.empty()))
    tracker = DialogueStateTracker.from_events("person-1", [UserUttered(WORDS)])
    with caplog.at_level(logging.DEBUG):
        asyncio.run(store.save(tracker))
        assert asyncio.run(store.retrieve("person-1")) is None
    assert isinstance(store.fallback_tracker_store, NothingKeptTrackerStore)
    assert list(asyncio.run(store.fallback_tracker_store.keys())) == []
    assert "OperationalError" in caplog.text and "nothing of it is kept" in caplog.text
    assert WORDS not in caplog.text and "person-1" not in caplog.text
