"""One turn of the conversation, decided without Rasa: what a reply sets, and what to say back.

The Rasa actions only read the tracker, call these, and turn the outcome into messages and
events, so the rules (what a reply may overwrite, when a reply is "not understood", which
safety messages to send) live here, next to the questions, and are tested without Rasa.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.conversation.messages import assessment_messages, emergency_message, self_harm_message
from bot.conversation.questions import (
    QUESTION_SLOTS,
    Safety,
    answers_from_slots,
    country_needing_detail,
    read_reply,
    safety_check,
    slots_from_facts,
)
from bot.knowledge.queries import all_emergency_numbers
from bot.knowledge.service import get_knowledge_base
from bot.settings import get_settings
from bot.triage.extract import extract_facts
from bot.triage.models import Assessment
from bot.triage.rubric import assess

# Unreadable replies in a row before the question is set to "unknown" and the form moves on.
MAX_UNREAD_REPLIES = 2
# A reply longer than this is more of the story, not just an answer: it joins the account.
LONG_REPLY_CHARS = 80


@dataclass(frozen=True)
class ReplyOutcome:
    """What one message (the account, or a reply to a question) changes, and what to say about it."""

    slots: dict[str, Any]  # slot values to set, in the order they are set
    safety: Safety
    place: str | None  # the jurisdiction safety messages should use: the known one, else one the text names
    say: str | None = None  # a fixed line of replies.yml to send after any safety messages
    failures: int = 0  # unreadable replies in a row, this one included (0 when read or set aside)


@dataclass(frozen=True)
class AssessmentTurn:
    """The assessment and its messages; `emergency_first` when the emergency number must come before them."""

    assessment: Assessment
    emergency_first: bool
    messages: list[str] = field(default_factory=list)


def merge_found_slots(found: dict[str, Any], current_slots: dict[str, Any], asked_slot: str | None,
                      correcting: bool) -> dict[str, Any]:
    """The found question slots worth setting, so we don't ask for them later.

    Only empty slots are filled, unless the person is correcting us; the slot just asked is
    left to the reply reader. A bare country whose law differs by state ('US') fills `country`,
    so the state question comes next. Outside a question (`asked_slot` None: the account
    itself) it also sets `jurisdiction`: to the country when correcting, so a new assessment
    uses the country's law, else to None.
    """
    merged: dict[str, Any] = {}
    for slot, value in found.items():
        if slot == asked_slot or slot not in QUESTION_SLOTS:
            continue
        if not (correcting or current_slots.get(slot) in (None, "")):
            continue
        if slot == "jurisdiction" and country_needing_detail(value):
            merged["country"] = value
            if asked_slot is None:
                merged["jurisdiction"] = value if correcting else None
            continue
        merged[slot] = value
    return merged


def extend_account(account: str | None, text: str, limit: int | None = None) -> str:
    """The account with `text` added on a new line; with `limit`, only its newest `limit` characters."""
    joined = "\n".join(part for part in (account or "", text) if part)
    return joined if limit is None else joined[-limit:]


def adds_to_account(text: str) -> bool:
    """A long reply to a question is part of the story, so the assessment should read it too."""
    return len(text) > LONG_REPLY_CHARS


def take_account(text: str, slots: dict[str, Any], intent: str = "", limit: int | None = None) -> ReplyOutcome:
    """The person's own words: add them to the account and fill in what they already told us.

    The account is kept to the newest `limit` characters (the settings' max_account_chars by
    default). A correction overrides earlier answers and gets no acknowledgement; danger now or
    self-harm gets the safety messages instead.
    """
    correcting = intent == "correct" or bool(slots.get("assessed"))  # after the assessment, new facts correct it
    facts = extract_facts(text)
    limit = get_settings().max_account_chars if limit is None else limit
    values: dict[str, Any] = {"account": extend_account(slots.get("account"), text, limit)}
    values.update(merge_found_slots(slots_from_facts(facts), slots, None, correcting))
    safety = safety_check(text, facts)
    if safety.urgent:
        values["emergency_shown"] = True
    say = None if safety.urgent or correcting else "acknowledge"
    return ReplyOutcome(values, safety, slots.get("jurisdiction") or facts.jurisdiction, say)


def read_answer(slot: str, text: str, slots: dict[str, Any], intent: str = "") -> ReplyOutcome:
    """A reply to the question for `slot`: its answer, anything else it tells us, and whether to ask again.

    Jurisdiction: a bare country that has states ('United States') sets `country` and leaves the
    question open for the state; the same country again is unreadable; "skip" after a country
    uses the country's law. An unreadable reply that told us something else (or was urgent) is
    set aside without counting; otherwise we say "not understood", and after MAX_UNREAD_REPLIES
    in a row the answer becomes "unknown".
    """
    country = slots.get("country")
    facts = extract_facts(text)
    reply = read_reply(slot, text, country)
    safety = safety_check(text, facts)
    place = slots.get("jurisdiction") or facts.jurisdiction

    values: dict[str, Any] = {}
    if safety.urgent:
        values["emergency_shown"] = True
    values.update(merge_found_slots(slots_from_facts(facts), slots, slot, intent == "correct"))
    if adds_to_account(text):
        values["account"] = extend_account(slots.get("account"), text)

    if slot == "jurisdiction" and reply not in (None, "unknown") and country_needing_detail(reply):
        if country != reply:
            return ReplyOutcome({**values, "country": reply, "jurisdiction": None}, safety, place)
        reply = None  # the country again, still no state
    if slot == "jurisdiction" and reply == "unknown" and country:
        reply = country  # they skipped the state question: use the country's law
    if reply is None:
        failures = int(slots.get("failed_answers") or 0) + 1
        # Told us something besides the account (or is urgent): the question stays open, no failure counted.
        if len(values) > (1 if "account" in values else 0) or safety.urgent:
            return ReplyOutcome({**values, slot: None}, safety, place)
        if failures >= MAX_UNREAD_REPLIES:
            return ReplyOutcome({**values, slot: "unknown", "failed_answers": 0}, safety, place, failures=failures)
        return ReplyOutcome({**values, slot: None, "failed_answers": failures}, safety, place, "not_understood",
                            failures)
    return ReplyOutcome({**values, slot: reply, "failed_answers": 0}, safety, place)


def emergency_safety(text: str, intent: str) -> Safety:
    """What the emergency action answers: self-harm if the intent or the text says so, else danger now."""
    found = safety_check(text)
    self_harm = intent == "self_harm" or found.self_harm
    danger = intent == "emergency" or found.danger_now or not self_harm
    return Safety(danger, self_harm, found.self_harm_now)


def safety_texts(code: str | None, safety: Safety | None = None, ask_if_safe: bool = True) -> list[str]:
    """The safety messages, before anything else: the emergency number, and a crisis line for self-harm.

    No `safety` means danger now. Without `ask_if_safe` (in the middle of the questions or an
    assessment) the emergency message drops its last line, "Is it safe ... to keep talking?".
    """
    danger = safety.danger_now if safety else True
    self_harm = safety.self_harm if safety else False
    kb = get_knowledge_base()
    contacts = kb.emergency_contacts(code)
    numbers = all_emergency_numbers(kb)
    texts = []
    if danger or not self_harm:
        text = emergency_message(contacts, numbers)
        if not ask_if_safe:
            text = text.rsplit("\n", 1)[0] if "\n" in text else text
        texts.append(text)
    if self_harm:
        texts.append(self_harm_message(contacts, numbers))
    return texts


def assessment_turn(slots: dict[str, Any]) -> AssessmentTurn:
    """Assess the account with the answers so far; the emergency number first unless already shown."""
    answers = answers_from_slots(slots)
    assessment = assess(slots.get("account") or "", answers.pop("jurisdiction", None), answers)
    emergency_first = assessment.risk == "emergency" and not slots.get("emergency_shown")
    return AssessmentTurn(assessment, emergency_first, assessment_messages(assessment))
