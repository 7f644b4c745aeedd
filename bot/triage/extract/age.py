"""How old the user (or the child the account is about) is, and whether they say they are a minor.

A number after "I'm" is often not an age ("I'm 15 minutes away", "3 years of this"), so these
rules read the word after it. The youngest age found wins: a minor in the account matters most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from bot.triage.extract.negation import Negation
from bot.triage.lexicon import number_map, words

NOT_AGE_AFTER_NUMBER = words("not_age_after_number")
YEARS_WORDS = words("years_words")
OWN_AGE_STARTS = words("own_age_starts")
WORD_NUMBERS = number_map("word_numbers")
YOUNGEST, OLDEST = 5, 99  # numbers outside this range are not read as ages

Mention = tuple[str, int, int]  # label ("self", "other", "minor_words"), start token, end token


@dataclass(frozen=True)
class AgeFinding:
    """The youngest age given and its words, and the first words that say "I'm a minor"."""

    age: int | None = None
    age_quote: str | None = None
    minor_quote: str | None = None


def as_int(text: str) -> int | None:
    """A number written in digits or as a word ("15", "fifteen"), else None."""
    text = text.lower().strip()
    if text.isdigit():
        return int(text)
    return WORD_NUMBERS.get(text)


def find_age(doc: Doc, mentions: Sequence[Mention], negation: Negation) -> AgeFinding:
    """Read every age mention; keep the youngest age and the first un-negated minor wording."""
    age: int | None = None
    age_quote: str | None = None
    minor_quote: str | None = None
    for label, start, end in mentions:
        span = doc[start:end]
        if label == "minor_words":
            if not negation.negates(doc, start):
                minor_quote = minor_quote or span.text
            continue
        number = next((t for t in span if t.like_num), None)
        if number is None:
            continue
        value = as_int(number.text)
        if value is None or not YOUNGEST <= value <= OLDEST:
            continue
        if not _is_age(doc, number.i, label, span[0].lower_):
            continue
        if age is None or value < age:
            age, age_quote = value, span.text
    return AgeFinding(age, age_quote, minor_quote)


def _is_age(doc: Doc, number: int, label: str, first_word: str) -> bool:
    """Whether the number at token `number` is an age, judged by the words after it."""
    following = doc[number + 1].lower_ if number + 1 < len(doc) else ""
    if following in NOT_AGE_AFTER_NUMBER:
        return False  # "I'm 15 minutes away" is a duration
    if following in YEARS_WORDS and (number + 2 >= len(doc) or doc[number + 2].lower_ != "old"):
        # "3 years" is a duration; "I'm 15 years" and "aged 15 years" are still ages
        return label == "self" and first_word in OWN_AGE_STARTS
    return True
