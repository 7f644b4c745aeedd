"""Helpers shared by the actions: off-loop calls into bot/, slots as a dict, safety messages."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation.buttons import read_choice
from bot.conversation.questions import QUESTION_SLOTS, Safety, button_values, question_for
from bot.conversation.replies import buttons, reply
from bot.conversation.turns import nlu_danger, safety_texts

T = TypeVar("T")
SLOT_NAMES = (
    *QUESTION_SLOTS,
    "safe_now",
    "safety_check",
    "account",
    "country",
    "assessed",
    "assessed_as",
    "emergency_shown",
)


def offer_what_next(dispatcher: CollectingDispatcher) -> None:
    """After the assessment: what they can do next, with its buttons (share, start over, stop)."""
    dispatcher.utter_message(text=reply("after_aside"), buttons=buttons("after_assessment"))


async def off_loop(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking domain work (spaCy, SQL) in a thread so other conversations keep moving."""
    return await asyncio.to_thread(function, *args, **kwargs)


def slots_of(tracker: Tracker) -> dict[str, Any]:
    """The slots bot/ reads, as a plain dict."""
    return {name: tracker.get_slot(name) for name in SLOT_NAMES}


def latest_text(tracker: Tracker) -> str:
    """The latest message as sent, control payloads included."""
    return (tracker.latest_message or {}).get("text") or ""


def latest_words(tracker: Tracker) -> str:
    """What the person wrote: empty for a tapped button, whose payload ("/describe_situation{...}") is not words."""
    text = latest_text(tracker)
    return "" if text.startswith("/") else text


def latest_choice(tracker: Tracker) -> tuple[str, str] | None:
    """The answer a tapped button stands for, if the latest message is a tap (see bot.conversation.buttons)."""
    return read_choice((tracker.latest_message or {}).get("entities") or [], button_values())


def latest_nlu_danger(tracker: Tracker) -> Safety | None:
    """Danger or self-harm as the NLU ranks the latest message, when it is confident enough."""
    return nlu_danger((tracker.latest_message or {}).get("intent_ranking") or [])


# Actions that run between a person's message and the form without answering it themselves.
_PASS_THROUGH = frozenset({"action_listen", "action_extract_slots", "situation_form", "validate_situation_form"})


def replying_now(tracker: Tracker) -> bool:
    """Whether the form runs on a fresh message (not on its way back from a rule that answered it)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "action" and event.get("name") not in _PASS_THROUGH:
            return False
    return False


def times_asked(tracker: Tracker, slot: str) -> int:
    """How often the question for `slot` (in its current wording) has been asked since the last restart.

    Counted from what the bot said: the form asks inside its own run, so there is no action event
    to count. The state question ("Which state...?") is a question of its own.
    """
    wording = question_for(slot, tracker.get_slot("country"))["text"]
    return sum(1 for event in tracker.events if event.get("event") == "bot" and event.get("text") == wording)


def latest_intent(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


async def send_safety_first(
    dispatcher: CollectingDispatcher, code: str | None, safety: Safety | None = None, *, ask_if_safe: bool = True
) -> None:
    """Emergency number (and crisis line) before anything else; which ones is bot/'s call (`safety_texts`).

    When the message asks whether it is safe to keep talking, it comes with Yes / No buttons.
    """
    texts = await off_loop(safety_texts, code, safety, ask_if_safe)
    for index, text in enumerate(texts):
        last = index == len(texts) - 1
        dispatcher.utter_message(text=text, buttons=buttons("safe_to_talk") if ask_if_safe and last else [])
