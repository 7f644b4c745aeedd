"""How old the user (or the child the account is about) is, and whether they say they are a minor.

A number after "I'm" is often not an age ("I'm 15 minutes away", "3 years of this"), so these
rules read the word after it. The youngest age found wins: a minor in the account matters most.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from bot.triage.extract.negation import Negation
from bot.triage.extract.text import token_words
from bot.triage.lexicon import number_map, words

NOT_AGE_AFTER_NUMBER = words("not_age_after_number")
YEARS_WORDS = words("years_words")
OWN_AGE_STARTS = words("own_age_starts")
TEACHING_ROLES = words("teaching_roles")
# "I teach", "I'm a teacher", "as a teacher", "I work as a tutor": the user works with young people.
_ROLE = "|".join(sorted(TEACHING_ROLES))
TEACHES = re.compile(rf"\b(?:i|im|i'm|i am|as|work as)\s+(?:an?\s+)?(?:{_ROLE})\b", re.IGNORECASE)
# ... and it was done to them ("a fake nude of me", "my face"), with no pupil it was done to ("one of my
# students", "a girl in my class", "her"): only then are the young people named the ones who did it.
DONE_TO_USER = re.compile(r"\b(?:of|about|at) me\b|\bmy (?:face|photo|photos|picture|pictures|name)\b", re.IGNORECASE)
PUPIL_DONE_TO = re.compile(
    r"\b(?:one of my|a pupil|a student|a girl|a boy|a child|a kid|her|him|she|he)\b", re.IGNORECASE
)
WORD_NUMBERS = number_map("word_numbers")
PAST_BE = frozenset({"was", "were"})
YOUNGEST, OLDEST = 5, 99  # numbers outside this range are not read as ages
# Forum-style age tags ("I (31F)", "me [16 f]", "F17 here"): the user's own only after I/me or at the
# very start; "my ex (33M)" is someone else's age and is not read as the user's.
_TAG = r"(?P<tag>(?P<age>\d{1,2})\s?[mfMF]|[mfMF]\s?(?P<age_after>\d{1,2}))\b"
OWN_AGE_TAGS = (
    re.compile(rf"\b(?:i|I|me|Me|myself)\s*[(\[,]\s*{_TAG}"),  # "I (31F)", "me [16 f]", "I, 14F,"
    re.compile(rf"^\s*[(\[]?{_TAG}"),  # "16f here", "(F17) ..."
)

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
    text = token_words(doc).text
    # "I teach ... a few Year 11 boys have been passing round a fake nude of me"
    pupils_not_user = bool(TEACHES.search(text) and DONE_TO_USER.search(text) and not PUPIL_DONE_TO.search(text))
    ages: list[tuple[int, str, bool]] = []  # value, quote, told as the user's age back then
    for label, start, end in mentions:
        span = doc[start:end]
        if label == "minor_words":
            if not negation.negates(doc, start) and not pupils_not_user:
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
        ages.append((value, span.text, label == "self" and bool({t.lower_ for t in span} & PAST_BE)))
    # "My dad put Life360 on my phone when I was 15. I'm 22 now": the age the user is now tells who they are
    if any(label_past is False for _, _, label_past in ages):
        ages = [found for found in ages if not found[2]]
    for value, quote, _ in ages:
        if age is None or value < age:
            age, age_quote = value, quote
    for tag in (found for pattern in OWN_AGE_TAGS for found in pattern.finditer(text)):
        value = int(tag.group("age") or tag.group("age_after"))
        if YOUNGEST <= value <= OLDEST and (age is None or value < age):
            age, age_quote = value, tag.group("tag")
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
