"""A watched whereabouts and a meeting: danger now, though nobody says "outside".

The rubric: "a live location sent with 'see you soon' is `emergency`"; danger-language.md: a
tracker just found and then "see you in a bit". Neither part is an emergency alone (a tracker
found is high, "see you soon" from a friend is nothing). Together they are: the person knows where
the user is right now and says they will meet. So a sentence is danger now when
- it, or the sentence before or after it, says the user's whereabouts are known (a tracking
  signal, the user's location, a pin or dot on a map, "where I am"), not shared by agreement
  ("we share locations", "we both agreed"); and
- it carries a message, quoted or reported, that announces a meeting or holds the user where
  they are ("see you in a bit", "be there shortly", "won't be long", "stay put", "wait there",
  "on my way"); and
- that message is not told in the past, as a habit, a hedge or a negation of its own.
A message just sent with the user's own location in it ("just sent me a screenshot of my live
location with 'you're home early'") shows on its own that the person sees where the user is now.
The words are data (`patterns/lexicon.yml`, section "a watched whereabouts and a meeting").
"""

from __future__ import annotations

from spacy.tokens import Doc

from bot.triage.extract.composition import helper_sends
from bot.triage.extract.tense import dated_in_the_past, recent, remembered
from bot.triage.extract.text import by_first_word, by_sentence, token_words
from bot.triage.lexicon import words
from bot.triage.models import Evidence
from bot.triage.nlp import lemma_of


def _says(said: list[str], phrases: dict[str, tuple[tuple[str, ...], ...]]) -> bool:
    """Whether one of the phrases (from `by_first_word`) stands in the sentence's words."""
    return any(
        tuple(said[i : i + len(phrase)]) == phrase for i, word in enumerate(said) for phrase in phrases.get(word, ())
    )


MEETING_PHRASES = by_first_word(words("meeting_phrases"))
SEE_YOU = tuple(tuple(phrase.split()) for phrase in words("meeting_see_you"))
SOON = words("danger_see_you_times") | words("danger_soon")
DEADLINE_STARTS = words("danger_deadline_starts")
COUNT_WORDS = words("danger_count_words")
LONG_UNITS = words("danger_long_units")
WHEREABOUTS_SIGNALS = ("tracking", "knows_location")
WHEREABOUTS_WORDS = words("meeting_whereabouts_words")
WHERE_I_AM = by_first_word(words("meeting_where_i_am"))
MUTUAL = words("meeting_mutual")
REPORTS = words("danger_reports")
QUOTE_MARKS = frozenset({"'", '"', "“", "”", "‘", "’", ":"})
HEDGES = words("meeting_hedges")
HABITUAL = words("danger_habitual") - {"live", "living"}  # ("live" here is a live location)
FRESH = words("seen_now_fresh")
NEAR = 1  # sentences on each side where the whereabouts may be told


def add_tracked_meeting(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    """Add `danger_now` and `danger_coming` for a meeting announced by someone who knows where the user is."""
    if found.get("danger_now") or found.get("consent_location"):
        return
    read = token_words(doc)
    positions = by_sentence(sentences)
    grouped = {number: [read.lowers[i] for i in at] for number, at in positions.items()}
    located = {e.sentence for name in WHEREABOUTS_SIGNALS for e in found.get(name, [])}
    located |= {number for number, said in grouped.items() if _whereabouts(said)}
    if any(_mutual(grouped[number]) for number in located if number in grouped):
        return  # "we share our locations": an agreement, not someone watching
    for number, said in grouped.items():
        if helper_sends(said):
            continue  # "my sister sent me her live location with 'see you soon x' because she's driving up to help me"
        near = any(abs(number - n) <= NEAR for n in located)
        if (near and _meeting_message(said)) or _location_just_sent(said):
            text = read.joined(positions[number]).strip()
            for signal in ("danger_now", "danger_coming"):
                found.setdefault(signal, []).append(Evidence(signal, text, number))
            return


def _whereabouts(said: list[str]) -> bool:
    """The user's whereabouts told as known: "my location", "the blue dot", "watching where I am"."""
    if set(said) & WHEREABOUTS_WORDS:
        return True
    return _says(said, WHERE_I_AM)


def _mutual(said: list[str]) -> bool:
    return bool(set(said) & MUTUAL)


def _meeting_message(said: list[str]) -> bool:
    """A message, quoted or reported, announcing a meeting, and not told in the past, as a habit or a hedge."""
    if not _told_now(said):
        return False
    if _says(said, MEETING_PHRASES):
        return True
    return any(tuple(said[i : i + 2]) in SEE_YOU and _soon(said[i + 2 : i + 6]) for i in range(len(said)))


def _told_now(said: list[str]) -> bool:
    """A message reported or quoted, not told in the past, as a habit or a hedge."""
    reported = any(word in REPORTS or lemma_of(word) in REPORTS for word in said) or bool(set(said) & QUOTE_MARKS)
    if not reported or dated_in_the_past(said) or remembered(said):
        return False
    return not set(said) & (HEDGES | HABITUAL)


def _location_just_sent(said: list[str]) -> bool:
    """The user's location sent back to them a moment ago with a message: "my ex just sent me a
    screenshot of my live location with 'you're home early'" (not "he can see my location")."""
    if not (_whereabouts(said) and set(said) & QUOTE_MARKS and (set(said) & FRESH or recent(said))):
        return False
    return _told_now(said)


def _soon(after: list[str]) -> bool:
    """A near time after "see you": "soon", "in a bit", "in 10", "after class" (not "in court", "in a few weeks")."""
    if not after or set(after) & LONG_UNITS:
        return False
    if after[0] in SOON or after[0] in DEADLINE_STARTS:
        return True
    count = (
        after[2] if after[:2] in (["in", "a"], ["in", "an"]) and len(after) > 2 else after[1] if len(after) > 1 else ""
    )
    return after[0] == "in" and (count[:1].isdigit() or count in COUNT_WORDS)
