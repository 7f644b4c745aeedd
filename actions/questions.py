"""`action_ask_<slot>`: ask the form's questions from bot/templates/questions.yml.

The questions live with the domain core so every channel asks the same way; one small
action per slot is what Rasa's forms look for.
"""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.conversation.questions import QUESTION_SLOTS, question_for


class AskQuestion(Action):
    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        question = question_for(self.slot, tracker.get_slot("country"))
        dispatcher.utter_message(text=question["text"], buttons=question["buttons"])
        return []


# One subclass per question, named for the slot (the SDK registers every Action subclass).
for _slot in QUESTION_SLOTS:
    globals()[f"Ask{_slot.title().replace('_', '')}"] = type(
        f"Ask{_slot.title().replace('_', '')}", (AskQuestion,), {"slot": _slot, "__module__": __name__}
    )
