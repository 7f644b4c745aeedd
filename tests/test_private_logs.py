"""No person's words in any log of any process (issue 14), through the real servers.

The action server (with faults a message can trigger: tests/misbehaving_actions.py), the Rasa
server and the gateway are started as `make run` starts them, each writing its log to a file.
A whole conversation, a turn the gateway gives up on, and a crashing action then go through
the gateway with words no log could contain by chance, and every log is searched for them.
"""

from __future__ import annotations

import dataclasses
import json
import re
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from bot.settings import get_settings
from bot.supervisor import Stack
from tests.conftest import free_port
from tests.misbehaving_actions import CRASH, SLOW, SLOW_SECONDS
from tests.simulation.transports import GatewayTransport, _post

pytestmark = pytest.mark.rasa

GATEWAY_TIMEOUT = 20  # seconds the gateway waits for Rasa; SLOW turns take longer
# A word of the person's that no log could contain by chance, in every message they type.
WORD = "zq" + secrets.token_hex(5)
ACCOUNT = (
    f"my ex keeps messaging me every day from new accounts after I blocked him, he signs them {WORD}. I live in Texas"
)
AVOID = re.compile(r"stop|start over|restart|exit|leave|delete|not safe|unsafe|danger|emergency", re.I)


@pytest.fixture(scope="module")
def logged_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    stack = Stack(
        action_port=free_port(),
        rasa_port=free_port(),
        gateway_port=free_port(),
        log_dir=tmp_path_factory.mktemp("logs"),
        actions_package="tests.misbehaving_actions",
        env={"PYTHONUNBUFFERED": "1", "CYBERGUIDE_RASA_TIMEOUT": str(GATEWAY_TIMEOUT)},
        # A small event cap, so the conversation also goes on through a capped tracker.
        settings=dataclasses.replace(get_settings(), tracker_max_events=40),
    )
    stack.start(timeout=300)
    try:
        yield stack
    finally:
        stack.stop()


def _logs(stack: Stack) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8", errors="replace") for path in stack.log_dir.glob("*.log")}


def _texts(replies: list[dict[str, Any]]) -> str:
    return "\n".join(str(reply.get("text") or "") for reply in replies)


def _post_raw(url: str, body: dict[str, Any]) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode()


def test_no_words_of_the_person_in_any_log(logged_stack: Stack) -> None:
    gateway = logged_stack.gateway_url

    # A whole conversation, to the assessment, then a correction typed in words.
    person = GatewayTransport(gateway)
    person.say(f"hello {WORD}")
    replies = person.say(ACCOUNT)
    seen = list(replies)
    for _ in range(14):
        if "Who can help" in _texts(seen):
            break
        buttons = [b for r in replies for b in r.get("buttons") or [] if not AVOID.search(b.get("title", ""))]
        replies = person.tap(buttons[0]) if buttons else person.say(f"skip {WORD}")
        seen += replies
    assert "Who can help" in _texts(seen), _texts(seen)
    corrected = _texts(person.say(f"actually I'm in Ohio, {WORD}"))
    assert "Laws that may apply in Ohio" in corrected, "the capped conversation goes on where it was"

    # A turn the gateway gives up on: Rasa's REST channel sees the request cancelled.
    slow = GatewayTransport(gateway)
    status, _ = _post(f"{gateway}/api/message", {"text": f"{SLOW} {ACCOUNT}"}, slow.token, timeout=60)
    assert status >= 500, "the gateway should have given up on the slow turn"

    # An action that crashes with the person's words in its exception.
    crashing = GatewayTransport(gateway)
    crashing.say(f"{CRASH} {ACCOUNT}")

    # The action server's answer to a crash does not send the conversation back either.
    status, answer = _post_raw(
        f"{logged_stack.action_url}/webhook",
        {
            "next_action": "action_take_account",
            "tracker": {"sender_id": "x", "latest_message": {"text": f"{CRASH} {WORD}"}, "events": [], "slots": {}},
            "domain": {},
        },
    )
    assert status == 500 and WORD not in answer and CRASH not in answer, answer

    time.sleep(SLOW_SECONDS + 2)  # the slow turn finishes (or is cancelled) and is logged
    logs = _logs(logged_stack)
    assert set(logs) == {"actions.log", "rasa.log", "gateway.log"}
    # The faults did happen, and were logged (without the words).
    assert "rest.message.received.timeout" in logs["rasa.log"], logs["rasa.log"][-3000:]
    assert "Encountered an exception while running action" in logs["rasa.log"]
    assert "RuntimeError" in logs["actions.log"]
    for name, text in logs.items():
        for words in (WORD, CRASH, SLOW, "keeps messaging me"):
            assert words not in text, f"{name} holds the person's words ({words!r}):\n" + _around(text, words)


def _around(text: str, words: str, width: int = 600) -> str:
    at = text.find(words)
    return text[max(0, at - width) : at + width]
