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
from bot.conversation.control import SESSION_END

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
        self._pending: dict[str, float] = {}  # conversation id -> when it was first owed

    def pending(self, conversation_id: str) -> bool:
        """Whether Rasa has yet to confirm it forgot this conversation."""
        return conversation_id in self._pending

    def __len__(self) -> int:
        return len(self._pending)

    def owe(self, conversation_id: str) -> None:
        """Remember to make Rasa forget this conversation on the next sweep."""
        self._pending.setdefault(conversation_id, self._clock())

    async def forget(self, rasa: RasaClient | None, conversation_id: str) -> bool:
        """Make Rasa forget now (retrying once); True when Rasa confirmed, else it is owed."""
        for attempt in range(self.attempts):
            if attempt:
                await asyncio.sleep(self.pause * attempt)
            if await self._tell(rasa, conversation_id):
                self._pending.pop(conversation_id, None)
                return True
        self.owe(conversation_id)
        return False

    async def retry(self, rasa: RasaClient | None) -> int:
        """One more try for each owed conversation, oldest first, stopping at the first failure
        (Rasa is still down: no point queueing more calls behind it); return how many are owed."""
        now = self._clock()
        for conversation_id, since in list(self._pending.items()):
            if now - since > self.give_up_after:
                # Rasa drops conversations idle this long by itself.
                del self._pending[conversation_id]
            elif await self._tell(rasa, conversation_id):
                self._pending.pop(conversation_id, None)
            else:
                break
        return len(self._pending)

    @staticmethod
    async def _tell(rasa: RasaClient | None, conversation_id: str) -> bool:
        if rasa is None:
            return False
        try:
            await rasa.send(conversation_id, SESSION_END)
        except RasaUnavailable as error:
            log.warning("could not end a conversation in rasa: %s", error)
            return False
        return True
