"""Escalation told as a rate that rose: "it used to be a few msgs a week, now its 30-40 a day".

The rubric's high factors include "clear escalation in frequency or severity". People rarely say
"escalated"; they tell the before and the after: an earlier time ("used to", "at first", "it started
with") and, later in the account, a now ("now", "since", "these days") with a rate of many a day or
an hour. Both parts must be there, the earlier one first and about contact; a rate alone ("20 texts a
day") is repetition, not escalation. The words are data (`patterns/lexicon.yml`, section "rising rate").
"""

from __future__ import annotations

from spacy.tokens import Doc

from bot.triage.extract.text import by_sentence, token_words
from bot.triage.lexicon import words
from bot.triage.models import Evidence

EARLIER = words("rising_rate_earlier")  # single words that open the "before" ("used", "first")
LATER = words("rising_rate_later")  # "now", "since", "lately"
MANY = words("rising_rate_many")  # "dozens", "hundreds", "30", "40" are read as numbers too
PER = words("rising_rate_per")  # "a day", "an hour", "per night": the last word of the rate
CONTACT = words("rising_rate_contact")  # the before must be about contact ("used to send a text")
RATE_REACH = 14  # tokens from the "now" word to the end of its rate ("since I got engaged it's 30 a day")


def _earlier_at(said: list[str]) -> int | None:
    """Where the account first tells how it was before ("used to", "at first", "started with")."""
    for i, word in enumerate(said):
        following = said[i + 1] if i + 1 < len(said) else ""
        if (word == "used" and following == "to") or (word == "at" and following == "first"):
            return i
        if word in EARLIER and following in {"with", "off", "out"}:
            return i
    return None


def _many(word: str) -> bool:
    return word in MANY or (word.replace("-", "").isdigit() and int(word.split("-")[-1] or 0) > 1)


def _rate_after(said: list[str], start: int) -> bool:
    """A rate of many a day, an hour or a night within reach after `start` ("now its 30-40 a day")."""
    window = said[start : start + RATE_REACH]
    return any(_many(word) for word in window) and any(
        word in PER and k and window[k - 1] in {"a", "an", "per", "every", "each"} for k, word in enumerate(window)
    )


def add_rising_rate(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    """Add `escalation` evidence for the sentence that tells the higher rate after an earlier one."""
    if found.get("escalation"):
        return
    read = token_words(doc)
    grouped = by_sentence(sentences)
    before_told = False
    for number, positions in grouped.items():
        said = [read.lowers[i] for i in positions]
        at = None if before_told else _earlier_at(said)
        if at is not None and not set(said[at:]) & CONTACT:
            at = None  # "I used to love my job": a before that is not about contact
        if at is not None:
            before_told = True
            said_after = said[at:]
        elif before_told:
            said_after = said
        else:
            continue
        for k, word in enumerate(said_after):
            if word in LATER and _rate_after(said_after, k + 1):
                found.setdefault("escalation", []).append(
                    Evidence("escalation", read.joined(positions).strip(), number)
                )
                return
