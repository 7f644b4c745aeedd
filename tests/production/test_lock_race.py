"""Rasa 3.6's RedisLockStore races across instances; AtomicRedisLockStore does not (real Redis).

Two processes stand for two Rasa instances: each draws tickets for one conversation from its own
lock store, as Rasa does for every message. With Rasa's store they draw the same ticket numbers
(so both would process the conversation at once); with the atomic store every ticket is unique.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator

import pytest
from rasa.core.lock_store import LockStore, RedisLockStore

from rasa_addons.lock_store import AtomicRedisLockStore
from tests.services import HAVE_REDIS, redis_server

pytestmark = pytest.mark.skipif(not HAVE_REDIS, reason="no redis-server (make test installs it)")

TICKETS = 300  # per process; with Rasa's store a clash shows within the first few dozen


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    with redis_server() as url:
        yield url


def make_store(kind: str, url: str) -> LockStore:
    if kind == "atomic":
        return AtomicRedisLockStore(url=url)
    host, port = url.removeprefix("redis://").split("/")[0].split(":")
    return RedisLockStore(host=host, port=int(port), db=0)


def draw_tickets(kind: str, url: str, conversation: str, start: multiprocessing.synchronize.Event) -> list[int]:
    store = make_store(kind, url)
    start.wait()
    return [store.issue_ticket(conversation, lock_lifetime=600) for _ in range(TICKETS)]


def tickets_from_two_instances(kind: str, url: str, conversation: str) -> list[int]:
    context = multiprocessing.get_context("spawn")  # no fork of a process that has threads (pytest, Rasa)
    with context.Manager() as manager:
        start = manager.Event()
        with context.Pool(2) as pool:
            results = [pool.apply_async(draw_tickets, (kind, url, conversation, start)) for _ in range(2)]
            start.set()
            return [ticket for result in results for ticket in result.get(timeout=120)]


def test_rasas_redis_lock_store_gives_two_instances_the_same_ticket(redis_url: str) -> None:
    tickets = tickets_from_two_instances("rasa", redis_url, "race-rasa")
    assert len(set(tickets)) < len(tickets), "no ticket was drawn twice: the race did not show this time"


def test_the_atomic_lock_store_gives_every_ticket_once(redis_url: str) -> None:
    tickets = tickets_from_two_instances("atomic", redis_url, "race-atomic")
    assert sorted(tickets) == list(range(2 * TICKETS))


def test_the_atomic_lock_store_serves_in_order_and_cleans_up(redis_url: str) -> None:
    store = AtomicRedisLockStore(url=redis_url)
    first = store.issue_ticket("order")
    second = store.issue_ticket("order")
    lock = store.get_lock("order")
    assert lock is not None and not lock.is_locked(first) and lock.is_locked(second)
    store.cleanup("order", first)
    lock = store.get_lock("order")
    assert lock is not None and not lock.is_locked(second)
    store.cleanup("order", second)
    assert store.get_lock("order") is None
