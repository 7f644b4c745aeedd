"""A visit that is an errand: someone at the door with a parcel, a parent on the way to fetch the user,
a neighbour outside at an everyday chore.

"He's at the door with my parcel, the courier I mean" and "my dad is on his way to pick me up
from practice" have every part of a scene (an actor, a presence or an arrival, now), but the
visit is a delivery or a lift the user expects. A sentence is such an errand when it names a
delivery (courier, parcel, delivery driver) or work the user booked (a locksmith), the actor comes
to fetch the user ("pick me up") or a neighbour is at a chore ("my neighbour is outside washing his
car"), and says nothing of a threat, a weapon or fear. The words are data (`patterns/lexicon.yml`,
section "errands").
"""

from __future__ import annotations

from bot.triage.lexicon import words
from bot.triage.nlp import lemma_of

WORKERS = words("errand_workers")
DELIVERIES = words("errand_deliveries") | WORKERS
NEIGHBOURS = words("errand_neighbours")
CHORES = words("errand_chores")
OWN_THINGS = words("errand_own_things")
NOT_ERRAND = words("errand_not")
HARM = words("danger_harm_lemmas") | words("danger_weapons")
NAMED_BEFORE = words("errand_named_before")


def _threat_or_fear(said: list[str]) -> bool:
    """A threat, a weapon, harm or fear in the sentence: then no visit is an errand."""
    present = set(said)
    return bool(present & NOT_ERRAND or present & HARM or {lemma_of(word) for word in said} & HARM)


def errand(said: list[str]) -> bool:
    """Whether the sentence's lower-cased words tell a delivery or a lift, with no threat or fear."""
    present = set(said)
    if _threat_or_fear(said):
        return False
    fetching = any(
        word == "pick" and said[i + 1 : i + 3] in (["me", "up"], ["us", "up"]) for i, word in enumerate(said)
    )
    return bool(present & DELIVERIES) or fetching or chore(said)


def chore(said: list[str]) -> bool:
    """A neighbour, or someone at their own things, at an everyday chore: "my neighbour is outside
    mowing", "he's outside washing his car" (the check for fear is `errand`'s)."""
    present = set(said)
    return any(
        word in CHORES and bool(present & NEIGHBOURS or (said[i + 1 : i + 2] and said[i + 1] in OWN_THINGS))
        for i, word in enumerate(said)
    )


def known_caller(said: list[str]) -> bool:
    """Someone at the door named as who they are, with no fear told: "it's the locksmith I booked",
    "the knock was just the postman", "it's the CCTV guy"."""
    if _threat_or_fear(said):
        return False
    named = any(
        word in DELIVERIES and i >= 2 and said[i - 1] == "the" and said[i - 2] in NAMED_BEFORE
        for i, word in enumerate(said)
    )
    return named or bool(set(said) & WORKERS)
