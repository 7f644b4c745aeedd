"""An in-memory tracker store that forgets: on restart or quick exit, and after idle time.

Survivors are promised that nothing is kept. Rasa's InMemoryTrackerStore keeps every event of
every conversation until the process ends, even after a restart; this store follows the
forgetting rules of :mod:`rasa_addons.forgetting` (nothing before the latest restart, idle
conversations dropped after `ttl_minutes`, the account once, at most `max_events` events). For
several Rasa instances sharing one database, see :mod:`rasa_addons.sql_tracker_store`.

Creating it also installs the guards that keep people's words out of Rasa's logs
(`rasa_addons.private_logs`), the safe answer when an action cannot run and the check of the
action server's answers by one validator (`rasa_addons.server_setup`): Rasa creates it once it
has set up its logging.
"""

from __future__ import annotations

import time
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_addons.forgetting import Forgetting
from rasa_addons.server_setup import prepare_rasa_server


class ForgetfulTrackerStore(Forgetting, InMemoryTrackerStore):
    def __init__(
        self,
        domain: Domain,
        event_broker: EventBroker | None = None,
        ttl_minutes: float = 60,
        max_events: int = 500,
        sweep_seconds: float | None = None,
        **kwargs: dict[str, Any],
    ) -> None:
        prepare_rasa_server()
        super().__init__(domain, event_broker, **kwargs)
        self._setup_forgetting(ttl_minutes, max_events, sweep_seconds)
        self.last_seen: dict[str, float] = {}

    async def save(self, tracker: DialogueStateTracker) -> None:
        self._start_sweeping()
        tracker, _ = self._kept(tracker)
        self._expire_idle()
        self.last_seen[tracker.sender_id] = time.monotonic()
        await super().save(tracker)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        self._start_sweeping()
        self._expire_idle()
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        self._start_sweeping()
        self._expire_idle()
        return await super().retrieve_full_tracker(sender_id)

    def _expire_idle(self) -> None:
        cutoff = time.monotonic() - self.ttl_seconds
        for sender_id in [s for s, seen in self.last_seen.items() if seen < cutoff]:
            self.store.pop(sender_id, None)
            self.last_seen.pop(sender_id, None)
