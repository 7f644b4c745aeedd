"""`action_take_account`: read the person's own words and fill in what they already told us.

`action_hear_out` stands where the NLU would otherwise brush a message off (out of scope, small
talk, not understood): if the words tell a story of harassment or stalking, they are taken as
the account and the questions start; otherwise the usual short reply is given.
"""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_intent, latest_nlu_danger, latest_words, off_loop, send_safety_first, slots_of
from bot.conversation.turns import (
    brush_off_response,
    looks_like_an_account,
    take_account,
    tells_more_after_assessment,
)

log = logging.getLogger(__name__)


async def _take(dispatcher: CollectingDispatcher, tracker: Tracker) -> list:
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
        dispatcher.utter_message(text=outcome.said())
    return [SlotSet(name, value) for name, value in outcome.slots.items()]


class ActionTakeAccount(Action):
    def name(self) -> str:
        return "action_take_account"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        return await _take(dispatcher, tracker)


class ActionHearOut(Action):
    """Never brush off an account: a story misread as small talk or out of scope starts the questions."""

    def name(self) -> str:
        return "action_hear_out"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        words = latest_words(tracker)
        assessed = bool(tracker.get_slot("assessed"))
        intent = latest_intent(tracker)
        if not assessed and await off_loop(looks_like_an_account, words):
            log.info("a message read as %s tells a story: taken as the account", intent)
            return [*await _take(dispatcher, tracker), FollowupAction("situation_form")]
        if assessed and await off_loop(tells_more_after_assessment, words):
            log.info("a message read as %s adds to the story after the assessment", intent)
            return [*await _take(dispatcher, tracker), FollowupAction("action_assess")]
        dispatcher.utter_message(response=brush_off_response(intent, assessed))
        # A bare "ok", "no", "thanks" or "bye" after the assessment needs no menu of what to do next.
        return [FollowupAction("action_offer_next")] if assessed and intent not in NO_MENU else []


NO_MENU = frozenset({"affirm", "deny", "goodbye", "thank"})
