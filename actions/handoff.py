"""Warm hand-off: offer to share a summary with a helpline worker, and share it on consent."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import off_loop, slots_of
from bot.conversation.handoff import offer_text, share
from bot.conversation.replies import buttons, reply


class ActionOfferHandoff(Action):
    """Says plainly what sharing means and asks; nothing is saved here."""

    def name(self) -> str:
        return "action_offer_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        if tracker.active_loop_name:
            # In the middle of the questions: the offer comes with the assessment, not across them.
            dispatcher.utter_message(text=reply("handoff_after_questions"))
            return []
        if not (tracker.get_slot("account") or "").strip():
            dispatcher.utter_message(text=reply("handoff_story_first"))
            return []
        dispatcher.utter_message(text=await off_loop(offer_text), buttons=buttons("share_consent"))
        return []


class ActionShareCase(Action):
    """The person said yes: the case joins the console's queue; they get their reference."""

    def name(self) -> str:
        return "action_share_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        text = await off_loop(share, slots_of(tracker), tracker.sender_id, tracker.get_latest_input_channel())
        dispatcher.utter_message(text=text)
        return []


class ActionDeclineHandoff(Action):
    """The person said no: nothing is shared, and they are told so."""

    def name(self) -> str:
        return "action_decline_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        dispatcher.utter_message(text=reply("handoff_declined"))
        return []
