"""`action_ask_<slot>`: ask the form's questions from bot/conversation/templates/questions.yml.

The questions live with the domain core so every channel asks the same way; one small
action per slot is what Rasa's forms look for.
"""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import off_loop
from bot.conversation.asking_for import asking_for
from bot.conversation.questions import QUESTION_SLOTS, question_for
from bot.conversation.turns import place_question, which_place_question

log = logging.getLogger(__name__)


class AskQuestion(Action):
    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        country = tracker.get_slot("country")
        # (an account about the writer's child or friend: the question asks about them)
        relative = asking_for(tracker.get_slot("account") or "")
        question = question_for(self.slot, country, relative)
        events: list = []
        if self.slot == "jurisdiction":  # "perth" typed, or "im in perth" told: which Perth, not "Where do you live?"
            pending = tracker.get_slot("place_choices")
            if pending:
                question = await off_loop(which_place_question, pending["name"], pending["choices"])
                events.append(SlotSet("place_choices", None))
            else:
                named = await off_loop(place_question, tracker.get_slot("account") or "", country)
                question = named or question
        dispatcher.utter_message(text=question["text"], buttons=question["buttons"])
        log.debug("asked %s%s", self.slot, f" (for {country})" if country else "")
        return events


# One subclass per question, named for the slot (the SDK registers every Action subclass).
for _slot in (*QUESTION_SLOTS, "safe_now"):
    globals()[f"Ask{_slot.title().replace('_', '')}"] = type(
        f"Ask{_slot.title().replace('_', '')}", (AskQuestion,), {"slot": _slot, "__module__": __name__}
    )
