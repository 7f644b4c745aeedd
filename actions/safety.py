"""Safety and control actions: emergency override, stop, and forgetting the conversation."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_intent, latest_text, latest_words, off_loop, send_safety_first, slots_of
from bot.conversation.answers import help_news
from bot.conversation.control import deletes_shared, from_gateway
from bot.conversation.handoff import forget_shared
from bot.conversation.replies import reply
from bot.conversation.turns import emergency_safety, keep_in_account, known_place

log = logging.getLogger(__name__)


class ActionEmergency(Action):
    """Danger now or self-harm: the emergency number first, whatever else was happening."""

    def name(self) -> str:
        return "action_emergency"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        text = latest_words(tracker)
        safety = await off_loop(emergency_safety, text, latest_intent(tracker))
        slots = slots_of(tracker)
        kept = await off_loop(keep_in_account, text, slots)
        in_form = tracker.active_loop.get("name") is not None if tracker.active_loop else False
        # the place known so far, else the one in these words ("... hes at my door. im in leeds": 999)
        place = known_place(slots) or kept.get("jurisdiction")
        news = help_news(text) if slots.get("emergency_shown") and not safety.self_harm else None
        if news:
            # "i called 999 they are coming", "they're here now, police came", the number already given: what to
            # do until help comes, or that it has, not "call 999 now" again (those words had read as the danger)
            dispatcher.utter_message(text=reply(news))
            log.info("after the emergency number: %s", news)
            return [SlotSet(name, value) for name, value in kept.items()]
        await send_safety_first(dispatcher, place, safety, ask_if_safe=not in_form)
        log.info(
            "emergency shown: place=%s danger=%s self_harm=%s in_form=%s",
            place,
            safety.danger_now,
            safety.self_harm,
            in_form,
        )
        return [SlotSet(name, value) for name, value in kept.items()] + [SlotSet("emergency_shown", True)]


class ActionSafeToTalk(Action):
    """'Yes, it's safe to talk' after the emergency message: go on from what they already told us."""

    def name(self) -> str:
        return "action_safe_to_talk"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        if tracker.get_slot("account") and not tracker.get_slot("assessed"):
            dispatcher.utter_message(text=reply("safe_go_on"))
            log.info("safe to talk: the questions start from the words already given")
            return [FollowupAction("situation_form")]
        # After the assessment "tell me what's happening" asks for what they already told.
        assessed = bool(tracker.get_slot("assessed"))
        dispatcher.utter_message(text=reply("take_your_time_assessed" if assessed else "take_your_time"))
        return [FollowupAction("action_offer_next")] if assessed else []


class ActionStop(Action):
    """'Stop' and the assessment's "I'm done": say goodbye and forget the conversation.

    The reply says "I've cleared what you told me", so this is a real restart: the tracker
    store keeps nothing from before a `Restarted` event (not just empty slots over the old events).
    """

    def name(self) -> str:
        return "action_stop"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        dispatcher.utter_message(text=reply("stop"))
        log.info("stopped: conversation forgotten")
        return [Restarted()]


class ActionForget(Action):
    """'Delete my data' (and the widget's quick exit): wipe this conversation."""

    def name(self) -> str:
        return "action_forget"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list:
        # The gateway's own control message ends the session silently; a person typing
        # "quick exit" or "delete my data" is told it is done.
        text = latest_text(tracker)
        quiet = from_gateway(text)
        # A summary shared with the helpline goes when the person asks to delete their data; a quick
        # exit or an idle end (the gateway's plain session end) keeps it, as the offer said.
        deleted = await off_loop(forget_shared, tracker.sender_id) if not quiet or deletes_shared(text) else 0
        if not quiet:
            said = "forgotten_shared_failed" if deleted is None else "forgotten_with_shared" if deleted else "forgotten"
            dispatcher.utter_message(text=reply(said))
        log.info(
            "conversation forgotten (%s); shared cases deleted: %s",
            "session ended by the gateway" if quiet else "asked by the person",
            "store failed" if deleted is None else deleted,
        )
        return [Restarted()]
