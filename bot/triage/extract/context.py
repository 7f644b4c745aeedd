"""Context a pattern alone cannot express: when a signal's match does not count.

Each rule is a small named function that looks at the words around one match and says whether
to drop it; RULES lists which rules apply to which signal. A new exception is a new function
plus one entry in the table, and each rule's docstring carries the phrasing it is for.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from bot.triage.extract.danger import DANGER_SIGNALS, clause
from bot.triage.lexicon import words

NOT_HAPPENED_YET = words("not_happened_yet")
USER_SUBJECTS = words("user_subjects")
ONLINE_WORDS = words("online_words")
PHYSICAL_PLACES = words("physical_places")
ADDRESSEE_WORDS = words("addressee_words")
QUOTE_MARKS = words("quote_marks")
REPORTED_SPEECH = words("reported_speech")
DURATION_STARTS = words("duration_starts")
USER_LIFE_LEMMAS = words("user_life_lemmas")
WONDERING_WORDS = words("wondering_words")
OWN_POSSESSIVES = words("own_possessives")
WEAK_FEAR = words("weak_fear")
RELEASE_VERBS = words("release_verbs")

# A rule gets the document and the match's token span; True means "this match does not count".
Rule = Callable[[Doc, int, int], bool]


def _lower_before(doc: Doc, start: int, n: int) -> list[str]:
    return [t.lower_ for t in doc[max(0, start - n) : start]]


def online_not_in_person(doc: Doc, start: int, end: int) -> bool:
    """'turns up online wherever I am' is online following, not showing up in person."""
    return [t.lower_ for t in doc[end : end + 1]] == ["online"]


def feared_not_happened(doc: Doc, start: int, end: int) -> bool:
    """'what if he comes to my house': feared or planned, not happened."""
    return bool(set(_lower_before(doc, start, 4)) & NOT_HAPPENED_YET)


def user_changed_own_details(doc: Doc, start: int, end: int) -> bool:
    """'I changed my number' is what the user did to get away, not someone in their account."""
    return doc[start].lemma_ == "change" and bool(set(_lower_before(doc, start, 4)) & USER_SUBJECTS)


def danger_only_online(doc: Doc, start: int, end: int) -> bool:
    """'someone is watching me online' is not someone at the door (unless the match names a place)."""
    around = {t.lower_ for t in clause(doc, start, end)}
    physical = {t.lower_ for t in doc[start:end]} & PHYSICAL_PLACES
    return bool(around & ONLINE_WORDS) and not physical


def user_on_own_way(doc: Doc, start: int, end: int) -> bool:
    """'I'm on my way to work' is the user moving; "he texted 'on my way'" quotes the abuser."""
    span_words = {t.lower_ for t in doc[start:end]}
    if not ({"my", "way"} <= span_words) or span_words & ADDRESSEE_WORDS:
        return False
    quoted = any(w in QUOTE_MARKS or w in REPORTED_SPEECH for w in _lower_before(doc, start, 4))
    return not quoted


def user_life_duration(doc: Doc, start: int, end: int) -> bool:
    """'I've lived in Delhi for six years', 'I was with him for six years': the user's life, not contact."""
    if doc[start].lower_ not in DURATION_STARTS:
        return False
    return bool({t.lemma_ for t in doc[max(0, start - 5) : start]} & USER_LIFE_LEMMAS)


def wondered_about(doc: Doc, start: int, end: int) -> bool:
    """'I wonder if this is harassment', 'my friend is being harassed': wondered about, or someone else."""
    return bool(set(_lower_before(doc, start, 5)) & WONDERING_WORDS)


def own_details_listed(doc: Doc, start: int, end: int) -> bool:
    """'posted my work email and LinkedIn': the user's details listed, not following across platforms."""
    return bool(set(_lower_before(doc, start, 2)) & OWN_POSSESSIVES)


def weak_fear_alone(doc: Doc, start: int, end: int) -> bool:
    """'anxious' or 'worried' alone: unease ordinary contact can cause, not fear for safety."""
    return end - start == 1 and doc[start].lower_ in WEAK_FEAR


RULES: dict[str, tuple[Rule, ...]] = {
    "showed_up": (online_not_in_person, feared_not_happened),
    "account_compromise": (user_changed_own_details,),
    **{signal: (danger_only_online, user_on_own_way) for signal in DANGER_SIGNALS},
    "repeated_contact": (user_life_duration,),
    "named_harassment": (wondered_about,),
    "cross_platform": (own_details_listed,),
    "fear": (weak_fear_alone,),
}


def counts(doc: Doc, signal: str, start: int, end: int) -> bool:
    """Whether a match of `signal` survives every context rule for that signal."""
    return not any(drop(doc, start, end) for drop in RULES.get(signal, ()))


def threat_to_release(doc: Doc, start: int, end: int) -> bool:
    """'threatened to post my pictures' is about images, not violence (read after negation)."""
    return end - start == 1 and bool({t.lemma_ for t in doc[end : end + 4]} & RELEASE_VERBS)
