"""Safety and control actions: emergency override, stop, and forgetting the conversation."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_intent, latest_text, off_loop, send_safety_first
from bot.conversation.questions import Safety, safety_check


class ActionEmergency(Action):
    """Danger now or self-harm: the emergency number first, whatever else was happening."""

    def name(self) -> str:
        return "action_emergency"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        found = await off_loop(safety_check, latest_text(tracker))
        self_harm = latest_intent(tracker) == "self_harm" or found.self_harm
        danger = latest_intent(tracker) == "emergency" or found.danger_now or not self_harm
        in_form = tracker.active_loop.get("name") is not None if tracker.active_loop else False
        await send_safety_first(dispatcher, tracker.get_slot("jurisdiction"), Safety(danger, self_harm, found.self_harm_now),
                                ask_if_safe=not in_form)
        return [SlotSet("emergency_shown", True)]


class ActionStop(Action):
    def name(self) -> str:
        return "action_stop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        dispatcher.utter_message(
            text="Okay, I'll stop here. I've cleared what you told me. You can come back any time. "
                 "If you're ever in danger, call your local emergency number."
        )
        return [ActiveLoop(None), SlotSet("requested_slot", None), AllSlotsReset()]


class ActionForget(Action):
    """'Delete my data' (and the widget's quick exit): wipe this conversation."""

    def name(self) -> str:
        return "action_forget"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        # The gateway's own control message ends the session silently; a person typing
        # "quick exit" or "delete my data" is told it is done.
        if not latest_text(tracker).startswith("/session_end"):
            dispatcher.utter_message(text="Done. I've deleted what you told me in this conversation.")
        return [Restarted()]
