"""Place names with a slip of the fingers: "manchster", "belfst", "melborne, vic", "im in banglore".

The place matchers read names as written, so one dropped letter hid where the person lives and the
conversation had to ask. A word is read as a place only when it is a slip (`bot.triage.spelling`)
of the one-word name of a country, state, province or nation cyberguide covers, or of a covered
city of at least `SPELT_PLACE_MIN_POPULATION` people, and is neither an English word nor a place
name already. Lower-cased first, as the speller leaves capitalised names alone ("Banglore").
"""

from __future__ import annotations

from functools import lru_cache

from bot.place_names import get_vocabulary
from bot.triage.spelling import Speller, corrected_text, english_word_counts

# Small towns are too many, and too close to each other, to guess between.
SPELT_PLACE_MIN_POPULATION = 100_000
REGION_KINDS = frozenset({"country", "state", "alias"})


def with_places_spelt(text: str) -> str | None:
    """The text, lower-cased, with each misspelt place name written as the place; None when no word
    in it is a misspelt place (the usual case: the caller reads the places once)."""
    lower = text.lower()
    speller = place_speller()
    if not speller.has_strangers(lower):
        return None  # (most accounts: every word is English or a place already)
    corrected = corrected_text(lower, speller)
    return corrected if corrected != lower else None


@lru_cache(maxsize=1)
def place_speller() -> Speller:
    """One-word names of the countries, states, provinces and big cities cyberguide covers (built on
    first need, in about 0.06 s)."""
    vocabulary = get_vocabulary()
    targets = [
        name
        for name, entry in vocabulary.any_case.items()
        if name.isalpha()
        and not entry.needs_context
        and any(
            r.kind in REGION_KINDS or (r.kind == "city" and r.population >= SPELT_PLACE_MIN_POPULATION)
            for r in entry.readings
            if vocabulary.covered(r.code)
        )
    ]
    return Speller(targets, known=vocabulary.any_case.keys(), counts=english_word_counts())
