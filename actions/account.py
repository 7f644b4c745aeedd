"""`action_take_account`: read the person's own words and fill in what they already told us."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_intent, latest_text, off_loop, send_safety_first, slots_of
from bot.conversation.questions import country_needing_detail, phrase, safety_check, slots_from_facts
from bot.triage.extract import extract_facts
from bot.settings import get_settings


def account_events(text: str, slots: dict[str, Any], correcting: bool) -> tuple[list[SlotSet], Any]:
    """Slot events for what `text` tells us; a correction overrides earlier answers."""
    facts = extract_facts(text)
    events: list[SlotSet] = []
    limit = get_settings().max_account_chars
    account = "\n".join(part for part in (slots.get("account") or "", text) if part)[-limit:]
    events.append(SlotSet("account", account))
    for slot, value in slots_from_facts(facts).items():
        if slot == "jurisdiction" and country_needing_detail(value):
            if correcting or not slots.get("jurisdiction"):
                events += [SlotSet("country", value), SlotSet("jurisdiction", None if not correcting else value)]
            continue
        if correcting or slots.get(slot) in (None, ""):
            events.append(SlotSet(slot, value))
    return events, facts


class ActionTakeAccount(Action):
    def name(self) -> str:
        return "action_take_account"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        text = latest_text(tracker)
        slots = slots_of(tracker)
        correcting = latest_intent(tracker) == "correct" or bool(slots.get("assessed"))
        events, facts = await off_loop(account_events, text, slots, correcting)
        safety = safety_check(text, facts)
        if safety.urgent:
            await send_safety_first(dispatcher, slots.get("jurisdiction") or facts.jurisdiction, safety, ask_if_safe=False)
            events.append(SlotSet("emergency_shown", True))
        elif not correcting:
            dispatcher.utter_message(text=phrase("acknowledge"))
        return events
