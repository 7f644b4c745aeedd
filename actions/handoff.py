"""Warm hand-off: offer to share a summary with a helpline worker, and share it on consent."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import off_loop, slots_of
from bot.conversation.handoff import offer_again_text, offer_text, share
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
        if _offered_just_before(tracker):
            # Back from an aside: the offer stands, asked again in one line.
            dispatcher.utter_message(text=await off_loop(offer_again_text), buttons=buttons("share_consent"))
            return []
        dispatcher.utter_message(text=await off_loop(offer_text), buttons=buttons("share_consent"))
        return []


def _offered_just_before(tracker: Tracker) -> bool:
    """Whether the bot's action before the answer to the latest message was this offer."""
    actions = [
        event.get("name")
        for event in reversed(tracker.events)
        if event.get("event") == "action" and event.get("name") not in ("action_listen", None)
    ]
    return len(actions) >= 2 and actions[1] == "action_offer_handoff"


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
