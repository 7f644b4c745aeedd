"""`validate_situation_form`: read each reply, keep safety first, and take what else it tells us."""
from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_intent, latest_text, off_loop, send_safety_first, slots_of
from bot.conversation.questions import QUESTION_SLOTS
from bot.conversation.replies import reply
from bot.conversation.turns import read_answer

log = logging.getLogger(__name__)


class ValidateSituationForm(FormValidationAction):
    def name(self) -> str:
        return "validate_situation_form"

    async def _validate(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        outcome = await off_loop(read_answer, slot, latest_text(tracker), slots_of(tracker), latest_intent(tracker))
        if outcome.safety.urgent:
            await send_safety_first(dispatcher, outcome.place, outcome.safety, ask_if_safe=False)
            log.info("emergency shown while asking %s: place=%s", slot, outcome.place)
        if outcome.failures:
            log.info("slot %s unreadable, attempt %d%s", slot, outcome.failures, "" if outcome.say else ": moving on")
        else:
            log.debug("slot %s: setting %s", slot, ", ".join(outcome.slots))
        if outcome.say:
            dispatcher.utter_message(text=reply(outcome.say))
        return outcome.slots


def _validator_for(slot: str) -> Callable[..., Coroutine[Any, Any, dict]]:
    async def validate(self: ValidateSituationForm, value: Any, dispatcher: CollectingDispatcher,
                       tracker: Tracker, domain: dict) -> dict:
        return await self._validate(slot, dispatcher, tracker)

    validate.__name__ = f"validate_{slot}"
    return validate


# The SDK calls `validate_<slot>` for each slot; every question is read the same way.
for _slot in QUESTION_SLOTS:
    setattr(ValidateSituationForm, f"validate_{_slot}", _validator_for(_slot))
