"""One turn of the conversation, decided without Rasa: what a reply sets, and what to say back.

The Rasa actions only read the tracker, call these, and turn the outcome into messages and
events, so the rules (what a reply may overwrite, when a reply is "not understood", which
safety messages to send) live here, next to the questions, and are tested without Rasa.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from bot.conversation.answers import (
    asks_back,
    help_news,
    shared_place,
    topics_besides,
    without_preface,
)
from bot.conversation.asking_for import asking_for
from bot.conversation.buttons import choice_payload
from bot.conversation.messages import (
    asked_again_messages,
    assessment_messages,
    emergency_message,
    has_held_back,
    payment_demand_message,
    reporting_message,
    self_harm_message,
    unchanged_message,
)
from bot.conversation.questions import (
    QUESTION_SLOTS,
    Safety,
    answers_from_slots,
    answers_given,
    asks_what_it_means,
    country_needing_detail,
    own_plan,
    question_for,
    read_reply,
    safety_check,
    slots_from_facts,
)
from bot.conversation.replies import reply
from bot.knowledge.queries import all_emergency_numbers
from bot.knowledge.service import get_knowledge_base
from bot.places import get_places
from bot.settings import get_settings
from bot.triage.extract import extract_facts, extract_open_place, extract_place
from bot.triage.lexicon import words
from bot.triage.models import Assessment, Facts
from bot.triage.rubric import assess
from bot.triage.safety_check import needs_safety_check

# A question is asked at most this many times; after that an unread answer is "unknown".
MAX_ASKS = 2
# Where they live once more: it decides the laws and the numbers shown, and a place several share
# ("Vancouver") is asked about once before the question comes back.
MAX_PLACE_ASKS = 3


def max_asks(slot: str) -> int:
    """How many times the question for `slot` may be asked."""
    return MAX_PLACE_ASKS if slot == "jurisdiction" else MAX_ASKS


# A reply longer than this is more of the story, not just an answer: it joins the account.
LONG_REPLY_CHARS = 80
# The NLU's confidence in `emergency` or `self_harm` at which the safety messages come first,
# even when another intent won: a second reader beside the engine, erring towards safety.
NLU_DANGER_CONFIDENCE = 0.3
# Intents the dialogue rules answer whatever question is open (the form steps aside for them).
# Said after an aside was answered: no try at the question asked (`give_up_on`).
ACKNOWLEDGEMENTS = frozenset({"thank"})
CONTROL_INTENTS = frozenset({"emergency", "self_harm", "stop", "start_over", "delete_data", "session_end"})
# Intents answered briefly by the rules when the words do not read as an answer to the question
# ("United States" read as `goodbye` is still an answer).
DIGRESSION_INTENTS = frozenset(
    {
        "goodbye",
        "chitchat",
        "out_of_scope",
        "other_language",
        "thank",
        "greet",
        "bot_challenge",
        "ask_privacy",
        "ask_laws",
        "ask_contacts",
        "ask_reporting",
        "ask_payment_demand",
        "faq",
    }
)
# Answers to "Are you safe right now?" that mean the emergency steps come first.
NOT_SAFE = frozenset({"no", "unknown"})


# A reply to another question that says where they live now ("im in belfst") is read as a correction:
# the place reader's own words for the writer ("i", "we", "im") and for living somewhere ("in", "live").
FIRST_PERSON = words("first_person")
LIVING_CUES = words("living_cues")
PLACE_REPLY_WORDS = 12  # words: a longer reply tells more than where they live
BARE_PLACE_WORDS = 3  # words: "houston tx", "newcastle nsw" typed alone to another question


@dataclass(frozen=True)
class ReplyOutcome:
    """What one message (the account, or a reply to a question) changes, and what to say about it."""

    slots: dict[str, Any]  # slot values to set, in the order they are set
    safety: Safety
    place: str | None  # the jurisdiction safety messages should use: the known one, else one the text names
    say: str | None = None  # a fixed line of replies.yml to send after any safety messages
    unread: bool = False  # the reply was not an answer to the question asked
    say_values: dict[str, str] = field(default_factory=dict)  # what fills the line's {placeholders}
    choices: tuple[str, ...] = ()  # places the reply may mean, offered as buttons by the next question

    def said(self) -> str | None:
        """The line to send, filled in, or None."""
        return reply(self.say).format(**self.say_values) if self.say else None


@dataclass(frozen=True)
class AssessmentTurn:
    """The assessment and its messages; `emergency_first` when the emergency number must come before them."""

    assessment: Assessment
    emergency_first: bool
    messages: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)  # machine-readable, for channels and tests
    found: str = ""  # the labels and place, kept in the `assessed_as` slot
    unchanged: bool = False  # a later assessment that finds what the last one did
    held_back: bool = False  # laws and steps kept for later (an emergency): its buttons offer them


def merge_found_slots(
    found: dict[str, Any], current_slots: dict[str, Any], asked_slot: str | None, correcting: bool
) -> dict[str, Any]:
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


def take_account(
    text: str, slots: dict[str, Any], intent: str = "", limit: int | None = None, nlu_danger: Safety | None = None
) -> ReplyOutcome:
    """The person's own words: add them to the account and fill in what they already told us.

    Safety comes first: danger now or self-harm seen by the engine puts the safety messages
    before anything else, and the conversation then goes on. When danger is possible but not
    certain (the engine's combinations in `patterns/safety_check.yml`, or the NLU giving danger
    a real chance without choosing it: `nlu_danger`), `safety_check` is set so the first
    question is "Are you safe right now?". The account is kept to the newest `limit` characters (the
    settings' max_account_chars by default). A correction overrides earlier answers and gets
    no acknowledgement.
    """
    correcting = intent == "correct" or bool(slots.get("assessed"))  # after the assessment, new facts correct it
    facts = extract_facts(text)
    limit = get_settings().max_account_chars if limit is None else limit
    values: dict[str, Any] = {"account": extend_account(slots.get("account"), text, limit)}
    found = slots_from_facts(facts)
    place = _place_read_in_known_country(text, facts, slots) if correcting else None
    if place:
        found["jurisdiction"] = place
    values.update(merge_found_slots(found, slots, None, correcting))
    safety = safety_check(text, facts, slots.get("relationship"))
    if safety.urgent:
        values["emergency_shown"] = True
    else:
        values.update(_possible_danger(facts, slots, nlu_danger, safety))
    place_now = slots.get("jurisdiction") or facts.jurisdiction
    relative = None if correcting or slots.get("account") else asking_for(text)
    if relative:
        return ReplyOutcome(values, safety, place_now, "acknowledge_for_someone", say_values={"relative": relative})
    return ReplyOutcome(values, safety, place_now, None if correcting else "acknowledge")


def read_answer(
    slot: str,
    text: str,
    slots: dict[str, Any],
    intent: str = "",
    *,
    choice: tuple[str, str] | None = None,
    asked: int = 1,
    nlu_danger: Safety | None = None,
) -> ReplyOutcome | None:
    """A reply to the question for `slot` (asked `asked` times so far): its answer, what else it tells us.

    A tapped button (`choice`, already checked against the question's own values) sets exactly
    its value. Typed words are read by the question's reader. None means the message is not an
    answer and the dialogue rules should take it: a control intent (stop, help, danger...), or
    a digression (a question about privacy, small talk) whose words do not read as an answer.

    Jurisdiction: a bare country that has states ('United States') sets `country` and leaves the
    question open for the state; "skip" after a country uses the country's law. An unreadable
    reply gets "not understood" the first time; a question is never asked more than `max_asks`
    times, so after that the answer becomes "unknown" and the conversation moves on.
    """
    if choice is not None:
        return _chosen(*choice, slots)
    if intent in CONTROL_INTENTS:
        return None
    if asks_what_it_means(text):
        return ReplyOutcome({slot: None}, Safety(False, False, False), slots.get("jurisdiction"), f"explain_{slot}")
    country = slots.get("country")
    facts = extract_facts(text)
    reply = read_reply(slot, text, country)
    safety = safety_check(text, facts, slots.get("relationship"))
    place = known_place(slots) or facts.jurisdiction
    values: dict[str, Any] = {}
    if safety.urgent:
        values["emergency_shown"] = True
    elif slot != "safe_now":
        values.update(_possible_danger(facts, slots, nlu_danger, safety))
    values.update(merge_found_slots(slots_from_facts(facts), slots, slot, intent == "correct"))
    if adds_to_account(text):
        values["account"] = extend_account(slots.get("account"), text)
    if slot in YES_NO_QUESTIONS and reply in ("yes", "no", None) and (others := topics_besides(slot, text)):
        # "yes i blocked her heaps" to "Have they threatened you?": the yes was about blocking, so that
        # is what is read, and the question asked comes again (it had recorded a threat).
        answer = without_preface(text)
        values.update({other: found for other in others if (found := read_reply(other, answer, country)) is not None})
        reply = None
    if slot == "jurisdiction" and reply not in (None, "unknown") and country_needing_detail(reply):
        if country != reply:
            return ReplyOutcome({**values, "country": reply, "jurisdiction": None}, safety, place)
        reply = None  # the country again, still no state
    if slot == "jurisdiction" and reply == "unknown" and country:
        reply = country  # they skipped the state question: use the country's law
    if slot == "jurisdiction" and reply is None and not safety.urgent:
        shared = shared_place(text, country)
        if shared:
            return _which_place(*shared, ReplyOutcome({**values, slot: None}, safety, place, unread=True))
    if reply is None and slots.get("emergency_shown") and (news := help_news(text)):
        # "ok i called them", "the police are here" after the emergency number: what to do until help comes,
        # or glad it has, then the question
        return ReplyOutcome({**values, slot: None}, safety, place, news, unread=True)
    moved = _place_told(slot, text, facts, slots)
    if reply is None and moved:
        # "im in belfst" while another question is open, after another place was recorded: where they live now
        values.update({"jurisdiction": moved, "country": None})
        name = get_places().name(moved)
        return ReplyOutcome(
            {**values, slot: None}, safety, moved, "place_noted", unread=True, say_values={"place": name}
        )
    if reply is None:
        told_more = len(values) > (1 if "account" in values else 0)
        # ("what does sextortion mean" names a kind of abuse, but tells none: it had been taken as images
        # shared, and the question asked again with no answer)
        if intent in DIGRESSION_INTENTS and (not told_more or asks_back(text)) and not safety.urgent:
            return None  # a question of their own: the rules answer it, then the question comes back
        if asked >= max_asks(slot):
            given_up = give_up_on(slot, asked, {**slots, **values})
            assert given_up is not None  # asked the most times allowed
            return replace(
                given_up, slots={**values, **given_up.slots}, safety=_either(safety, given_up.safety), unread=True
            )
        # Urgent, or told us something else: no need to say we did not understand. More of the story is
        # thanked for before the question comes back ("I'm 14 and a boy from school shared a photo of me" to
        # "Where do you live?" had been met with the question alone).
        if safety.urgent:
            say = None
        elif "account" in values:
            say = "story_noted"
        else:
            say = None if told_more else "not_understood"
        if say == "not_understood" and own_plan(text):
            say = "plan_noted"  # "im going to tell the school tomorrow": a step, not a misunderstanding
        if say is None and "account" not in values and not safety.urgent and set(values) & set(QUESTION_SLOTS):
            say = "answer_noted"  # "im 15" to "Where do you live?": the age is kept; the question had come back unsaid
        return ReplyOutcome({**values, slot: None}, safety, place, say, unread=True)
    if slot == "safe_now" and reply in NOT_SAFE:
        safety = _either(safety, Safety(True, False, False))
        values["emergency_shown"] = True
    elif not safety.urgent and "safety_check" not in values:
        values.update(_danger_from_answers(slot, {**slots, **values, slot: reply}))
    return ReplyOutcome({**values, slot: reply}, safety, place)


def _place_told(slot: str, text: str, facts: Facts, slots: dict[str, Any]) -> str | None:
    """The place a reply to another question says they live in ("im in belfst", "I live in Leeds
    actually"), when it differs from the one recorded: then it is where they live (a correction).
    Only a short reply that says so in the first person, with a place specific enough for its law.
    (The words are checked first: only such a reply is read again for a name the known country settles.)"""
    if slot == "jurisdiction":
        return None
    said = re.sub(r"[^\w\s']", " ", text.lower()).split()
    opening = set(said[:4])
    if len(said) <= BARE_PLACE_WORDS and (bare := _bare_place_finer(text, slots)):
        return bare
    if not (opening & FIRST_PERSON and opening & LIVING_CUES) or len(said) > PLACE_REPLY_WORDS:
        return None
    found = _place_read_in_known_country(text, facts, slots)
    if not found or found == slots.get("jurisdiction") or country_needing_detail(found):
        return None
    return found


# Questions answered yes or no, whose yes or no may belong to another topic the reply speaks of.
YES_NO_QUESTIONS = frozenset({"threats", "fears_safety", "under_18", "intimate_images", "location_known", "safe_now"})
# A shared name with more readings than this is asked about without listing them ("Springfield").
MAX_PLACES_LISTED = 3


def _which_place(name: str, candidates: list[str], outcome: ReplyOutcome) -> ReplyOutcome:
    """ "Vancouver" alone: say there is more than one and ask which, naming them, instead of "I didn't
    catch that". When they are all in one country whose law differs by state ("Portland": Oregon or
    Maine), that country is noted and its state question comes next."""
    places = get_places()
    name = name.title() if name.islower() else name  # "vancouver" typed in a hurry
    countries = {code.split("-", 1)[0] for code in candidates}
    if len(countries) == 1 and country_needing_detail(next(iter(countries))):
        (country,) = countries
        values = {**outcome.slots, "country": country, "jurisdiction": None}
        say_values = {"name": name, "country": places.name(country)}
        return replace(outcome, slots=values, say="place_shared_in_country", say_values=say_values)
    if len(candidates) > MAX_PLACES_LISTED:
        return replace(outcome, say="place_shared_many", say_values={"name": name})
    named = [places.name(code) for code in candidates]
    options = ", ".join(named[:-1]) + " or " + named[-1]
    say_values = {"name": name, "options": options}
    return replace(outcome, say="place_shared", say_values=say_values, choices=tuple(candidates))


def which_place_question(name: str, choices: list[str]) -> dict[str, Any]:
    """ "Is that Perth in Western Australia, Ontario or Scotland?" as a question with a button for each
    place and Skip, so a person on a phone can tap where they live instead of typing it."""
    asked = _which_place(name, choices, ReplyOutcome({}, Safety(False, False, False), None))
    places = get_places()
    buttons = [{"title": places.name(code), "payload": choice_payload("jurisdiction", code)} for code in asked.choices]
    usual = question_for("jurisdiction")["buttons"]
    if not buttons:  # too many to list ("Springfield"): the usual country buttons
        return {"text": asked.said(), "buttons": usual}
    skip = choice_payload("jurisdiction", "unknown")
    return {"text": asked.said(), "buttons": [*buttons, *(b for b in usual if b["payload"] == skip)]}


def place_question(account: str, country: str | None = None) -> dict[str, Any] | None:
    """The place question when the story names a place several share ("im in perth"): "Is that Perth in
    Western Australia, Ontario or Scotland?" with those places as buttons, instead of "Where do you
    live?", which had asked as if nothing had been said. None when the story names no such place (or
    one whose country is known)."""
    found = extract_open_place(account or "") if not country else None
    shared = shared_place(found[0]) if found else None
    if shared is None:
        return None
    asked = _which_place(*shared, ReplyOutcome({}, Safety(False, False, False), None))
    return which_place_question(*shared) if asked.say != "place_shared_in_country" else None


def _bare_place_finer(text: str, slots: dict[str, Any]) -> str | None:
    """A reply that is only a place ("houston tx") to another question, when it says more than what is
    recorded: no place yet, or only the country (they had skipped the state question). It is where
    they live, given late. A bare place that differs from a recorded state or city is left alone: it
    may be where the other person is."""
    known = known_place(slots)
    known = None if known == "unknown" else known
    country = known.split("-", 1)[0] if known else None
    found = read_reply("jurisdiction", text, country)
    if not found or found == "unknown" or country_needing_detail(found):
        return None
    if known is None or (known == country and found.startswith(f"{country}-")):
        return found
    return None


def _place_read_in_known_country(text: str, facts: Facts, slots: dict[str, Any]) -> str | None:
    """The place the words name; a name two countries share ("I live in Vancouver actually") read
    in the country the conversation already knows, since people correct a city, not a country."""
    known = known_place(slots)
    if facts.jurisdiction or not known:
        return facts.jurisdiction
    return extract_place(text, known.split("-", 1)[0])


def known_place(slots: dict[str, Any]) -> str | None:
    """Where they live as far as we know: the state or city, else the country tapped before its
    state was asked ("United States", then danger: 911, not every country's number)."""
    return slots.get("jurisdiction") or slots.get("country")


def _chosen(slot: str, value: str, slots: dict[str, Any]) -> ReplyOutcome:
    """A tapped button: exactly its value (a country with states opens the state question)."""
    country = slots.get("country")
    no_danger = Safety(False, False, False)
    if slot == "jurisdiction" and value != "unknown" and country_needing_detail(value):
        return ReplyOutcome({"country": value, "jurisdiction": None}, no_danger, slots.get("jurisdiction"))
    if slot == "jurisdiction" and value == "unknown" and country:
        value = country  # skipped the state question: the country's law
    if slot == "safe_now" and value in NOT_SAFE:
        return ReplyOutcome({slot: value, "emergency_shown": True}, Safety(True, False, False), known_place(slots))
    values = {slot: value, **_danger_from_answers(slot, {**slots, slot: value})}
    return ReplyOutcome(values, no_danger, slots.get("jurisdiction") if slot != "jurisdiction" else value)


def place_in_request(text: str, slots: dict[str, Any]) -> dict[str, Any]:
    """Where the person lives, when the message that started the questions names it ("who can I
    call? I'm in Scotland"): a place they already gave is not asked again."""
    if slots.get("jurisdiction") or not text.strip():
        return {}
    place = slots_from_facts(extract_facts(text, learned=False)).get("jurisdiction")
    return {"jurisdiction": place} if place else {}


def give_up_on(slot: str, asked: int, slots: dict[str, Any], intent: str | None = None) -> ReplyOutcome | None:
    """After a digression or an unread reply the question comes back, but never more than MAX_ASKS
    times; then its answer is "unknown". "Are you safe right now?" left unanswered is treated as the
    "I'm not sure" button: the emergency steps come first (a person who cannot answer may not be safe).

    A "thanks" for the answer to an aside (`intent` "thank") is no try at the question, so it does not
    use up its last ask: "Have they threatened you?" had been dropped after "is this private?" and "thanks".
    """
    if intent in ACKNOWLEDGEMENTS:
        asked -= 1
    if asked < max_asks(slot):
        return None
    if slot == "safe_now" and not slots.get("emergency_shown"):
        return ReplyOutcome({slot: "unknown", "emergency_shown": True}, Safety(True, False, False), known_place(slots))
    return ReplyOutcome({slot: "unknown"}, Safety(False, False, False), known_place(slots))


# Once the emergency or crisis number has been shown (danger now, self-harm, "not safe"), only
# where the person lives is still asked (it gives the right numbers and services); the help comes
# next, not eight more questions. Anything else can still be told afterwards.
URGENT_QUESTION_SLOTS = ("jurisdiction",)


def next_question(slots: dict[str, Any]) -> str | None:
    """The question to ask next: "Are you safe right now?" first when it is needed, then the rest in
    order, or only the place once the emergency number has been shown."""
    if slots.get("safety_check") and slots.get("safe_now") is None and not slots.get("emergency_shown"):
        return "safe_now"
    remaining = URGENT_QUESTION_SLOTS if slots.get("emergency_shown") else QUESTION_SLOTS
    return next((slot for slot in remaining if slots.get(slot) is None), None)


# Why "Are you safe right now?" is asked when only the NLU hears danger.
NLU_DANGER_REASON = "the way you wrote this sounds like you may be in danger"


def _possible_danger(facts: Facts, slots: dict[str, Any], nlu: Safety | None, safety: Safety) -> dict[str, Any]:
    """`safety_check` with its reason, when danger is possible (by the engine's combinations, the NLU's
    hunch or the message's `safety.possible`) and the question has not been asked yet."""
    if slots.get("safety_check") or slots.get("emergency_shown") or slots.get("safe_now"):
        return {}
    why = needs_safety_check(facts) or (NLU_DANGER_REASON if nlu is not None or safety.possible else None)
    return {"safety_check": why} if why else {}


# The questions whose answers can make danger possible (patterns/safety_check.yml, answer_signals).
DANGER_ANSWER_SLOTS = frozenset({"location_known", "threats", "fears_safety"})


def _danger_from_answers(slot: str, slots: dict[str, Any]) -> dict[str, Any]:
    """`safety_check` when the answers so far, with the account, make danger possible
    ("they know where I am" tapped, then "yes, they threatened me")."""
    if slot not in DANGER_ANSWER_SLOTS or slots.get("safety_check") or slots.get("emergency_shown"):
        return {}
    if slots.get("safe_now"):
        return {}
    why = needs_safety_check(extract_facts(slots.get("account") or ""), answers_from_slots(slots))
    return {"safety_check": why} if why else {}


def nlu_danger(ranking: list[dict[str, Any]]) -> Safety | None:
    """What the NLU's intent ranking says about danger, when it is confident enough to act on."""
    scores = {str(item.get("name")): float(item.get("confidence") or 0) for item in ranking or []}
    danger = scores.get("emergency", 0.0) >= NLU_DANGER_CONFIDENCE
    self_harm = scores.get("self_harm", 0.0) >= NLU_DANGER_CONFIDENCE
    return Safety(danger, self_harm, False) if danger or self_harm else None


def _either(engine: Safety, nlu: Safety | None) -> Safety:
    """Danger if either reader sees it."""
    if nlu is None:
        return engine
    return Safety(engine.danger_now or nlu.danger_now, engine.self_harm or nlu.self_harm, engine.self_harm_now)


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
        # Danger from someone else: the emergency number alone. (The crisis line, "if you are thinking
        # about hurting yourself", comes with the self-harm message, not beside someone at the door.)
        text = emergency_message(contacts if self_harm else contacts[:1], numbers)
        if not ask_if_safe:
            text = text.rsplit("\n", 1)[0] if "\n" in text else text
        texts.append(text)
    if self_harm:
        # Asked here only when the emergency message (which asks it too) is not sent.
        texts.append(self_harm_message(contacts, numbers, ask=ask_if_safe and not texts))
    return texts


def assessment_turn(slots: dict[str, Any], asked: str = "", said: str = "") -> AssessmentTurn:
    """Assess the account with the answers so far; the emergency number first unless already shown.
    `asked` is the intent that asked for it ("ask_laws" after the assessment: the laws again), `said` the
    message that did ("ok i called them" after an emergency: what to do until help comes)."""
    answers = answers_given(slots)
    assessment = assess(slots.get("account") or "", answers.pop("jurisdiction", None), answers)
    emergency_first = assessment.risk == "emergency" and not slots.get("emergency_shown")
    summary = {
        "classification": assessment.classification,
        "risk": assessment.risk,
        "flags": list(assessment.flags),
        "jurisdiction": assessment.jurisdiction,
        "slots": {slot: slots.get(slot) for slot in (*QUESTION_SLOTS, "safe_now")},
    }
    found = "|".join(
        [assessment.classification, assessment.risk, ",".join(assessment.flags), assessment.jurisdiction or ""]
    )
    if slots.get("assessed") and slots.get("assessed_as") == found:
        # Something added after the assessment that changes none of it: said in a line, not in full again;
        # the laws or the helplines asked for again are given again.
        again = asked_again_messages(assessment, asked) or [unchanged_message(assessment)]
        if asked == "ask_reporting":
            again = [reporting_answer(assessment.jurisdiction)]
        if assessment.risk == "emergency" and (news := help_news(said)):
            again = [reply(news)]  # "ok i called them": what to do until help comes; "the police are here now"
        held_back = has_held_back(assessment) and asked != "ask_laws"
        return AssessmentTurn(assessment, emergency_first, again, summary, found, True, held_back)
    messages = assessment_messages(assessment, asking_for(slots.get("account") or ""))
    if slots.get("assessed"):
        messages = [reply("assessment_changed"), *messages]
    return AssessmentTurn(assessment, emergency_first, messages, summary, found, held_back=has_held_back(assessment))


def reporting_answer(code: str | None) -> str:
    """ "Should I go to the police?": how reporting works, and the police lines where they live."""
    kb = get_knowledge_base()
    step, contacts = kb.reporting_help(code)
    place = get_places().name(code) if code else ""
    return reporting_message(step, contacts, place, all_emergency_numbers(kb))


def payment_demand_answer(slots: dict[str, Any]) -> str:
    """ "Should I just pay them?" (a demand under threat of sharing images): do not pay, at any point of
    the conversation; it had been read as "is this service free?" and answered "Yes, it's free"."""
    return payment_demand_message(get_knowledge_base().payment_demand_help(bool(slots.get("assessed"))))


def keep_in_account(text: str, slots: dict[str, Any]) -> dict[str, Any]:
    """Words said with a danger alert are part of the story, however short: keep them and what they tell us."""
    if not text.strip():
        return {}
    values: dict[str, Any] = {"account": extend_account(slots.get("account"), text, get_settings().max_account_chars)}
    values.update(merge_found_slots(slots_from_facts(extract_facts(text)), slots, None, False))
    return values


# Signals that on their own tell of harassment, stalking or danger (others, like a time word or a
# hedge, only colour a story).
STORY_SIGNALS = frozenset(
    {
        "repeated_contact",
        "new_accounts",
        "blocked",
        "asked_to_stop",
        "cross_platform",
        "third_party_contact",
        "monitoring",
        "named_stalking",
        "named_harassment",
        "tracking",
        "account_compromise",
        "showed_up",
        "knows_location",
        "threat_violence",
        "threat_veiled",
        "threat_nonspecific",
        "insults",
        "sexual_harassment",
        "intimate_images",
        "private_images",
        "extortion_demand",
        "doxxing",
        "impersonation",
        "hate",
        "pile_on",
        "danger_now",
        "self_harm",
        "fear",
    }
)
# Words enough to be a story even when no pattern matched.
STORY_WORDS = 25
# The short reply for each intent the NLU may use to brush a message off.
BRUSH_OFF_RESPONSES = {
    "out_of_scope": "utter_out_of_scope",
    "chitchat": "utter_chitchat",
    "other_language": "utter_other_language",
}
# After the assessment the story has been told: small talk is not asked for it again.
BRUSH_OFF_AFTER_ASSESSMENT = {
    **BRUSH_OFF_RESPONSES,
    "chitchat": "utter_chitchat_after_assessment",
    "goodbye": "utter_goodbye",
    "thank": "utter_thanks_reply",
}
# Words enough, after the assessment, for a statement to be more of the story ("he's a cop, that's why
# I haven't gone to them"), whatever intent the NLU gave it; a bare "ok thanks" is not.
MORE_WORDS_AFTER_ASSESSMENT = 6


def looks_like_an_account(text: str) -> bool:
    """Whether a message tells of harassment or stalking, whatever intent the NLU gave it."""
    if not text.strip():
        return False
    facts = extract_facts(text)
    return bool(set(facts.signals) & STORY_SIGNALS) or len(text.split()) >= STORY_WORDS


def tells_more_after_assessment(text: str) -> bool:
    """Whether a message after the assessment adds to the story: it tells of harassment or stalking, or
    it is a statement long enough to be a fact ("well the thing is i still live with him"), not a question."""
    if looks_like_an_account(text):
        return True
    return len(text.split()) >= MORE_WORDS_AFTER_ASSESSMENT and "?" not in text and not asks_back(text)


def brush_off_response(intent: str, assessed: bool = False) -> str:
    """The domain response for a message that is not an account (after the assessment, one that
    does not ask for the story again)."""
    return (BRUSH_OFF_AFTER_ASSESSMENT if assessed else BRUSH_OFF_RESPONSES).get(intent, "utter_default")


SAFETY_INTENTS = frozenset({"emergency", "self_harm"})


def safety_intent(text: str, intent: str | None) -> str | None:
    """The intent a message must take for safety's sake (`emergency` or `self_harm`), or None.

    The engine reads the words, whatever the NLU chose (the NLU's own choice of `emergency` or
    `self_harm` already leads there; its weaker hunches lead to "Are you safe right now?", see
    take_account). Danger now outranks self-harm in the intent; the emergency action still
    gives the crisis line when the words speak of self-harm.
    """
    if intent in SAFETY_INTENTS or not text.strip() or text.startswith("/"):
        return None
    found = safety_check(text)
    if found.danger_now:
        return "emergency"
    if found.self_harm:
        return "self_harm"
    return None
