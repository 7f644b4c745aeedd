"""A SQL tracker store that forgets, for several Rasa instances sharing one database (PostgreSQL).

The same promise as the in-memory store (:mod:`rasa_addons.forgetting`), kept in the database:
a restart, a quick exit or a capped conversation *deletes* the rows it no longer needs (Rasa's
own SQLTrackerStore only ever appends), and a conversation idle for `ttl_minutes` is deleted by
whichever instance sweeps first (the sweep is one DELETE on the shared table, so it works across
instances and doing it twice is harmless), and is never read back past that time even before the
sweep. Idle time is measured from the newest event's timestamp, so every instance agrees on it.
A conversation kept alive longer than `max_age_days` (the case store's retention period, written
by the supervisor) is deleted too, so no chat outlives what a saved case may.

PostgreSQL keeps a deleted row's bytes until VACUUM reclaims them (autovacuum does, usually within
minutes): see the README's "Deployment" section.
"""

from __future__ import annotations

import json
import time
from typing import Any

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from rasa_addons.forgetting import Forgetting
from rasa_addons.server_setup import prepare_rasa_server


class ForgetfulSQLTrackerStore(Forgetting, SQLTrackerStore):
    """`url` (endpoints.yml, from an environment variable) is an SQLAlchemy database URL."""

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        ttl_minutes: float = 60,
        max_events: int = 500,
        sweep_seconds: float | None = None,
        max_age_days: float = 30,
        **kwargs: Any,
    ) -> None:
        prepare_rasa_server()
        super().__init__(domain=domain, host=host, event_broker=event_broker, **kwargs)
        self._setup_forgetting(ttl_minutes, max_events, sweep_seconds)
        self.max_age_seconds = float(max_age_days) * 24 * 3600

    async def save(self, tracker: DialogueStateTracker) -> None:
        self._start_sweeping()
        kept, cut = self._kept(tracker)
        if not cut:
            await super().save(tracker)  # appends the new events
            return
        await self.stream_events(tracker)
        # Something was forgotten: the conversation's rows are replaced by what is kept, in one transaction.
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == tracker.sender_id).delete(
                synchronize_session=False
            )
            session.add_all([self._row(tracker.sender_id, event) for event in kept.events])
            session.commit()

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        self._start_sweeping()
        return self._unless_idle(await super().retrieve(sender_id))

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        self._start_sweeping()
        return self._unless_idle(await super().retrieve_full_tracker(conversation_id))

    def _unless_idle(self, tracker: DialogueStateTracker | None) -> DialogueStateTracker | None:
        """The tracker, or None (and its rows deleted) when it has been idle past the ttl or is too old."""
        if tracker is None or not tracker.events:
            return tracker
        if tracker.events[-1].timestamp >= self._cutoff() and tracker.events[0].timestamp >= self._age_cutoff():
            return tracker
        self._delete(self.SQLEvent.sender_id == tracker.sender_id)
        return None

    def _expire_idle(self) -> None:
        """Delete every conversation (all instances') whose newest event is older than the ttl, or whose
        oldest is older than the maximum age."""
        idle = (
            sa.select(self.SQLEvent.sender_id)
            .group_by(self.SQLEvent.sender_id)
            .having(
                sa.or_(
                    sa.func.max(self.SQLEvent.timestamp) < self._cutoff(),
                    sa.func.min(self.SQLEvent.timestamp) < self._age_cutoff(),
                )
            )
        )
        self._delete(self.SQLEvent.sender_id.in_(idle))

    def _cutoff(self) -> float:
        return time.time() - self.ttl_seconds

    def _age_cutoff(self) -> float:
        return time.time() - self.max_age_seconds

    def _delete(self, where: Any) -> None:
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(where).delete(synchronize_session=False)
            session.commit()

    def _row(self, sender_id: str, event: Event) -> Any:
        """One event as Rasa's SQLTrackerStore stores it."""
        data = event.as_dict()
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )
