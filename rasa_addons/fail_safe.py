"""When the tracker database fails, keep nothing and log no words.

Rasa 3.6 wraps every tracker store in `FailSafeTrackerStore`. When the primary store (PostgreSQL
in the production profile) cannot save, Rasa saves the conversation into a plain
`InMemoryTrackerStore` instead, which forgets nothing for as long as the process lives, and it
never reads that copy back (a failed read starts a new conversation). It also logs the
database's error text, which can quote the events being written: people's words.

:func:`fail_safe_keeps_nothing` makes the fallback a store that keeps nothing, and logs only
the kind of error. The person is still answered; the conversation starts afresh while the
database is down.
"""

from __future__ import annotations

import logging

from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore, TrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

log = logging.getLogger(__name__)


class NothingKeptTrackerStore(InMemoryTrackerStore):
    """The fallback: accepts a conversation and keeps none of it."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        return None


def _fallback(self: FailSafeTrackerStore) -> TrackerStore:
    if not self._fallback_tracker_store:
        self._fallback_tracker_store = NothingKeptTrackerStore(self._tracker_store.domain)
    return self._fallback_tracker_store


def _on_save_error(self: FailSafeTrackerStore, error: Exception) -> None:
    log.error(
        "could not save a conversation to %s (%s); nothing of it is kept",
        type(self._tracker_store).__name__,
        type(error).__name__,
    )


def _on_retrieve_error(self: FailSafeTrackerStore, error: Exception) -> None:
    log.error(
        "could not read a conversation from %s (%s); it starts afresh",
        type(self._tracker_store).__name__,
        type(error).__name__,
    )


def fail_safe_keeps_nothing() -> None:
    """Install the above in this (the Rasa server's) process; calling it again changes nothing."""
    FailSafeTrackerStore.fallback_tracker_store = property(_fallback)
    FailSafeTrackerStore.on_tracker_store_error = _on_save_error
    FailSafeTrackerStore.on_tracker_store_retrieve_error = _on_retrieve_error
