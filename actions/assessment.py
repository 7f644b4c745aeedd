"""`action_assess`: the assessment, laws, next steps and contacts, emergency help first."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import off_loop, send_safety_first, slots_of
from bot.conversation.questions import answers_from_slots
from bot.conversation.messages import assessment_messages
from bot.triage.rubric import assess

BUTTONS = [{"title": "Start over", "payload": "start over"}, {"title": "I'm done", "payload": "stop"}]


class ActionAssess(Action):
    def name(self) -> str:
        return "action_assess"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        slots = slots_of(tracker)
        answers = answers_from_slots(slots)
        assessment = await off_loop(assess, slots.get("account") or "", answers.pop("jurisdiction", None), answers)
        if assessment.risk == "emergency" and not slots.get("emergency_shown"):
            await send_safety_first(dispatcher, assessment.jurisdiction, None, ask_if_safe=False)
        messages = await off_loop(assessment_messages, assessment)
        for text in messages[:-1]:
            dispatcher.utter_message(text=text)
        dispatcher.utter_message(text=messages[-1], buttons=BUTTONS)
        return [SlotSet("assessed", True)]
