"""The forgetting rules every cyberguide tracker store shares, whatever it stores in.

Survivors are promised that nothing is kept: a store drops everything before the latest
`Restarted` event (sent by "start over", "I'm done" or "stop", "delete my data" and the widget's
quick exit), forgets conversations idle for `ttl_minutes` (swept every `sweep_seconds`, whether
or not another conversation comes along) and keeps each conversation small: the account (up to
20,000 characters, set again as it grows) once, in its latest value, and only the newest
`max_events` events, the older ones replaced by the slots and form they led to (as Rasa's own
session start carries slots over), so the person's conversation goes on exactly where it was.

Written once here so the in-memory store (one process) and the SQL store (several Rasa
instances) cannot drift apart; each says only how it expires idle conversations.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, Event, Restarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

log = logging.getLogger(__name__)

# Slots that hold the whole account: only their latest value is worth keeping.
WHOLE_VALUE_SLOTS = frozenset({"account"})
ACTION_LISTEN = "action_listen"


class Forgetting:
    """Mixin for a Rasa tracker store: what to keep of a conversation, and a timer that expires idle ones."""

    domain: Domain | None

    def _setup_forgetting(self, ttl_minutes: float, max_events: int, sweep_seconds: float | None) -> None:
        self.ttl_seconds = float(ttl_minutes) * 60
        self.max_events = int(max_events)
        # Often enough that nothing outlives its time by more than a tenth (at most a minute).
        self.sweep_seconds = float(sweep_seconds) if sweep_seconds else min(60.0, max(1.0, self.ttl_seconds / 10))
        self._sweeper: asyncio.Task[None] | None = None

    def _expire_idle(self) -> None:
        """Forget every conversation idle for longer than the ttl (each store knows where they are)."""
        raise NotImplementedError

    def _kept(self, tracker: DialogueStateTracker) -> tuple[DialogueStateTracker, bool]:
        """What is worth keeping of `tracker` (nothing before its latest restart, the account once,
        only the newest `max_events` events after the slots and form the older ones led to), and
        whether anything was cut."""
        events = list(tracker.events)
        restarts = [i for i, event in enumerate(events) if isinstance(event, Restarted)]
        cut = bool(restarts)
        if restarts:
            events = events[restarts[-1] + 1 :]
        latest = {
            event.key: i
            for i, event in enumerate(events)
            if isinstance(event, SlotSet) and event.key in WHOLE_VALUE_SLOTS
        }
        if len([e for e in events if isinstance(e, SlotSet) and e.key in WHOLE_VALUE_SLOTS]) > len(latest):
            events = [
                e
                for i, e in enumerate(events)
                if not (isinstance(e, SlotSet) and e.key in WHOLE_VALUE_SLOTS and latest[e.key] != i)
            ]
            cut = True
        if len(events) > self.max_events:
            events = self._capped(tracker.sender_id, events)
            cut = True
        if not cut:
            return tracker, False
        return DialogueStateTracker.from_events(tracker.sender_id, events, self._slots()), True

    def _capped(self, sender_id: str, events: list[Event]) -> list[Event]:
        """The newest events (from a moment the bot listened), after the slots and form they started from."""
        start = len(events) - self.max_events
        start = next(
            (
                i
                for i in range(start, len(events))
                if isinstance(events[i], ActionExecuted) and events[i].action_name == ACTION_LISTEN
            ),
            start,
        )
        tail = events[start:]
        before = DialogueStateTracker.from_events(sender_id, events[:start], self._slots())
        when = tail[0].timestamp if tail else time.time()
        carried: list[Event] = [
            SlotSet(name, slot.value, timestamp=when)
            for name, slot in before.slots.items()
            if slot.value != slot.initial_value
        ]
        if before.active_loop_name:
            carried.append(ActiveLoop(before.active_loop_name, timestamp=when))
        log.debug("a conversation was capped at %d events", self.max_events)
        return carried + tail

    def _slots(self) -> list[Any]:
        return list(self.domain.slots) if self.domain else []

    def _start_sweeping(self) -> None:
        """Expire idle conversations on a timer too, so none waits for another conversation to come along."""
        loop = asyncio.get_running_loop()
        # A new loop (Rasa's command-line tools run one per call) gets a sweeper of its own.
        if self._sweeper is None or self._sweeper.done() or self._sweeper.get_loop() is not loop:
            self._sweeper = loop.create_task(self._sweep())

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(self.sweep_seconds)
            try:
                self._expire_idle()
            except Exception:  # a database away for a moment must not end the sweeping for good
                log.exception("could not expire idle conversations; trying again in %.0f s", self.sweep_seconds)
