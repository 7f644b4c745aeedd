"""Read a person's short answers to the conversation's questions, typed or tapped.

Buttons send plain words ("Yes", "I don't know", "An ex-partner"), so typed and tapped
answers go through the same reading. "I don't know" and "skip" are answers too: they are
kept as `unknown`, never turned into a "no".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from bot.place_names import EVERYDAY_SHORT_FORMS, get_vocabulary, related
from bot.places import get_places
from bot.triage.extract import extract_facts, extract_open_place, extract_place
from bot.triage.extract.place_spelling import with_places_spelt
from bot.triage.nlp import load_patterns

CITY_KINDS = frozenset({"city", "town", "area", "county"})  # readings a known country narrows ("Portland" in the US)

UNKNOWN = re.compile(
    r"\b(skip|pass|idk|dunno|not sure|unsure|no idea|don'?t know|do not know|dont know|rather not|"
    r"prefer not|no clue|maybe|can'?t say|next)\b",
    re.I,
)
YES = re.compile(
    r"^\s*(y|ya|yes+|yeah|yea|yep|yup|sure|correct|right|true|definitely|absolutely|of course|"
    r"i think so|i have|i did|they have|he has|she has|they did|he did|she did|it is|i am|i'?m scared|a lot|"
    # a hedged yes is a yes ("kind of yeah" to "Are you afraid?"): erring towards the safer reading
    r"kind of|kinda|sort of|sorta|i guess|i suppose|a bit|a little|somewhat|pretty much|more or less)\b",
    re.I,
)
NO = re.compile(
    r"^\s*(n|no+|nope|nah|not really|never|not at all|none|i haven'?t|i have not|they haven'?t|"
    r"he hasn'?t|she hasn'?t|not yet|no one|nothing|i'?m not|i am not)\b",
    re.I,
)

FREQUENCY_WORDS = [
    (
        "daily",
        r"\b(every ?day|daily|all the time|constantly|non-?stop|every night|hourly|every hour|many times a day)\b",
    ),
    (
        "repeated",
        r"\b(weeks|months|years|keeps? happening|again and again|over and over|lots|many times|often|regularly|repeated|weekly|every week)\b",
    ),
    ("few_times", r"\b(few times|a few|couple|twice|two|three|several|some times|sometimes)\b"),
    ("once", r"\b(once|one time|just one|a single|only one|one message)\b"),
]


def yes_no_unknown(text: str) -> str | None:
    """`yes`, `no`, `unknown`, or None when the reply is none of these."""
    if not text or not text.strip():
        return None
    if UNKNOWN.search(text):
        return "unknown"
    if NO.search(text):
        return "no"
    if YES.search(text):
        return "yes"
    return None


def reply_pattern(entries: Iterable[str]) -> re.Pattern[str]:
    """One regex for a list of people.yml reply words (see the syntax there).

    Each entry is found where a word starts and may run on; "=word" is the whole word only; an
    apostrophe in an entry may be left out in the reply.
    """
    alternatives = []
    for entry in entries:
        whole = entry.startswith("=")
        body = "'?".join(re.escape(part) for part in entry.lstrip("=").split("'"))
        alternatives.append(r"\b" + body + (r"\b" if whole else ""))
    return re.compile("|".join(alternatives), re.I)


@lru_cache(maxsize=1)
def _relationship_replies() -> tuple[tuple[tuple[str, re.Pattern[str]], ...], re.Pattern[str]]:
    """Per relationship, in people.yml's order, the pattern of its reply words; and "I don't know who"."""
    replies = load_patterns("people.yml")["replies"]
    unknown_person = list(replies["unknown_person"])
    readers = tuple(
        (value, reply_pattern(list(entries) + (unknown_person if value == "stranger" else [])))
        for value, entries in replies["relationships"].items()
    )
    return readers, reply_pattern(unknown_person)


def relationship(text: str) -> str | None:
    """A relationship from a reply: the account patterns first, then people.yml's short reply words."""
    readers, unknown_person = _relationship_replies()
    if UNKNOWN.search(text) and not unknown_person.search(text):
        return "unknown"
    facts = extract_facts(text, learned=False)  # a relationship or an age: no second opinion needed
    if facts.relationship:
        return facts.relationship
    for value, pattern in readers:
        if pattern.search(text):
            return value
    return None


def frequency(text: str) -> str | None:
    if UNKNOWN.search(text):
        return "unknown"
    for value, pattern in FREQUENCY_WORDS:
        if re.search(pattern, text, re.I):
            return value
    return None


def asked_or_blocked(text: str) -> str | None:
    """`asked`, `blocked`, `both`, `no` or `unknown` for "did you ask them to stop or block them?"."""
    lower = text.lower()
    asked = bool(re.search(r"\b(ask|asked|told|tell|said|begged)\b", lower))
    blocked = bool(re.search(r"\bblock", lower))
    if re.search(r"\bboth\b", lower) or (asked and blocked):
        return "both"
    if asked or blocked:
        return "asked" if asked else "blocked"
    return yes_no_unknown(text) if yes_no_unknown(text) in ("no", "unknown") else None


def location_known(text: str) -> str | None:
    """`knows`, `showed_up`, `both`, `no` or `unknown` for "do they know where you are / shown up?"."""
    lower = text.lower()
    showed = bool(re.search(r"\b(show|showed|shown|turned up|came|come|outside|followed|in person|waiting)\b", lower))
    knows = bool(re.search(r"\b(know|knows|found|address|where i live|where i work)\b", lower)) and not re.search(
        r"\b(don'?t|doesn'?t|not) know\b", lower
    )
    if re.search(r"\bboth\b", lower) or (showed and knows):
        return "both"
    if showed or knows:
        return "showed_up" if showed else "knows"
    answer = yes_no_unknown(text)
    return "knows" if answer == "yes" else answer


def under_18(text: str) -> str | None:
    facts = extract_facts(text, learned=False)  # a relationship or an age: no second opinion needed
    if facts.age is not None:
        return "yes" if facts.age < 18 else "no"
    if re.search(r"\b(under 18|minor|teen|i'?m a kid|child)\b", text, re.I):
        return "yes"
    if re.search(r"\b(adult|over 18|18 or older|grown)\b", text, re.I):
        return "no"
    return yes_no_unknown(text)


def shared_place(text: str, country: str | None = None) -> tuple[str, list[str]] | None:
    """The name and the places it may mean (sorted by code), when a reply names one place several
    share ("Vancouver": CA-BC or US-WA), narrowed to those in `country` when there are any; None when one is left."""
    found = extract_open_place(f"I live in {text.strip()}")
    if found is None:
        return None
    name, candidates = found
    inside = sorted(c for c in candidates if not country or related(c, country)) or sorted(candidates)
    return (name, inside) if len(inside) > 1 else None


def place(text: str, country: str | None = None) -> str | None:
    """A jurisdiction code from a reply like "Texas", "TX", "Leeds", "Ontario, Canada" or "us-ca".

    A reply that is one name is looked up as a whole, its cities narrowed to `country` when one is
    known ("Reading" alone is England or Pennsylvania; with the US known, Pennsylvania); anything
    else is read as "I live in ..." by the triage engine.
    """
    places = get_places()
    vocabulary = get_vocabulary()
    stripped = text.strip().strip(".!")
    if UNKNOWN.search(stripped):
        return "unknown"
    known = places.get(stripped)
    if known is not None and len(stripped) <= 6:
        return known.code
    # A short form that is an everyday word counts only in capitals: "OK" is Oklahoma, "ok" a reply.
    short = stripped if stripped.isupper() or stripped.lower() not in EVERYDAY_SHORT_FORMS else None
    name = (
        vocabulary.any_case.get(" ".join(text.lower().split()))  # "Washington, D.C." keeps its last dot
        or vocabulary.any_case.get(" ".join(stripped.lower().split()))
        or (vocabulary.exact.get(short.upper()) if short else None)
    )
    if name is not None:
        readings = [r for r in name.readings if r.kind != "ap"]
        if country:  # a city inside the country given ("Portland" in the US); a state or country as named
            readings = [r for r in readings if r.kind not in CITY_KINDS or related(r.code, country)] or readings
        places_meant = {vocabulary.covered(r.code) for r in readings} - {None}
        code = None if name.ambiguous_alone and len(places_meant) > 1 else vocabulary.settle(readings)
        if code:
            return code
    found = extract_place(f"I live in {text.strip()}", country)  # "i live in vancouver" with Canada known
    if found is None:
        # ("melborne" as Melbourne; lower-cased first, as the speller leaves capitalised names alone)
        corrected = with_places_spelt(text)
        if corrected:
            return place(corrected, country)
    return found
