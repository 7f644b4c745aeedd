"""`validate_situation_form`: read each reply, keep safety first, and take what else it tells us."""
from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_intent, latest_text, off_loop, send_safety_first
from bot.conversation.questions import QUESTION_SLOTS, country_needing_detail, phrase, read_reply, safety_check, slots_from_facts
from bot.triage.extract import extract_facts

MAX_UNREAD_REPLIES = 2


def _read(slot: str, text: str, country: str | None):  # noqa: ANN202 - tuple of reply and facts
    facts = extract_facts(text)
    return read_reply(slot, text, country), facts


class ValidateSituationForm(FormValidationAction):
    def name(self) -> str:
        return "validate_situation_form"

    async def _validate(self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        text = latest_text(tracker)
        country = tracker.get_slot("country")
        reply, facts = await off_loop(_read, slot, text, country)
        result: dict[str, Any] = {}

        safety = safety_check(text, facts)
        if safety.urgent:
            await send_safety_first(dispatcher, tracker.get_slot("jurisdiction") or facts.jurisdiction, safety, ask_if_safe=False)
            result["emergency_shown"] = True

        # Anything else this reply tells us, so we don't ask for it later.
        correcting = latest_intent(tracker) == "correct"
        for other, value in slots_from_facts(facts).items():
            if other != slot and other in QUESTION_SLOTS and (correcting or tracker.get_slot(other) in (None, "")):
                if other == "jurisdiction" and country_needing_detail(value):
                    result["country"] = value
                    continue
                result[other] = value
        if len(text) > 80:
            account = "\n".join(p for p in (tracker.get_slot("account") or "", text) if p)
            result["account"] = account

        if slot == "jurisdiction" and reply not in (None, "unknown") and country_needing_detail(reply):
            if country != reply:
                return {**result, "country": reply, "jurisdiction": None}
            reply = None
        if slot == "jurisdiction" and reply == "unknown" and country:
            reply = country  # they skipped the state question: use the country's law
        if reply is None:
            failures = int(tracker.get_slot("failed_answers") or 0) + 1
            if len(result) > (1 if "account" in result else 0) or safety.urgent:
                return {**result, slot: None}
            if failures >= MAX_UNREAD_REPLIES:
                return {**result, slot: "unknown", "failed_answers": 0}
            dispatcher.utter_message(text=phrase("not_understood"))
            return {**result, slot: None, "failed_answers": failures}
        return {**result, slot: reply, "failed_answers": 0}


def _validator_for(slot: str):  # noqa: ANN202 - an async method
    async def validate(self: ValidateSituationForm, value: Any, dispatcher: CollectingDispatcher,
                       tracker: Tracker, domain: dict) -> dict:
        return await self._validate(slot, dispatcher, tracker)

    validate.__name__ = f"validate_{slot}"
    return validate


# The SDK calls `validate_<slot>` for each slot; every question is read the same way.
for _slot in QUESTION_SLOTS:
    setattr(ValidateSituationForm, f"validate_{_slot}", _validator_for(_slot))
