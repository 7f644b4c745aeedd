"""When a sentence is told: now, a moment ago, later, or a story that ended.

Word lists cannot see that "twenty minutes ago" is part of the present scene while "two years
ago" is a story, or that "next room" is a place while "next week" is a time still to come. These
helpers read the few words around a time word so the danger rules (`composition.py`,
`danger.py`) tell a scene now from a past story or a plan, in any wording. The words are data
(`patterns/lexicon.yml`, section "tense and time").
"""

from __future__ import annotations

from bot.triage.lexicon import words

RECENT_UNITS = words("tense_recent_units")
LATER_AFTER_NEXT = words("tense_later_after_next")
PERFECT_AUXILIARIES = words("tense_perfect_auxiliaries")
ONGOING_SINCE = words("tense_ongoing_since")
TODAY_PARTS = words("tense_today_parts")
RECENT_WINDOW = 3  # words read before "ago" for its unit ("a few minutes ago")


def recent(said: list[str]) -> bool:
    """A moment ago, which belongs to the scene now: "ten minutes ago", "moments ago", "just now"."""
    for i, word in enumerate(said):
        if word == "ago" and set(said[max(0, i - RECENT_WINDOW) : i]) & RECENT_UNITS:
            return True
        if word == "just" and i + 1 < len(said) and said[i + 1] == "now":
            return True
        if word == "since" and _today(said[i + 1 : i + 3]):
            return True  # "since this morning", "since about 6": still going on
    return False


def _today(after: list[str]) -> bool:
    """A start earlier today, after "since": "this morning", "about 6", a clock time (not a year like 2019)."""
    if not after:
        return False
    word, then = after[0], after[1:]
    year = len(word) == 4 and word.isdigit()
    return (
        word in ONGOING_SINCE
        or (word == "this" and bool(then) and then[0] in TODAY_PARTS)
        or (word[:1].isdigit() and not year)
    )


def past_ago(said: list[str]) -> bool:
    """An "ago" that is not a moment ago ("two years ago"): the sentence tells a story."""
    return any(
        word == "ago" and not set(said[max(0, i - RECENT_WINDOW) : i]) & RECENT_UNITS for i, word in enumerate(said)
    )


def later(said: list[str]) -> bool:
    """A time still to come that "next" names ("next week"), unlike a place ("the next room")."""
    return any(word == "next" and i + 1 < len(said) and said[i + 1] in LATER_AFTER_NEXT for i, word in enumerate(said))


def perfect_participles(said: list[str]) -> set[int]:
    """Positions of participles in a present perfect ("has followed me", "has been parked"): the
    act reaches into now, so they do not make the sentence a story on their own."""
    found: set[int] = set()
    for i, word in enumerate(said):
        been_after = i + 1 < len(said) and said[i + 1] == "been"
        if word in PERFECT_AUXILIARIES or (word in {"'s", "s"} and been_after):
            j = i + 1
            if j < len(said) and said[j] == "been":
                j += 1
            if j < len(said):
                found.add(j)
    return found
