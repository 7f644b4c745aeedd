"""`validate_situation_form`: read each reply, keep safety first, and choose the next question.

The form's slots are filled here, not by Rasa's slot mappings, so a tapped button sets exactly
its value, a typed answer is read by bot/'s readers whatever intent the NLU guessed, and a
message that is not an answer (stop, help, a question about privacy) is left to the rules.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    latest_choice,
    latest_intent,
    latest_nlu_danger,
    latest_words,
    off_loop,
    replying_now,
    send_safety_first,
    slots_of,
    times_asked,
)
from bot.conversation.turns import give_up_on, next_question, place_in_request, read_answer

log = logging.getLogger(__name__)


class ValidateSituationForm(FormValidationAction):
    def name(self) -> str:
        return "validate_situation_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        slots = slots_of(tracker)
        asked_slot = tracker.get_slot("requested_slot")
        updates: dict[str, Any] = {}
        pending_place: dict[str, Any] | None = None
        if asked_slot and replying_now(tracker):
            outcome = await off_loop(
                read_answer,
                asked_slot,
                latest_words(tracker),
                slots,
                latest_intent(tracker),
                choice=latest_choice(tracker),
                asked=times_asked(tracker, asked_slot),
                nlu_danger=latest_nlu_danger(tracker),
            )
            if outcome is None:
                log.debug("not an answer to %s: left to the rules", asked_slot)
                return []  # the form steps aside; the rules answer, then the question comes back
            if outcome.safety.urgent:
                await send_safety_first(dispatcher, outcome.place, outcome.safety, ask_if_safe=False)
                log.info("emergency shown while asking %s: place=%s", asked_slot, outcome.place)
            if outcome.choices:  # "Is that Perth in ...?" is the question asked next, with a button for each
                pending_place = {"name": outcome.say_values["name"], "choices": list(outcome.choices)}
            elif outcome.say:
                dispatcher.utter_message(text=outcome.said())
            if outcome.unread:
                log.info(
                    "reply to %s not read as an answer (asked %d times)", asked_slot, times_asked(tracker, asked_slot)
                )
            updates = outcome.slots
        elif asked_slot:
            given_up = give_up_on(asked_slot, times_asked(tracker, asked_slot), slots, latest_intent(tracker))
            if given_up:
                log.info("%s asked the most times allowed: recorded as unknown", asked_slot)
                if given_up.safety.urgent:
                    await send_safety_first(dispatcher, given_up.place, given_up.safety, ask_if_safe=False)
                updates = given_up.slots
        else:  # the questions start: the message that started them may already say where they live
            updates = await off_loop(place_in_request, latest_words(tracker), slots)
        following = next_question({**slots, **updates})
        events = [SlotSet(name, value) for name, value in updates.items()]
        if pending_place and following == "jurisdiction":
            events.append(SlotSet("place_choices", pending_place))
        return [*events, SlotSet("requested_slot", following)]
