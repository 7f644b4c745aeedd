"""The greeting: in full once a conversation, then a short hello (a "hi" after Telegram's /start, or mid-chat)."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import offer_what_next

# Events after which the person has not been greeted yet: a new session, or "start over".
NEW_CONVERSATION = frozenset({"session_started", "restart"})


class ActionGreet(Action):
    """The full greeting (what cyberguide does, not legal advice, the emergency numbers, privacy) the first
    time; after that a short hello, so a second "hi" does not repeat the whole of it. Then the ask for their
    own words, or, once they have had their assessment, what they can do next (not the story again)."""

    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        dispatcher.utter_message(response="utter_greet_again" if _greeted(tracker) else "utter_greet")
        if tracker.get_slot("assessed"):
            offer_what_next(dispatcher)
        else:
            dispatcher.utter_message(response="utter_ask_describe")
        return []


def _greeted(tracker: Tracker) -> bool:
    """Whether this action already ran since the conversation (re)started. (Rasa logs an action after it
    runs, so this run is not among the events yet.)"""
    for event in reversed(tracker.events):
        if event.get("event") in NEW_CONVERSATION:
            return False
        if event.get("event") == "action" and event.get("name") == "action_greet":
            return True
    return False
