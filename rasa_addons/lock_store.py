"""A Redis lock store whose every change is atomic, for several Rasa instances.

Rasa 3.6's RedisLockStore changes a conversation's ticket lock by reading it, changing it in
Python and writing it back (GET, then SET): nothing stops another Rasa instance from doing the
same in between. Two instances handling messages of one conversation can then draw the same
ticket (both process the conversation at once, and one's events overwrite or interleave with the
other's), one can write back a lock without the other's new ticket, or delete the lock the other
just took a ticket on (its message then fails with a LockError). Within one instance it cannot
happen (the steps run with no await between them), which is why the gateway keeps a conversation
on one instance (bot/channels/rasa_client.py); this store closes the gap for the moments it moves
(failover) by doing each read-change-write in a Redis transaction (WATCH/MULTI, retried if the
lock changed meanwhile). `tests/integration/test_lock_race.py` shows the race and the fix.

endpoints.yml: ``type: rasa_addons.lock_store.AtomicRedisLockStore`` with ``url: ${CYBERGUIDE_REDIS_URL}``
(redis://[:password@]host:port/db, so the password stays in the environment).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import DEFAULT_SOCKET_TIMEOUT_IN_SECONDS, LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig | None = None, url: str = "redis://localhost:6379/1") -> None:
        """Rasa passes `endpoint_config` (its `url` a redis:// URL); tests may pass `url`."""
        url = (endpoint_config.url if endpoint_config else None) or url
        prefix = (endpoint_config.kwargs.get("key_prefix") if endpoint_config else None) or "cyberguide"
        super().__init__(key_prefix=prefix)
        self.red = redis.StrictRedis.from_url(url, socket_timeout=DEFAULT_SOCKET_TIMEOUT_IN_SECONDS)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: TicketLock | None) -> tuple[TicketLock | None, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def finish(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, finish)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Give back the ticket, and delete the lock only if no ticket is left (in the same transaction)."""

        def finish(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock:
                lock.remove_ticket_for(ticket_number)
                if not lock.is_someone_waiting():
                    return None, None
            return lock, None

        self._change(conversation_id, finish)

    def _change(self, conversation_id: str, change: Callable[[TicketLock | None], tuple[TicketLock | None, T]]) -> T:
        """Read the lock, `change` it and write it back (None: delete it), as one Redis transaction."""
        key = self.key_prefix + conversation_id

        def transaction(pipe: Any) -> T:
            raw = pipe.get(key)
            lock, result = change(TicketLock.from_dict(json.loads(raw)) if raw else None)
            pipe.multi()
            if lock is None:
                pipe.delete(key)
            else:
                pipe.set(key, lock.dumps())
            return result

        return self.red.transaction(transaction, key, value_from_callable=True)
