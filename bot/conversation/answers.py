"""Read a person's short answers to the conversation's questions, typed or tapped.

Buttons send plain words ("Yes", "I don't know", "An ex-partner"), so typed and tapped
answers go through the same reading. "I don't know" and "skip" are answers too: they are
kept as `unknown`, never turned into a "no".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import cache, lru_cache
from typing import Any

from bot.place_names import EVERYDAY_SHORT_FORMS, get_vocabulary, related
from bot.places import get_places
from bot.triage.extract import extract_facts, extract_open_place, extract_place
from bot.triage.extract.place_spelling import with_places_spelt
from bot.triage.nlp import load_patterns

CITY_KINDS = frozenset({"city", "town", "area", "county"})  # readings a known country narrows ("Portland" in the US)


@lru_cache(maxsize=1)
def _words() -> dict[str, Any]:
    """patterns/answers.yml: how people type short answers (every entry a string: YAML reads a bare
    yes, no, y, n or true as a boolean)."""
    words = load_patterns("answers.yml")

    def check(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                check(value, f"{where}/{key}")
        elif isinstance(node, list):
            odd = [entry for entry in node if not isinstance(entry, str)]
            if odd:
                raise ValueError(f"answers.yml {where}: not words (quote them): {odd!r}")

    check(words, "")
    return words


def _phrases(entries: Iterable[str]) -> str:
    """Whole words or phrases as one regex alternation; an apostrophe may be left out, spaces vary."""
    bodies = []
    for entry in sorted({str(e).lower() for e in entries}, key=len, reverse=True):
        body = r"\s+".join("'?".join(re.escape(part) for part in word.split("'")) for word in entry.split())
        start = r"\b" if entry[:1].isalnum() else ""
        end = r"\b" if entry[-1:].isalnum() else ""
        bodies.append(start + body + end)
    return "|".join(bodies)


@cache
def _anywhere(*keys: str) -> re.Pattern[str]:
    """The phrases of answers.yml at these keys ("safe", "yes"), found anywhere in the reply."""
    node: Any = _words()
    for key in keys:
        node = node[key]
    return re.compile(_phrases(node), re.I)


@cache
def _first(kind: str) -> re.Pattern[str]:
    """The `starts` phrases of this kind ("yes", "no") said first in the reply."""
    return re.compile(r"^\W*(?:" + _phrases(_words()["starts"][kind]) + r")(?!\w)", re.I)


# A question back ("why do you need to know?", "will he know if i block him?") answers nothing.
QUESTION_BACK = re.compile(
    r"^\W*(why|how|what|will|would|can|could|is|are|do|does|should|who|where|when)\b[^?]*\?\W*$"
    r"|^\W*(how (do|can|would|should) (i|you)|how to|what if|will (he|she|they) (know|see|find))\b"
    r"|^\W*(what do you mean|what does (that|it) mean|define)\b"
    r"|^\W*what (does|do) [\w-]+( [\w-]+)? (mean|stand for)\b[^.?!]*[.?!]*\W*$",  # "what does sextortion mean"
    re.I,
)
# A yes said last ("not for me but for my sister yes", "does 17 and a half count? yes i guess").
LAST_YES = re.compile(r"\b(yes|yeah|yep|yh|yea)\b(\W+(i guess|i think|i suppose))?\W*$", re.I)
# A word negated just before ("didnt block", "havent blocked him", "not every day").
NEGATED = re.compile(
    r"\b(not|never|didn'?t|haven'?t|hasn'?t|don'?t|doesn'?t|won'?t|can'?t|wasn'?t|no)\s+(\w+\s+)?$", re.I
)


def asks_back(text: str) -> bool:
    return bool(QUESTION_BACK.search(text))


def unknown(text: str) -> bool:
    return bool(_anywhere("unknown").search(text))


def yes_no_unknown(text: str) -> str | None:
    """`yes`, `no`, `unknown`, or None when the reply is none of these."""
    if not text or not text.strip() or asks_back(text):
        return None
    if unknown(text):
        return "unknown"
    if _first("no").search(text):
        return "no"
    yes = _first("yes").search(text)
    if yes and re.match(r"\s*(not|never|n'?t)\b", text[yes.end() :], re.I):
        return "no"  # "he has not threatened anyone", "i did not"
    if (
        yes
        and COPULA_ECHO.fullmatch(yes.group().strip())
        and re.match(r"\s+(?!yes|yeah|yep)\w", text[yes.end() :], re.I)
    ):
        yes = None  # "I am very worried", "I am at home": a statement of its own, not "I am" (yes)
    if yes or LAST_YES.search(text):
        return "yes"
    return None


# "I am", "we are", "it is": a yes said alone ("i am", "we are, yes"); followed at once by more words
# they start a statement ("I am very worried" to "Have they threatened you?" had been read as yes).
COPULA_ECHO = re.compile(r"(i am|we are|it is)", re.I)


def _found(text: str, signals: Iterable[str]) -> bool:
    """The engine reads one of these in the reply ("yh he said hed kill me": a threat)."""
    facts = extract_facts(text, learned=False)
    return any(facts.has(signal) for signal in signals)


def _after_but(text: str) -> str:
    """What comes after the last "but" ("he hasnt shared them but he said he might"): it decides."""
    parts = re.split(r"\bbut\b", text, flags=re.I)
    return parts[-1] if len(parts) > 1 else ""


def yes_by(signals: tuple[str, ...], told: str | None = None) -> Callable[[str], str | None]:
    """A yes/no reader that also takes the engine's reading of the words: a reply that tells it happened
    ("he said he'd leak them") is a yes; a "no" said first stands unless what follows "but" tells it."""

    def read(text: str) -> str | None:
        said = yes_no_unknown(text)
        rest = _after_but(text)
        if said == "no" and rest and (_found(rest, signals) or _told(rest) or _now_yes(rest)):
            return "yes"  # "not directly but he said something bad will happen to me"; "not before but now yes"
        if said is not None or not text.strip() or asks_back(text):
            return said
        return "yes" if _found(text, signals) or _told(text) else None

    def _told(text: str) -> bool:
        return bool(told and _said(text, _anywhere(told)))

    return read


def _now_yes(text: str) -> bool:
    """ "(but) now yes", "now i am": what follows "but" turns the no round."""
    return yes_no_unknown(re.sub(r"^\W*(?:now|then|since then|these days)\b\W*", "", text.strip(), flags=re.I)) == "yes"


threats = yes_by(("threat_violence", "threat_veiled", "threat_nonspecific", "weapon"), "threats_told")
_fears_by_the_engine = yes_by(("fear", "unsafe_told"), "fears_told")


def fears_safety(text: str) -> str | None:
    """Afraid for their safety: "more angry than scared" and "for my safety no" are a no, unless a fear
    is told after "but" ("im fine but terrified at night")."""
    if text and _anywhere("fears_not").search(text) and not asks_back(text):
        rest = _after_but(text)
        told_after = rest and (_found(rest, ("fear", "unsafe_told")) or _said(rest, _anywhere("fears_told")))
        return "yes" if told_after else "no"
    return _fears_by_the_engine(text)


_images_by_the_engine = yes_by(("intimate_images", "private_images", "sextortion"))


def intimate_images(text: str) -> str | None:
    """The images question: the engine's reading, or a reply telling what was done with them (asked
    about images, "he said he'd leak them" needs no word for what they show)."""
    said = _images_by_the_engine(text)
    if said == "no" and _anywhere("images_threat").search(_after_but(text)):
        return "yes"  # "not yet but hes said he will": threatened to share them
    if said is None and not asks_back(text) and _said(text, _anywhere("images_done")):
        return "yes"
    return said


def safe_now(text: str) -> str | None:
    """ "Are you safe right now?": not safe when it says so or danger is read; when unsure, not sure."""
    if not text or not text.strip() or asks_back(text):
        return None
    if _found(text, ("danger_now",)):
        return "no"
    if _safe_whatever_felt(text):
        return "yes"
    if _anywhere("safe", "no").search(text):
        return "no"
    if _anywhere("safe_until").search(text):
        return "unknown"  # ("yes until he gets home at 6")
    if unknown(text) or re.match(r"^\W*(?:" + _phrases(_words()["safe_hedges"]) + r")(?!\w)", text, re.I):
        return "unknown"  # ("kinda": not sure, and the emergency steps come first)
    if _first("no").search(text):
        return "no"
    if _first("yes").search(text) or _anywhere("safe", "yes").search(text) or LAST_YES.search(text):
        return "yes"
    return None


@cache
def _safe_then_a_feeling() -> re.Pattern[str]:
    words = _words()
    return re.compile(
        r"^\W*(?:" + _phrases(words["safe_said"]) + r")\W*(?:but\b|,|-)\W*"
        r"(?:(?:i'?m|i am|i feel|feeling|just|still|but)\s+)*(?:" + _phrases(words["safe_feelings"]) + ")",
        re.I,
    )


def _safe_whatever_felt(text: str) -> bool:
    """Safe said first, then only how they feel ("physically yes, mentally not at all"): safe now."""
    return bool(_safe_then_a_feeling().search(text)) and not _anywhere("safe_feelings_later").search(text)


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
    stranger = dict(readers)["stranger"]
    if unknown(text) and not unknown_person.search(text) and not stranger.search(text):
        return "unknown"  # ("no idea, some fake profile": a stranger)
    facts = extract_facts(text, learned=False)  # a relationship or an age: no second opinion needed
    if facts.relationship:
        return facts.relationship
    for value, pattern in readers:
        if pattern.search(text):
            return value
    return None


TIMES = re.compile(
    r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|dozens?|hundreds?)\s+(or\s+\d+\s+)?times?\b", re.I
)
SMALL_COUNTS = frozenset({"2", "3", "4", "5", "two", "three", "four", "five"})


def _counted_since(text: str, match: re.Match[str]) -> bool:
    """ "since" after a few times counted ("3 or 4 times since last friday"): the count answers it."""
    if match.group(0).lower() != "since":
        return False
    before = text[: match.start()]
    count = TIMES.search(before)
    return bool(
        _anywhere("frequency", "few_times").search(before) or (count and count.group(1).lower() in SMALL_COUNTS)
    )


def frequency(text: str) -> str | None:
    """How often: the first kind whose words the reply says, not negated ("not every day but for months")."""
    if not text or asks_back(text):
        return None
    text = re.sub(r"(?<=\w)\.\s+(?=\w)", " ", text)  # ("every. single. day.")
    for kind in ("daily", "repeated", "few_times", "once"):
        for match in _anywhere("frequency", kind).finditer(text):
            if NEGATED.search(text[: match.start()]) or _counted_since(text, match):
                continue
            return kind
    count = TIMES.search(text)
    if count:
        return "few_times" if count.group(1).lower() in SMALL_COUNTS else "repeated"
    return "unknown" if unknown(text) else None


def _said(text: str, pattern: re.Pattern[str]) -> bool:
    """One of the pattern's words is said and not negated ("didnt block", "havent blocked")."""
    return any(not NEGATED.search(text[: m.start()][-25:]) for m in pattern.finditer(text))


def called_for_help(text: str) -> bool:
    """Whether the person says they have called the emergency services ("ok i called them", "rang 999")."""
    return bool(text) and _said(text, _anywhere("called_for_help"))


def help_arrived(text: str) -> bool:
    """Whether the person says help has come ("they're here now, police came", "the cops are here")."""
    return bool(text) and _said(text, _anywhere("help_arrived"))


def help_news(text: str) -> str | None:
    """What they say of the help they called, once the emergency number was given: the reply for it
    (`help_arrived`: "the police are here"; `called_for_help`: "i called 999 they are coming"), or None.
    Either way the number is not given again ("they are coming", "they're here" had read as the danger)."""
    if help_arrived(text):
        return "help_arrived"
    return "called_for_help" if called_for_help(text) else None


def asked_or_blocked(text: str) -> str | None:
    """`asked`, `blocked`, `both`, `no` or `unknown` for "did you ask them to stop or block them?"."""
    if not text or asks_back(text):
        return None
    if unknown(text):
        return "unknown"
    asked = _said(text, _anywhere("asked"))
    blocked = _said(text, _anywhere("blocked"))
    if re.search(r"\bboth\b", text, re.I) or (asked and blocked):
        return "both"
    if asked or blocked:
        return "asked" if asked else "blocked"
    if re.search(r"\bneither\b", text, re.I) or _anywhere("not_done").search(text):
        return "no"
    answer = yes_no_unknown(text)
    return answer if answer in ("no", "unknown") else None


DOES_NOT_KNOW = re.compile(
    r"\b(doesn'?t|does not|never) knows?\b|\bno idea where i\b|\bdoesn'?t know anything\b"
    r"|\bnot that i know\b|\bonly knows? me (?:from |on )?(?:online|the internet|the app)\b"
    r"|\bnot as far as i know\b|\b(?:doesn'?t|does not|don'?t|do not) have (?:the|my) (?:new )?address\b"
    r"|^\W*no\b[^.]*\bbut\b[^.]*\b(?:asking|trying to find out|looking for) where\b",
    re.I,
)


def location_known(text: str) -> str | None:
    """`knows`, `showed_up`, `both`, `no` or `unknown` for "do they know where you are / shown up?"."""
    if not text or asks_back(text):
        return None
    showed = _said(text, _anywhere("showed_up")) or _found(text, ("showed_up",))
    if DOES_NOT_KNOW.search(text) and not showed:
        return "no"
    if unknown(text):
        return "unknown"
    knows = _said(text, _anywhere("knows")) or _found(text, ("knows_location",))
    if re.search(r"\bboth\b", text, re.I) or (showed and knows):
        return "both"
    if showed or knows:
        return "showed_up" if showed else "knows"
    answer = yes_no_unknown(text)
    return "knows" if answer == "yes" else answer


BARE_AGE = re.compile(
    r"^\W*(?:i'?m\s+|im\s+|age\s+|aged\s+)?(\d{1,2})\W*$|,\s*(\d{1,2})\W*$|\bturned\s+(\d{1,2})\b", re.I
)
SCHOOL_YEAR = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:grade|year|class|form|std|standard)\b"
    r"|\b(?:grade|year|class|form|std|standard)\s+(\d{1,2})\b",
    re.I,
)
TURNING_18 = re.compile(
    r"\b(?:be|turn|turning|but)\s+18\s+(?:in|next|on)\b|\b(?:i'?m|im)\s+18\s+(?:in|next|on)\b", re.I
)
BORN_IN = re.compile(r"\bborn\s+(?:in\s+)?((?:19|20)\d\d)\b", re.I)
# "turning 17 in may", "17 and a half": under 18 whatever the month.
YOUNGER_THAN_18 = re.compile(r"\b(?:turning|turn|be)\s+(1[0-7])\b|^\W*(1[0-7])\s+and\s+a\s+half\b", re.I)
# Scotland's secondary years S1 to S6 ("S4"), written in capitals.
SCOTTISH_YEAR = re.compile(r"\bS[1-6]\b")


def under_18(text: str) -> str | None:
    if not text:
        return None
    if YOUNGER_THAN_18.search(text) or SCOTTISH_YEAR.search(text):
        return "yes"
    if asks_back(text):
        age = extract_facts(text, learned=False).age  # "does it matter if I'm 15?": the age answers it
        return None if age is None else "yes" if age < 18 else "no"
    if TURNING_18.search(text):
        return "yes"  # "ill be 18 in 2 weeks", "im 18 in june"
    if re.search(r"\b(turned|over) 18\b", text, re.I):
        return "no"  # "no, im in sixth form but ive turned 18"
    facts = extract_facts(text, learned=False)  # a relationship or an age: no second opinion needed
    if facts.age is not None:
        return "yes" if facts.age < 18 else "no"
    bare = BARE_AGE.search(text)
    if bare:
        return "yes" if int(bare.group(1) or bare.group(2) or bare.group(3)) < 18 else "no"
    born = BORN_IN.search(text)
    turning = date.today().year - int(born.group(1)) if born else None
    if turning is not None and turning != 18:  # (18 this year: older or younger, by the birthday)
        return "yes" if turning < 18 else "no"
    year = SCHOOL_YEAR.search(text)
    if year and int(year.group(1) or year.group(2)) <= 12 and not _anywhere("adult_words").search(text):
        return "yes"  # "im in 9th grade", "year 10", "class 11"
    if unknown(text):
        return "unknown"
    if _anywhere("under_age_words").search(text):
        return "yes"
    if _anywhere("adult_words").search(text):
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


SHORT_FORM_LETTERS = 3  # "wa", "nsw", "qld": a state's short form, not a name


def place(text: str, country: str | None = None) -> str | None:
    """A jurisdiction code from a reply like "Texas", "TX", "Leeds", "Ontario, Canada" or "us-ca".

    A reply that is one name is looked up as a whole, its cities narrowed to `country` when one is
    known ("Reading" alone is England or Pennsylvania; with the US known, Pennsylvania); anything
    else is read as "I live in ..." by the triage engine.
    """
    places = get_places()
    vocabulary = get_vocabulary()
    stripped = text.strip().strip(".!")
    if unknown(stripped):
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
            # ... and a short form two countries use read in the country given ("wa": Washington in the US)
            if len(stripped) <= SHORT_FORM_LETTERS:
                readings = [r for r in readings if related(r.code, country)] or readings
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


@cache
def _topic(slot: str, own: bool = False) -> re.Pattern[str]:
    """What speaks of a question's topic: the beginnings of its words (`question_topics` in answers.yml)
    and its patterns (`question_topic_patterns`); `own`: with the words that keep a reply with the
    question asked (`question_own_words`)."""
    words = _words()
    starts = sorted(words["question_topics"].get(slot, []), key=len, reverse=True)
    starts += words["question_own_words"].get(slot, []) if own else []
    found = [r"\b(?:" + "|".join(r"\s+".join(map(re.escape, s.split())) for s in starts) + ")"] if starts else []
    found += words["question_topic_patterns"].get(slot, [])
    return re.compile("|".join(found), re.I) if found else re.compile(r"(?!)")


# The only other topics a yes or no to "Are you safe right now?" may belong to: a "no, he's threatening
# me" is not safe, whatever else it speaks of; "No, I am 74" answers the age question.
ANSWERED_INSTEAD_OF_SAFE = ("under_18",)


def without_preface(text: str) -> str:
    """The reply without a short first sentence of its own: "I see. No, he has never threatened me"."""
    preface = re.match(r"^[^.!?]{0,20}[.!?]\s+(?=\S)", text)
    return text[preface.end() :] if preface and len(preface.group().split()) <= PREFACE_WORDS else text


def topics_besides(slot: str, text: str) -> list[str]:
    """The other questions a "yes ..." / "no ..." (or "..., yes.") reply to `slot` speaks of, when it says
    nothing of its own topic: "yes i blocked her heaps" to the threats question speaks of blocking
    (`asked_or_blocked`), "A little worried, yes." of fear. Empty when the reply is no yes or no with
    more words, or speaks of its own question too."""
    answer = without_preface(text)
    said = _first("yes").match(answer) or _first("no").match(answer)
    if said:
        rest = answer[said.end() :].strip(" -,.;:!")
        # Only what is said straight after it: "no but he sent pics of my sister" and "no not really, he
        # blocked me" answer the question asked and add something.
        clause = re.split(r"[,.;:!?]|\bbut\b", rest.strip(" -"), maxsplit=1)[0]
        opening = " ".join(clause.split()[:TOPIC_WORDS])
    else:
        last = LAST_YES.search(text) or LAST_NO.search(text)
        rest = opening = text[: last.start()] if last else ""
        opening = " ".join(opening.split()[-TOPIC_WORDS:])
    if len(rest.split()) < 2 or _topic(slot, own=True).search(text):
        return []
    words = _words()
    every = tuple(dict.fromkeys([*words["question_topics"], *words["question_topic_patterns"]]))
    topics = ANSWERED_INSTEAD_OF_SAFE if slot == "safe_now" else every
    return [other for other in topics if other != slot and _topic(other).search(opening)]


LAST_NO = re.compile(r"\b(no|nope|nah)\W*$", re.I)
PREFACE_WORDS = 3  # a first sentence this short ("I see.", "Well okay.") before the yes or no
TOPIC_WORDS = 5  # words after the yes or no in which another question's topic must come
