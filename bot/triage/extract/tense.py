"""When a sentence is told: now, a moment ago, later, or a story that ended.

Word lists cannot see that "twenty minutes ago" is part of the present scene while "two years
ago" is a story, or that "next room" is a place while "next week" is a time still to come. These
helpers read the few words around a time word so the danger rules (`composition.py`,
`danger.py`) tell a scene now from a past story or a plan, in any wording. The words are data
(`patterns/lexicon.yml`, section "tense and time").
"""

from __future__ import annotations

from bot.triage.lexicon import words
from bot.triage.nlp import lemma_of

RECENT_UNITS = words("tense_recent_units")
COUNT_WORDS = words("tense_count_words")
LATER_AFTER_NEXT = words("tense_later_after_next")
PERFECT_AUXILIARIES = words("tense_perfect_auxiliaries")
ONGOING_SINCE = words("tense_ongoing_since")
TODAY_PARTS = words("tense_today_parts")
RECOLLECTION = words("tense_recollection")
LIFE_AFTER_WHEN = words("tense_life_after_when")
LIFE_PERIODS = words("tense_life_periods")
DATING_OPENERS = words("tense_dating_openers")
PAST_ANCHORS = words("danger_past_anchors")
LAST_TIMES = words("danger_last_times")
NOT_SIMPLE_PAST_AFTER = words("tense_not_simple_past_after")
STATES_IN_ED = words("tense_states_in_ed")
RECENT_WINDOW = 3  # words read before "ago" for its unit ("a few minutes ago")


def recent(said: list[str]) -> bool:
    """A moment ago, which belongs to the scene now: "ten minutes ago", "moments ago", "just now", "in
    the last ten minutes"."""
    for i, word in enumerate(said):
        if word == "ago" and set(said[max(0, i - RECENT_WINDOW) : i]) & RECENT_UNITS:
            return True
        if (
            word in {"last", "past"}
            and i
            and said[i - 1] == "the"
            and set(said[i + 1 : i + 1 + RECENT_WINDOW]) & RECENT_UNITS
        ):
            return True
        if word == "just" and i + 1 < len(said) and said[i + 1] == "now":
            return True
        if word == "since" and _today(said[i + 1 : i + 3]):
            return True  # "since this morning", "since about 6": still going on
    return False


def counted(said: list[str]) -> bool:
    """Visits counted as a whole, acts before now: "twice he's been standing at the bus stop", "he has
    come to my flat two times", "3 times this week" (not "for old times' sake")."""
    return any(
        word == "twice" or (word == "times" and i and (said[i - 1].isdigit() or said[i - 1] in COUNT_WORDS))
        for i, word in enumerate(said)
    )


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


def remembered(said: list[str]) -> bool:
    """A memory, not a scene: "I remember sitting in the dark while he...", "when I was at uni he...",
    "in my twenties a man...": the sentence is told from a time of the user's life that has ended."""
    for i, word in enumerate(said):
        after = said[i + 1 : i + 3]
        if word in {"i", "we"} and after[:1] and after[0] in RECOLLECTION:
            return True
        if word == "when" and after[:1] in (["i"], ["we"]) and after[1:] and after[1] in LIFE_AFTER_WHEN:
            return True
        if word in {"my", "our"} and after[:1] and after[0] in LIFE_PERIODS and i and said[i - 1] in {"in", "during"}:
            return True
    return False


def names_a_year(said: list[str]) -> bool:
    """A year written out ("in 2019", "back in 1998")."""
    return any(len(word) == 4 and word.isdigit() and word[:2] in {"19", "20"} for word in said)


def dated_in_the_past(said: list[str]) -> bool:
    """A time anchor in the past: a year, "two years ago", "back in", "last summer", "previously"."""
    year = names_a_year(said)
    back = any(word == "back" and said[i + 1 : i + 2] in (["in"], ["when"], ["then"]) for i, word in enumerate(said))
    last = any(word == "last" and said[i + 1 : i + 2] and said[i + 1] in LAST_TIMES for i, word in enumerate(said))
    return year or back or last or past_ago(said) or bool(set(said) & (PAST_ANCHORS - {"ago"}))


def dated_by_next(after: list[str]) -> bool:
    """The next sentence dates the one before it in the past: "That was in 2019.", "This was years ago."."""
    opening = [word for word in after[:4] if word.isalnum()]
    if len(opening) < 2 or opening[0] not in DATING_OPENERS or opening[1] not in {"was", "were", "happened"}:
        return False
    return dated_in_the_past(after)


def simple_past(said: list[str], ignored: frozenset[int] | set[int] = frozenset()) -> bool:
    """A verb in the simple past by its form ("hammered", "waited", "screamed"): a regular -ed form
    whose lemma differs, not after a form of be or have (a state or a present perfect: "is parked",
    "has followed me") and not a feeling ("scared", "worried"); positions in `ignored` are skipped."""
    for i, word in enumerate(said):
        if i in ignored or len(word) < 5 or not word.endswith("ed") or word in STATES_IN_ED or lemma_of(word) == word:
            continue
        if i and said[i - 1] in NOT_SIMPLE_PAST_AFTER:
            continue
        if set(said[max(0, i - 2) : i]) & {"what", "who", "whatever"}:
            continue  # "to finish what he started": a clause about the past inside a scene now
        return True
    return False


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
