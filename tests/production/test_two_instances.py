"""The production profile end to end: two Rasa servers sharing a real PostgreSQL (the forgetful SQL
tracker store) and a real Redis (the atomic lock store), an action server for each, the gateway in front.

One set of processes serves the whole module (the two Rasa servers start side by side); the test
that kills an instance comes last.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.channels.rasa_client import route
from bot.settings import get_settings
from bot.supervisor import Stack
from rasa_addons.lock_store import AtomicRedisLockStore
from tests.actions.test_rasa_conversation import Chat, skip_everything
from tests.conftest import free_port
from tests.services import HAVE_POSTGRES, HAVE_REDIS, postgres_server, redis_server
from tests.simulation.transports import GatewayTransport

pytestmark = [
    pytest.mark.rasa,
    pytest.mark.skipif(not (HAVE_POSTGRES and HAVE_REDIS), reason="needs PostgreSQL and redis-server"),
]

ACCOUNT = "my ex keeps messaging me every day from new accounts after I blocked him"


@dataclasses.dataclass
class Profile:
    stack: Stack
    database_url: str
    redis_url: str

    def events(self, sender: str) -> list[dict[str, Any]]:
        """The conversation's stored events, in the order Rasa stored them."""
        engine = sa.create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                query = sa.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id")
                return [json.loads(data) for (data,) in connection.execute(query, s=sender)]
        finally:
            engine.dispose()

    def senders(self) -> set[str]:
        engine = sa.create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return {s for (s,) in connection.execute(sa.text("SELECT DISTINCT sender_id FROM events"))}
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Profile]:
    with postgres_server() as database_url, redis_server() as redis_url:
        settings = dataclasses.replace(get_settings(), tracker_store_url=database_url, redis_url=redis_url)
        stack = Stack(
            rasa_ports=[free_port(), free_port()],
            action_ports=[free_port(), free_port()],
            gateway_port=free_port(),
            log_dir=tmp_path_factory.mktemp("logs"),
            settings=settings,
        )
        started = time.monotonic()
        stack.start(timeout=300)
        print(f"two Rasa instances up in {time.monotonic() - started:.0f} s")
        try:
            yield Profile(stack, database_url, redis_url)
        finally:
            stack.stop()


class AlternatingChat(Chat):
    """A chat whose every message goes to the next Rasa instance in turn."""

    def __init__(self, urls: list[str]) -> None:
        super().__init__(urls[0], channel="web")
        self.urls = [f"{url}/webhooks/rest/webhook" for url in urls]
        self.sent = 0

    def say(self, text: str) -> list[dict]:
        self.url = self.urls[self.sent % len(self.urls)]
        self.sent += 1
        return super().say(text)


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def past_the_safety_question(say: Callable[[str], list[dict]], asked: list[dict]) -> list[dict]:
    """When the account reads like possible danger, "Are you safe right now?" comes first: answer it."""
    if "Are you safe right now?" in texts(asked):
        return say("yes")
    return asked


def test_every_process_runs_with_telemetry_off(profile: Profile) -> None:
    assert len(profile.stack.processes) == 5  # two action servers, two Rasa servers, the gateway
    for process in profile.stack.processes:
        environment = Path(f"/proc/{process.pid}/environ").read_bytes().split(b"\0")
        assert b"RASA_TELEMETRY_ENABLED=false" in environment


def test_a_conversation_alternating_between_two_instances_keeps_its_state(profile: Profile) -> None:
    chat = AlternatingChat(profile.stack.rasa_urls)
    chat.say("hello")  # instance 1
    asked = chat.say(ACCOUNT)  # instance 2: the form starts (the safety question, then where they live)
    assert "not your fault" in texts(asked)
    asked = past_the_safety_question(chat.say, asked)
    assert "Where do you live" in texts(asked), texts(asked)
    # Instance 1 hears "Texas" as the answer to instance 2's question, and so on to the end.
    seen = chat.answer_until(chat.say("Texas"), "Who can help", skip_everything)
    assert "Laws that may apply in Texas" in texts(seen)
    assert chat.sent > 4
    stored = profile.events(chat.sender)
    assert any(e.get("event") == "user" and e.get("text") == ACCOUNT for e in stored)

    # "stop" on one instance: the rows before it are deleted from PostgreSQL, and the other
    # instance hears the same account afresh.
    assert "cleared what you told me" in texts(chat.say("stop"))
    assert not any(ACCOUNT in json.dumps(e) for e in profile.events(chat.sender))
    assert "Thank you for telling me" in texts(chat.say(ACCOUNT))


def test_concurrent_messages_to_one_conversation_are_handled_one_at_a_time_in_order(profile: Profile) -> None:
    """Six messages sent 0.3 s apart to both instances while the conversation's lock is held (as by
    a slow turn): all six wait in flight together, then the lock in Redis lets them through one
    whole turn after another, in the order they came."""
    chat = AlternatingChat(profile.stack.rasa_urls)
    chat.say("hello")
    messages = [f"he sent message number {n} from a new account" for n in range(6)]
    urls = profile.stack.rasa_urls
    failures: list[BaseException] = []
    answered: list[int] = []

    def send(n: int) -> None:
        one = Chat(urls[n % 2], channel="web")
        one.sender = chat.sender
        time.sleep(0.3 * n)
        try:
            assert one.say(messages[n])
        except BaseException as error:  # reported below
            failures.append(error)
        answered.append(n)

    slow_turn = AtomicRedisLockStore(url=profile.redis_url)
    ticket = slow_turn.issue_ticket(chat.sender)
    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(messages))]
    for thread in threads:
        thread.start()
    time.sleep(0.3 * len(messages) + 1)
    assert answered == []  # all six are waiting for the turn in progress
    slow_turn.cleanup(chat.sender, ticket)
    for thread in threads:
        thread.join(timeout=240)
    assert not failures, failures
    stored = profile.events(chat.sender)
    said = [e["text"] for e in stored if e.get("event") == "user"]
    assert said[-len(messages) :] == messages
    assert_turns_do_not_overlap(stored)


def test_a_burst_to_both_instances_at_once_is_handled_one_turn_at_a_time(profile: Profile) -> None:
    """Eight messages released together, four to each instance: the instances draw their lock
    tickets at the same moment (where Rasa's own RedisLockStore can hand out one number twice)."""
    chat = AlternatingChat(profile.stack.rasa_urls)
    chat.say("hello")
    messages = [f"he wrote to me again, message {n}" for n in range(8)]
    urls = profile.stack.rasa_urls
    start = threading.Barrier(len(messages))
    failures: list[BaseException] = []

    def send(n: int) -> None:
        one = Chat(urls[n % 2], channel="web")
        one.sender = chat.sender
        start.wait()
        try:
            assert one.say(messages[n])
        except BaseException as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(messages))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert not failures, failures
    stored = profile.events(chat.sender)
    said = [e["text"] for e in stored if e.get("event") == "user"]
    assert sorted(said[-len(messages) :]) == sorted(messages)  # each once; their order is the race's
    assert_turns_do_not_overlap(stored)


def assert_turns_do_not_overlap(stored: list[dict[str, Any]]) -> None:
    """Each message was read only after the turn before it had ended (the bot listening)."""
    for i, event in enumerate(stored):
        if event.get("event") == "user" and i > 0:
            before = [e for e in stored[:i] if e.get("event") == "action"]
            assert before and before[-1].get("name") == "action_listen", f"turns overlap at event {i}"


def test_an_instance_killed_mid_conversation_and_the_other_carries_on(profile: Profile) -> None:
    before = profile.senders()
    person = GatewayTransport(profile.stack.gateway_url)
    asked = past_the_safety_question(person.say, person.say(ACCOUNT))
    assert "Where do you live" in texts(asked), texts(asked)
    (sender,) = profile.senders() - before  # the gateway's id for this conversation
    home = route(sender, profile.stack.rasa_urls)[0]
    victim = profile.stack.rasa_processes[profile.stack.rasa_urls.index(home)]
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)

    # The gateway finds the instance gone and the other one answers, knowing the question it asked.
    replies = person.say("Texas")
    assert "Where do you live" not in texts(replies)
    seen = list(replies)
    for _ in range(14):
        if "Who can help" in texts(seen):
            break
        buttons = [b for r in replies for b in r.get("buttons") or []]
        assert buttons, texts(replies)
        skips = [b for b in buttons if b["title"].lower() in {"skip", "i don't know", "not sure", "no"}]
        replies = person.tap((skips or buttons)[-1])
        seen += replies
    assert "Laws that may apply in Texas" in texts(seen), texts(seen)
    assert "a rasa instance is not reachable" in (profile.stack.log_dir / "gateway.log").read_text()


def test_no_words_of_the_people_in_any_log(profile: Profile) -> None:
    """After all of the above (PostgreSQL, Redis, a burst, a killed instance), every process's log is
    still free of what the people wrote."""
    logs = {path.name: path.read_text(errors="replace") for path in profile.stack.log_dir.glob("*.log")}
    assert {"rasa.log", "rasa-2.log", "actions.log", "actions-2.log", "gateway.log"} <= set(logs)
    for words in (ACCOUNT, "message number 3", "he wrote to me again", "Texas"):
        assert not [name for name, text in logs.items() if words in text], words
