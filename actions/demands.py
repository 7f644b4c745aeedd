"""Questions about a demand: "should I just pay them?" (sextortion), answered at any point."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import off_loop, slots_of
from bot.conversation.turns import payment_demand_answer


class ActionPaymentDemand(Action):
    """Do not pay: the reviewed step, before or after the assessment; the questions go on after it."""

    def name(self) -> str:
        return "action_payment_demand"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        dispatcher.utter_message(text=await off_loop(payment_demand_answer, slots_of(tracker)))
        return []
