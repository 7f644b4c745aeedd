"""Helpers shared by the actions: off-loop calls into bot/, slots as a dict, safety messages."""
from __future__ import annotations

import asyncio
from typing import Any, Callable, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation.questions import QUESTION_SLOTS, Safety
from bot.knowledge.queries import all_emergency_numbers
from bot.knowledge.service import get_knowledge_base
from bot.conversation.messages import emergency_message, self_harm_message

T = TypeVar("T")
SLOT_NAMES = (*QUESTION_SLOTS, "account", "country", "assessed", "emergency_shown")


async def off_loop(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking domain work (spaCy, SQL) in a thread so other conversations keep moving."""
    return await asyncio.to_thread(function, *args, **kwargs)


def slots_of(tracker: Tracker) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in SLOT_NAMES}


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


def _safety_texts(code: str | None, danger: bool, self_harm: bool, ask_if_safe: bool) -> list[str]:
    kb = get_knowledge_base()
    contacts = kb.emergency_contacts(code)
    numbers = all_emergency_numbers(kb)
    texts = []
    if danger or not self_harm:
        text = emergency_message(contacts, numbers)
        if not ask_if_safe:
            text = text.rsplit("\n", 1)[0] if "\n" in text else text
        texts.append(text)
    if self_harm:
        texts.append(self_harm_message(contacts, numbers))
    return texts


async def send_safety_first(dispatcher: CollectingDispatcher, code: str | None, safety: Safety | None = None,
                            *, ask_if_safe: bool = True) -> None:
    """Emergency number (and crisis line) before anything else."""
    danger = safety.danger_now if safety else True
    self_harm = safety.self_harm if safety else False
    for text in await off_loop(_safety_texts, code, danger, self_harm, ask_if_safe):
        dispatcher.utter_message(text=text)
