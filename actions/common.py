"""Helpers shared by the actions: off-loop calls into bot/, slots as a dict, safety messages."""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation.questions import QUESTION_SLOTS, Safety
from bot.conversation.turns import safety_texts

T = TypeVar("T")
SLOT_NAMES = (*QUESTION_SLOTS, "account", "country", "assessed", "emergency_shown", "failed_answers")


async def off_loop(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking domain work (spaCy, SQL) in a thread so other conversations keep moving."""
    return await asyncio.to_thread(function, *args, **kwargs)


def slots_of(tracker: Tracker) -> dict[str, Any]:
    """The slots bot/ reads, as a plain dict."""
    return {name: tracker.get_slot(name) for name in SLOT_NAMES}


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


async def send_safety_first(dispatcher: CollectingDispatcher, code: str | None, safety: Safety | None = None,
                            *, ask_if_safe: bool = True) -> None:
    """Emergency number (and crisis line) before anything else; which ones is bot/'s call (`safety_texts`)."""
    for text in await off_loop(safety_texts, code, safety, ask_if_safe):
        dispatcher.utter_message(text=text)
