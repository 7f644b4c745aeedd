"""Where the user lives: score each place mention by the words around it.

Accounts name many places: where the user lives ("I'm in Leeds"), where someone else lives
("my ex lives in Texas"), where they travelled ("I went to London on holiday"). Each mention
is scored by its neighbours; a city and its own state or country support each other; when two
unrelated places tie, nothing is returned, so the conversation asks rather than guesses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc

from bot.triage.lexicon import words

FIRST_PERSON = words("first_person")
LIVING_CUES = words("living_cues")
OTHER_PERSON = words("other_person")
TRAVEL = words("travel")
# "I'm from Texas but now I live in Leeds": a "from" place is no longer home.
MOVED_ON = re.compile(r"\b(but|now)\s+(i\s+)?(live|living|based|moved)\b")

Mention = tuple[str, int, int]  # place code, start token, end token


def place_mentions(places: Sequence[Mention], abbreviations: Sequence[Mention]) -> list[Mention]:
    """Place names and abbreviations together; an abbreviation match starts with its "in"/","."""
    return list(places) + [(code, start + 1, end) for code, start, end in abbreviations]


def score(doc: Doc, start: int, moved_on: bool) -> float:
    """How much the words before a place mention say the user lives there."""
    before = [t.lower_ for t in doc[max(0, start - 5) : start]]
    points = 1.0
    first_person = bool(FIRST_PERSON & set(before))
    other_person = any(w in OTHER_PERSON for w in before[-4:])
    if first_person and set(before[-3:]) & LIVING_CUES:
        points += 3  # "I live in", "I'm from", "we moved to"
    elif "here" in before[-2:]:
        points += 3  # "here in Tampa"
    if before[-1:] == ["from"] and moved_on:
        points -= 3
    if other_person and not first_person:
        points -= 3  # "he moved to Ohio"
    if set(before) & TRAVEL:
        points -= 2  # "I went to London"
    if before[-1:] == [","]:
        points += 0.5  # "Dallas, TX" supports the city mention too
    return points


def find_jurisdiction(doc: Doc, mentions: Sequence[Mention]) -> tuple[str, str] | None:
    """The code and words of the place the user lives, or None when unclear."""
    if not mentions:
        return None
    moved_on = bool(MOVED_ON.search(doc.text.lower()))
    scored: dict[str, tuple[float, str]] = {}
    for code, start, end in mentions:
        points = score(doc, start, moved_on)
        if code not in scored or points > scored[code][0]:
            scored[code] = (points, doc[start:end].text)
    # A city and its own state or country support each other ("Toronto, Canada").
    combined: dict[str, tuple[float, str]] = {}
    for code, (points, quote) in scored.items():
        support = sum(s for other, (s, _) in scored.items() if other != code and code.startswith(other + "-") and s > 0)
        combined[code] = (points + support, quote)
    best_code, (best_score, best_quote) = max(combined.items(), key=lambda item: (item[1][0], item[0].count("-")))
    if best_score <= 0:
        return None
    rivals = [
        c
        for c, (s, _) in combined.items()
        if s == best_score
        and c != best_code
        and not best_code.startswith(c + "-")
        and not c.startswith(best_code + "-")
    ]
    if rivals:
        return None  # two unrelated places with equal weight: ask rather than guess
    return best_code, best_quote
