"""cyberguide's actions, with two faults a test can trigger by what a person writes.

Started as the action server's package by tests/test_private_logs.py (`--actions
tests.misbehaving_actions`): a message containing SLOW makes every action wait SLOW_SECONDS
(so the gateway gives up on the turn), and one containing CRASH makes the action raise an
exception whose message quotes the person's words, as a careless bug might.
"""

from __future__ import annotations

import asyncio
import importlib
import pkgutil
from typing import Any

from rasa_sdk.executor import ActionExecutor

import actions

# Every module of the real actions, so they are all registered (a list written out here once missed the
# greeting's, and the first "hello" got the safe answer).
for _module in pkgutil.iter_modules(actions.__path__):
    if _module.name != "__main__":
        importlib.import_module(f"actions.{_module.name}")

SLOW = "slowturnplease"
CRASH = "crashturnplease"
SLOW_SECONDS = 30.0

_run = ActionExecutor.run


async def _misbehaving_run(self: ActionExecutor, action_call: dict[str, Any]) -> dict[str, Any] | None:
    text = str(((action_call.get("tracker") or {}).get("latest_message") or {}).get("text") or "")
    if SLOW in text:
        await asyncio.sleep(SLOW_SECONDS)
    if CRASH in text:
        raise RuntimeError(f"could not read {text!r}")
    return await _run(self, action_call)


ActionExecutor.run = _misbehaving_run  # type: ignore[method-assign]
