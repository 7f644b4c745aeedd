"""Making Rasa forget a conversation, and saying so only when it has.

Quick exit, "delete this chat" and idle timeouts all end with Rasa dropping the conversation. If
Rasa cannot be reached, the gateway must not tell the person it is gone: it tries again at once,
then keeps the id and tries again on every sweep until Rasa confirms (or until Rasa's own idle
time limit has passed, when there is nothing left to forget).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from bot.channels.rasa_client import RasaClient, RasaUnavailable
from bot.conversation.control import SESSION_END, SESSION_END_DELETING_SHARED

log = logging.getLogger("cyberguide.gateway")


class Forgetter:
    """Tells Rasa to forget conversations; remembers (by id only) the ones it could not yet."""

    def __init__(
        self,
        give_up_after: float,
        attempts: int = 2,
        pause: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.give_up_after = give_up_after
        self.attempts = attempts
        self.pause = pause
        self._clock = clock
        # conversation id -> (when it was first owed, the control message owed: a plain end or a delete)
        self._pending: dict[str, tuple[float, str]] = {}

    def pending(self, conversation_id: str) -> bool:
        """Whether Rasa has yet to confirm it forgot this conversation."""
        return conversation_id in self._pending

    def __len__(self) -> int:
        return len(self._pending)

    def owe(self, conversation_id: str, delete_shared: bool = False) -> None:
        """Remember to make Rasa forget this conversation on the next sweep (a delete is never
        downgraded to a plain end by a later one)."""
        since, message = self._pending.get(conversation_id, (self._clock(), SESSION_END))
        self._pending[conversation_id] = (since, SESSION_END_DELETING_SHARED if delete_shared else message)

    async def forget(self, rasa: RasaClient | None, conversation_id: str, delete_shared: bool = False) -> bool:
        """Make Rasa forget now (retrying once); True when Rasa confirmed, else it is owed.

        `delete_shared`: the person asked to delete their data, so a summary they shared with the
        helpline goes too (a quick exit or an expiry keeps it).
        """
        owed = self._pending.get(conversation_id)
        delete_shared = delete_shared or (owed is not None and owed[1] == SESSION_END_DELETING_SHARED)
        message = SESSION_END_DELETING_SHARED if delete_shared else SESSION_END
        for attempt in range(self.attempts):
            if attempt:
                await asyncio.sleep(self.pause * attempt)
            if await self._tell(rasa, conversation_id, message):
                self._pending.pop(conversation_id, None)
                return True
        self.owe(conversation_id, delete_shared)
        return False

    async def retry(self, rasa: RasaClient | None) -> int:
        """One more try for each owed conversation, oldest first, stopping at the first failure
        (Rasa is still down: no point queueing more calls behind it); return how many are owed."""
        now = self._clock()
        for conversation_id, (since, message) in list(self._pending.items()):
            if now - since > self.give_up_after:
                # Rasa drops conversations idle this long by itself.
                del self._pending[conversation_id]
            elif await self._tell(rasa, conversation_id, message):
                self._pending.pop(conversation_id, None)
            else:
                break
        return len(self._pending)

    @staticmethod
    async def _tell(rasa: RasaClient | None, conversation_id: str, message: str) -> bool:
        if rasa is None:
            return False
        try:
            await rasa.send(conversation_id, message)
        except RasaUnavailable as error:
            log.warning("could not end a conversation in rasa: %s", error)
            return False
        return True
