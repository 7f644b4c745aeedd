"""Conversation logic shared by every channel: what an account tells us, what is left to ask,
how to read a reply, and when to put safety first. No Rasa here: actions call these.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.conversation import answers
from bot.conversation.buttons import choice_payload
from bot.conversation.replies import reply
from bot.places import get_places
from bot.triage.extract import extract_facts
from bot.triage.extract.own_plans import safe_plan
from bot.triage.extract.someone import only_trusted_people, speaks_of_someone
from bot.triage.models import Facts
from bot.triage.nlp import get_pipeline

# The questions, in the order they are asked; each is skipped when already known.
QUESTION_SLOTS = (
    "jurisdiction",
    "relationship",
    "frequency",
    "asked_or_blocked",
    "location_known",
    "threats",
    "fears_safety",
    "under_18",
    "intimate_images",
)
# Countries whose law differs by state, province or nation: ask for that too.
SUBDIVIDED = {"US", "CA", "AU", "GB"}


@dataclass(frozen=True)
class Safety:
    danger_now: bool
    self_harm: bool
    self_harm_now: bool
    # Danger possible but not certain: the learned reading alone saw it in a message that speaks of
    # nobody but the user, or only people the user trusts are on their way ("my mum is coming to get
    # me"): ask "Are you safe right now?" rather than show the emergency numbers (`safety_check`).
    possible: bool = False

    @property
    def urgent(self) -> bool:
        return self.danger_now or self.self_harm


def safety_check(text: str, facts: Facts | None = None, relationship: str | None = None) -> Safety:
    """Danger right now or self-harm, whatever the conversation was doing.

    Danger now read by the learned second opinion alone, in a message that speaks of nobody but the
    user and does not read like self-harm ("walking the dog rn", "staying at my nan's tonight": it
    reads short messages by their shape), is possible danger: the person is asked whether they are
    safe. An account's assessment (`rubric.assess`) keeps the opinion's reading as it is: there a
    missed emergency costs more, and no question follows each sentence.

    So is danger that is only someone the user trusts on the way ("my mum is coming to get me", "the
    police are on their way"), with no threat or weapon, unless the person doing it is family and the
    one coming a relative (`relationship`, the conversation's answer).
    """
    facts = facts or extract_facts(text or "")
    self_harm = facts.has("self_harm")
    # The rules, or the learned second opinion (which reads self-harm now as an emergency too: that is self-harm).
    learned = facts.has("learned_danger_now") and not self_harm
    if (learned or _only_arriving(facts)) and not self_harm and not _rules_danger_beyond_arrival(facts):
        doc = get_pipeline().nlp(text or "")
        said = [token.lower_ for token in doc]
        nobody = not facts.has("danger_now") and not facts.has("learned_flag_self_harm_risk")
        nobody = nobody and not speaks_of_someone(said, [token.text for token in doc])
        if nobody or (_no_threat(facts) and only_trusted_people(said, relationship)):
            return Safety(False, False, False, possible=True)
    danger = facts.has("danger_now") or learned
    return Safety(danger, self_harm, self_harm and facts.has("self_harm_now"))


def _only_arriving(facts: Facts) -> bool:
    """The rules read danger now only as someone on the way (`danger_coming`), nothing there yet."""
    coming = {(e.quote, e.sentence) for e in facts.signals.get("danger_coming", [])}
    return bool(coming) and all((e.quote, e.sentence) in coming for e in facts.signals.get("danger_now", []))


def _rules_danger_beyond_arrival(facts: Facts) -> bool:
    return facts.has("danger_now") and not _only_arriving(facts)


def _no_threat(facts: Facts) -> bool:
    return not any(facts.has(s) for s in ("threat_violence", "threat_veiled", "weapon", "fear"))


def slots_from_facts(facts: Facts) -> dict[str, Any]:
    """The question slots an account already answers (only positive findings: silence is not a no)."""
    found: dict[str, Any] = {}
    if facts.jurisdiction:
        found["jurisdiction"] = facts.jurisdiction
    if facts.relationship:
        found["relationship"] = facts.relationship
    if facts.has("repeated_contact") or facts.has("new_accounts"):
        found["frequency"] = "repeated"
    blocked = facts.has("blocked") or facts.has("block_told")  # (a block with nothing after it is still told)
    if facts.has("asked_to_stop") and blocked:
        found["asked_or_blocked"] = "both"
    elif facts.has("asked_to_stop") or blocked:
        found["asked_or_blocked"] = "asked" if facts.has("asked_to_stop") else "blocked"
    if facts.has("showed_up") and facts.has("knows_location"):
        found["location_known"] = "both"
    elif facts.has("showed_up") or facts.has("knows_location"):
        found["location_known"] = "showed_up" if facts.has("showed_up") else "knows"
    if facts.has("threat_violence"):
        found["threats"] = "yes"
    if facts.has("fear"):
        found["fears_safety"] = "yes"
    if facts.age is not None:
        found["under_18"] = "yes" if facts.age < 18 else "no"
    elif facts.minor_quote:
        found["under_18"] = "yes"
    if facts.has("intimate_images"):
        found["intimate_images"] = "yes"
    return found


def country_needing_detail(code: str | None) -> str | None:
    """For 'US' or 'Canada' alone, the country whose state or province we should ask about."""
    if code and "-" not in code and code in SUBDIVIDED:
        return code
    return None


# Questions a reply telling the user's own plan does not answer (`own_plan`), and the words that say
# it is not done yet ("not yet but im going to block him").
PLANS_ARE_NO_ANSWER = frozenset({"asked_or_blocked", "relationship"})
NOT_YET = re.compile(r"\b(not yet|no|nope|havent|haven't|neither)\b", re.IGNORECASE)


def own_plan(text: str) -> bool:
    """Whether a reply tells the user's own plan to get help or keep safe (`own_plans.safe_plan`)."""
    return safe_plan([token.lower_ for token in get_pipeline().nlp(text)])


def read_reply(slot: str, text: str, country: str | None = None) -> Any:
    """Read a reply to the question for `slot`; None when it can't be read."""
    readers = {
        "jurisdiction": lambda t: answers.place(t, country),
        "relationship": answers.relationship,
        "frequency": answers.frequency,
        "asked_or_blocked": answers.asked_or_blocked,
        "location_known": answers.location_known,
        "threats": answers.threats,
        "fears_safety": answers.fears_safety,
        "under_18": answers.under_18,
        "intimate_images": answers.intimate_images,
        "safe_now": answers.safe_now,
    }
    if slot in PLANS_ARE_NO_ANSWER and own_plan(text or ""):
        # "im going to block him tonight" has not blocked him yet; "not yet but..." is the "Neither" button ("no");
        # "im going to tell the school" names no one
        return "no" if slot == "asked_or_blocked" and NOT_YET.search(text or "") else None
    value = readers[slot](text or "")
    if value is None and slot != "jurisdiction":  # places have their own reading of misspelt names
        respelt = respell(text or "", _button_words(slot))
        if respelt != text:
            value = readers[slot](respelt)
    return value


# A typed word this close to a word of the question's own buttons is read as that word
# (difflib's ratio: "scool" -> "school" 0.91, "blokced" -> "blocked" 0.86).
RESPELL_CUTOFF = 0.8
RESPELL_MIN_LETTERS = 4


def respell(text: str, vocabulary: frozenset[str]) -> str:
    """The reply with each unknown word of 4+ letters replaced by the closest vocabulary word, if close."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        if len(word) < RESPELL_MIN_LETTERS or word.lower() in vocabulary:
            return word
        close = difflib.get_close_matches(word.lower(), vocabulary, n=1, cutoff=RESPELL_CUTOFF)
        return close[0] if close else word

    return re.sub(r"[A-Za-z]+", fix, text)


@cache
def _button_words(slot: str) -> frozenset[str]:
    """The words of a question's button titles (every variant): what a typed reply most likely meant."""
    question = _questions()["questions"][slot]
    variants = [question, *(question.get("by_country") or {}).values()]
    titles = " ".join(str(b["title"]) for variant in variants for b in variant.get("buttons") or [])
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", titles) if len(w) >= RESPELL_MIN_LETTERS)


def answers_from_slots(slots: dict[str, Any]) -> dict[str, Any]:
    """Map the conversation's slots to the triage engine's `answers`."""
    result: dict[str, Any] = {}
    for key in ("relationship", "threats", "fears_safety", "under_18", "intimate_images", "frequency"):
        value = slots.get(key)
        if value not in (None, "", "unknown"):
            result[key] = value
    asked = slots.get("asked_or_blocked")
    if asked in ("asked", "both"):
        result["asked_to_stop"] = "yes"
    if asked in ("blocked", "both"):
        result["blocked"] = "yes"
    if asked == "no":
        result["asked_to_stop"] = result["blocked"] = "no"
    known = slots.get("location_known")
    if known in ("knows", "both"):
        result["knows_location"] = "yes"
    if known in ("showed_up", "both"):
        result["showed_up"] = "yes"
    if known == "no":
        result["knows_location"] = result["showed_up"] = "no"
    code = slots.get("jurisdiction")
    if code and code != "unknown" and get_places().known(code):
        result["jurisdiction"] = code
    return result


def answers_given(slots: dict[str, Any]) -> dict[str, Any]:
    """The engine's `answers` from what the person answered, without what their own words said.

    Slots the account itself filled (`slots_from_facts`) are left to the engine, which reads the
    words and quotes them as the reason; "you answered yes" is kept for real answers.
    """
    told = slots_from_facts(extract_facts(slots.get("account") or ""))
    told.pop("jurisdiction", None)  # the place stays: a correction ("actually I'm in Ohio") must win over the words
    return answers_from_slots({slot: value for slot, value in slots.items() if told.get(slot, object()) != value})


@lru_cache(maxsize=1)
def _questions() -> dict[str, Any]:
    return yaml.safe_load((Path(__file__).resolve().parent / "templates" / "questions.yml").read_text(encoding="utf-8"))


def question_for(slot: str, country: str | None = None, relative: str | None = None) -> dict[str, Any]:
    """The question for a slot as {"text", "buttons"}; the state/province variant once a country is known;
    its `for_someone` words when the account is about the writer's `relative` ("daughter").

    Each button's payload sets exactly the value it stands for (see :mod:`bot.conversation.buttons`).
    """
    question = _questions()["questions"][slot]
    variant = (question.get("by_country") or {}).get(country or "")
    chosen = variant or question
    buttons = [
        {"title": str(b["title"]), "payload": choice_payload(slot, str(b["value"]))}
        for b in chosen.get("buttons") or []
    ]
    text = chosen["text"]
    if relative and question.get("for_someone") and not variant:
        text = str(question["for_someone"]).format(relative=relative)
        titles = question.get("for_someone_titles") or {}
        for button, value in zip(buttons, (str(b["value"]) for b in chosen.get("buttons") or []), strict=True):
            button["title"] = str(titles.get(value, button["title"]))
    return {"text": text, "buttons": buttons}


def asks_what_it_means(text: str) -> bool:
    """Whether a reply to a question asks what the question means ("sorry what do you mean?", "huh"):
    then it is explained and asked again, instead of "I didn't catch that" or a glossary of terms."""
    return _as_meant(text) in _meaning_requests()


def _as_meant(text: str) -> str:
    """The reply lower-cased, without punctuation, its texting spellings read as the words meant."""
    spellings = _questions()["asking_what_it_means_spellings"]
    words = re.sub(r"[^\w\s']", " ", (text or "").lower()).split()
    return " ".join(str(spellings.get(word, word)) for word in words)


@lru_cache(maxsize=1)
def _meaning_requests() -> frozenset[str]:
    return frozenset(_as_meant(str(phrase)) for phrase in _questions()["asking_what_it_means"])


def choices_for(slot: str, country: str | None = None) -> tuple[str, list[tuple[str, str]]]:
    """The question for a slot as its text and its (value, title) choices (the staff console asks them)."""
    question = _questions()["questions"][slot]
    chosen = (question.get("by_country") or {}).get(country or "") or question
    return chosen["text"], [(str(b["value"]), str(b["title"])) for b in chosen.get("buttons") or []]


@lru_cache(maxsize=1)
def button_values() -> dict[str, frozenset[str]]:
    """Every value a button may set, per question slot (all variants together); for where they live,
    every place known too (a place several share is asked about with a button for each: Perth in
    Western Australia, Ontario or Scotland)."""
    found: dict[str, set[str]] = {}
    for slot, question in _questions()["questions"].items():
        variants = [question, *(question.get("by_country") or {}).values()]
        found[slot] = {str(b["value"]) for variant in variants for b in variant.get("buttons") or []}
    found["jurisdiction"] |= set(get_places().places)
    return {slot: frozenset(values) for slot, values in found.items()}


def phrase(name: str) -> str:
    """A fixed line of the conversation ('acknowledge', 'not_understood'): kept for callers; see `replies.reply`."""
    return reply(name)
