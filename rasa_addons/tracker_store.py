"""An in-memory tracker store that forgets: on restart or quick exit, and after idle time.

Survivors are promised that nothing is kept. Rasa's InMemoryTrackerStore keeps every
event of every conversation until the process ends, even after a restart; this store
drops everything before the latest `Restarted` event (sent by "start over", "delete my
data" and the widget's quick exit) and drops conversations idle for `ttl_minutes`.
Creating it also installs the guards that keep people's words out of Rasa's logs
(`rasa_addons.private_logs`): Rasa creates it once it has set up its logging.
"""

from __future__ import annotations

import time
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Restarted
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_addons.private_logs import guard_rasa_logs


class ForgetfulTrackerStore(InMemoryTrackerStore):
    def __init__(
        self, domain: Domain, event_broker: EventBroker | None = None, ttl_minutes: float = 60, **kwargs: dict[str, Any]
    ) -> None:
        guard_rasa_logs()
        super().__init__(domain, event_broker, **kwargs)
        self.ttl_seconds = float(ttl_minutes) * 60
        self.last_seen: dict[str, float] = {}

    async def save(self, tracker: DialogueStateTracker) -> None:
        events = list(tracker.events)
        restarts = [i for i, event in enumerate(events) if isinstance(event, Restarted)]
        if restarts:
            tracker = DialogueStateTracker.from_events(
                tracker.sender_id, events[restarts[-1] + 1 :], self.domain.slots if self.domain else []
            )
        self._expire_idle()
        self.last_seen[tracker.sender_id] = time.monotonic()
        await super().save(tracker)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        self._expire_idle()
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        self._expire_idle()
        return await super().retrieve_full_tracker(sender_id)

    def _expire_idle(self) -> None:
        cutoff = time.monotonic() - self.ttl_seconds
        for sender_id in [s for s, seen in self.last_seen.items() if seen < cutoff]:
            self.store.pop(sender_id, None)
            self.last_seen.pop(sender_id, None)
