"""Faults, each made by stopping a real process (issue 15): never silence, emergency numbers first.

One stack for the module (the real action server with the faults of tests/misbehaving_actions.py,
the Rasa server with the trained model, the gateway), plus two more gateways: one that gives up on
Rasa after a few seconds, and one whose Rasa is not running. Only the action server is stopped and
started again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bot.conversation.fallback import cannot_reply, load_numbers
from bot.supervisor import Stack, action_server_command, service_env, wait_for
from tests.conftest import free_port
from tests.misbehaving_actions import SLOW
from tests.simulation.transports import GatewayTransport, TelegramTransport, _post

pytestmark = pytest.mark.rasa

ACCOUNT = "my ex keeps messaging me every day from new accounts after I blocked him. I live in Texas"
IMPATIENT = 3  # seconds the impatient gateway waits for Rasa
DANGER_LINE = "If you are in danger now, call "


class FaultStack:
    """The module's processes, with the action server that can be stopped and started again."""

    def __init__(self, stack: Stack, impatient: str, orphan: str) -> None:
        self.stack = stack
        self.impatient_url = impatient  # a gateway that waits IMPATIENT seconds for Rasa
        self.orphan_url = orphan  # a gateway whose Rasa is not running (connection refused)

    def _env(self) -> dict[str, str]:
        return {**service_env(), **self.stack.env, "CYBERGUIDE_RASA_URL": self.stack.rasa_url}

    def _actions(self) -> subprocess.Popen:
        return next(p for p in self.stack.processes if "actions" in p.args and p.poll() is None)

    def stop_actions(self) -> None:
        process = self._actions()
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)

    def start_actions(self) -> None:
        stack = self.stack
        args = action_server_command(stack.actions_package, stack.action_port)
        env = {**self._env(), "SANIC_HOST": stack.settings.action_host}
        process = stack._spawn("actions-again", args, env)
        wait_for(f"{stack.action_url}/health", 120, process)

    def gateway(self, name: str, **env: str) -> str:
        port = free_port()
        args = [sys.executable, "-m", "bot.channels.web", "--port", str(port)]
        process = self.stack._spawn(name, args, {**self._env(), **env})
        url = f"http://127.0.0.1:{port}"
        wait_for(f"{url}/healthz", 60, process)
        return url


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory, kb: Any) -> Iterator[FaultStack]:
    # `kb`: the knowledge database is loaded before the servers read their emergency numbers from it.
    stack = Stack(
        action_port=free_port(),
        rasa_port=free_port(),
        gateway_port=free_port(),
        log_dir=tmp_path_factory.mktemp("fault-logs"),
        actions_package="tests.misbehaving_actions",
        env={"PYTHONUNBUFFERED": "1"},
    )
    try:
        stack.start(timeout=300)
        faults = FaultStack(stack, "", "")
        faults.impatient_url = faults.gateway("gateway-impatient", CYBERGUIDE_RASA_TIMEOUT=str(IMPATIENT))
        faults.orphan_url = faults.gateway("gateway-orphan", CYBERGUIDE_RASA_URL=f"http://127.0.0.1:{free_port()}")
        yield faults
    finally:
        stack.stop()


@pytest.fixture(scope="module")
def safe_answer() -> str:
    """The safe answer with every country's emergency number, as the servers give it."""
    load_numbers().join()
    answer = cannot_reply()
    assert answer.startswith(DANGER_LINE + "000 in Australia, 911 in Canada") and "112 in Ireland" in answer
    return answer


def _texts(replies: list[dict[str, Any]]) -> str:
    """The replies' texts as one (Rasa sends each paragraph of a line as a message of its own)."""
    return "\n\n".join(str(reply.get("text") or "") for reply in replies)


def _error(url: str, token: str, text: str, timeout: float = 60) -> tuple[int, str, float]:
    started = time.monotonic()
    status, body = _post(f"{url}/api/message", {"text": text}, token, timeout=timeout)
    return status, str((body or {}).get("error") or ""), time.monotonic() - started


def _until_numbers(url: str, text: str, safe_answer: str) -> tuple[int, str, float]:
    """A gateway reads the numbers in the background as it starts: ask until it has them (a few seconds)."""
    person = GatewayTransport(url)
    deadline = time.monotonic() + 30
    while True:
        status, error, took = _error(url, person.token, text)
        if error == safe_answer or time.monotonic() > deadline:
            return status, error, took
        assert error.startswith(DANGER_LINE), error
        time.sleep(1)


def test_action_server_down_gives_the_safe_answer_and_the_conversation_goes_on_when_it_is_back(
    faults: FaultStack, safe_answer: str
) -> None:
    person = GatewayTransport(faults.stack.gateway_url)
    greeting = _texts(person.say("hello"))
    assert greeting and safe_answer not in greeting

    faults.stop_actions()
    try:
        down = _texts(person.say(ACCOUNT))
        assert safe_answer in down, down  # never silence: the safe answer, emergency numbers first
        assert down.count(safe_answer) == 1, "once per message, however many actions failed"
        again = _texts(person.say(ACCOUNT))
        assert again.count(safe_answer) == 1, again
    finally:
        faults.start_actions()

    # Back: the person sends the message again, as the safe answer asked, and the conversation goes on.
    replies = person.say(ACCOUNT)
    texts = _texts(replies)
    assert safe_answer not in texts and "not your fault" in texts, texts
    seen = list(replies)
    for _ in range(14):
        if "Who can help" in _texts(seen):
            break
        buttons = [b for r in replies for b in r.get("buttons") or [] if b.get("title") in ("Skip", "Not sure")]
        buttons = buttons or [b for r in replies for b in r.get("buttons") or []][-1:]
        assert buttons, _texts(replies)
        replies = person.tap(buttons[0])
        seen += replies
    everything = _texts(seen)
    assert "Who can help" in everything and "Laws that may apply in Texas" in everything, everything


async def test_action_server_down_on_telegram_gives_the_safe_answer(faults: FaultStack, safe_answer: str) -> None:
    import asyncio

    from tests.channels.telegram.support import telegram_in_front_of

    loop = asyncio.get_running_loop()
    async with telegram_in_front_of(faults.stack.rasa_url) as (telegram, _):
        person = TelegramTransport(telegram, loop, timeout=60)
        await asyncio.to_thread(person.say, "hello")
        await asyncio.to_thread(faults.stop_actions)
        try:
            down = _texts(await asyncio.to_thread(person.say, ACCOUNT))
        finally:
            await asyncio.to_thread(faults.start_actions)
        back = _texts(await asyncio.to_thread(person.say, ACCOUNT))
    assert safe_answer in down, down
    assert safe_answer not in back and "not your fault" in back, back


def test_gateway_gives_the_same_safe_answer_when_rasa_is_too_slow(faults: FaultStack, safe_answer: str) -> None:
    status, error, took = _until_numbers(faults.impatient_url, f"{SLOW} {ACCOUNT}", safe_answer)
    assert status == 504 and error == safe_answer
    assert took < IMPATIENT + 5, "the gateway gives up on time"


def test_gateway_gives_the_same_safe_answer_when_rasa_is_down(faults: FaultStack, safe_answer: str) -> None:
    status, error, _ = _until_numbers(faults.orphan_url, ACCOUNT, safe_answer)
    assert status == 503 and error == safe_answer
