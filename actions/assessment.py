"""`action_assess`: the assessment, laws, next steps and contacts, emergency help first."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_intent, latest_words, off_loop, offer_what_next, send_safety_first, slots_of
from bot.conversation.replies import buttons
from bot.conversation.turns import assessment_turn

log = logging.getLogger(__name__)


class ActionAssess(Action):
    def name(self) -> str:
        return "action_assess"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        turn = await off_loop(assessment_turn, slots_of(tracker), latest_intent(tracker), latest_words(tracker))
        assessment = turn.assessment
        if turn.emergency_first:
            await send_safety_first(dispatcher, assessment.jurisdiction, None, ask_if_safe=False)
            log.info("emergency shown before the assessment: place=%s", assessment.jurisdiction)
        for text in turn.messages[:-1]:
            dispatcher.utter_message(text=text)
        offered = (buttons("laws_later") if turn.held_back else []) + buttons("after_assessment")
        dispatcher.utter_message(text=turn.messages[-1], buttons=offered, json_message={"assessment": turn.summary})
        log.info(
            "assessment sent: risk=%s classification=%s jurisdiction=%s messages=%d unchanged=%s",
            assessment.risk,
            assessment.classification,
            assessment.jurisdiction,
            len(turn.messages),
            turn.unchanged,
        )
        return [SlotSet("assessed", True), SlotSet("assessed_as", turn.found)]


class ActionOfferNext(Action):
    """After an aside that follows the assessment ("is this private?"), what they can do next comes
    back with its buttons: the answer to the aside had left the chat with none to tap."""

    def name(self) -> str:
        return "action_offer_next"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        offer_what_next(dispatcher)
        return []
