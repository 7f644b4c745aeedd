"""`action_take_account`: read the person's own words and fill in what they already told us."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_intent, latest_nlu_danger, latest_words, off_loop, send_safety_first, slots_of
from bot.conversation.replies import reply
from bot.conversation.turns import take_account

log = logging.getLogger(__name__)


class ActionTakeAccount(Action):
    def name(self) -> str:
        return "action_take_account"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        outcome = await off_loop(
            take_account,
            latest_words(tracker),
            slots_of(tracker),
            latest_intent(tracker),
            nlu_danger=latest_nlu_danger(tracker),
        )
        filled = [name for name in outcome.slots if name not in ("account", "emergency_shown")]
        log.info("account taken: slots %s", ", ".join(filled) or "none")
        if outcome.safety.urgent:
            await send_safety_first(dispatcher, outcome.place, outcome.safety, ask_if_safe=False)
            log.info("emergency shown: place=%s self_harm=%s", outcome.place, outcome.safety.self_harm)
        if outcome.say:
            dispatcher.utter_message(text=reply(outcome.say))
        return [SlotSet(name, value) for name, value in outcome.slots.items()]
