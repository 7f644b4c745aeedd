"""The user's home named back to them in a message: the sender knows where they live.

"messaged 'nice house on Elm Road, shame if it caught fire'", "texted 'love what you've done with your
garden'": a quoted message that names the user's home (a home word after "your", or a home word "on"
a named road) shows the sender knows where they live, which with a threat makes high risk in the
rubric's table. The phrase patterns for `knows_location` need the words "know" or "address"; people
quote the message instead. The words are data (`patterns/lexicon.yml`, section "home named back").
"""

from __future__ import annotations

from spacy.tokens import Doc

from bot.triage.extract.text import by_sentence, token_words
from bot.triage.lexicon import words
from bot.triage.models import Evidence

QUOTE_MARKS = words("quote_marks")
HOME_WORDS = words("home_named_back_places")
ADDRESSED = words("home_named_back_owners")
STREET_TYPES = words("home_named_back_street_types")
ON_THE_ROAD = frozenset({"on", "at", "in", "off"})


def quotations(said: list[str]) -> list[list[str]]:
    """The words between quote marks, each quotation on its own (a last one cut off is kept)."""
    quotes: list[list[str]] = []
    current: list[str] | None = None
    for k, word in enumerate(said):
        if current is None and word == "'" and k and said[k - 1].endswith("s"):
            continue  # "my parents' house on Oak Street": a possessive, not a quotation
        if word in QUOTE_MARKS:
            if current:
                quotes.append(current)
            current = None if current is not None else []
        elif current is not None:
            current.append(word)
    if current:
        quotes.append(current)
    return quotes


def names_a_home(quote: list[str]) -> bool:
    """A home word after "your"/"ur" ("your front door") or on a named road ("house on Elm Road")."""
    for i, word in enumerate(quote):
        if word not in HOME_WORDS:
            continue
        if set(quote[max(0, i - 3) : i]) & ADDRESSED:
            return True
        after = quote[i + 1 : i + 5]
        if after[:1] and after[0] in ON_THE_ROAD and set(after[1:]) & STREET_TYPES:
            return True
    return False


def add_home_named_back(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    """Add `knows_location` evidence for each sentence that quotes a message naming the user's home."""
    lowers = token_words(doc).lowers
    for number, positions in by_sentence(sentences).items():
        said = [lowers[i] for i in positions]
        for quote in quotations(said):
            if names_a_home(quote):
                found.setdefault("knows_location", []).append(Evidence("knows_location", " ".join(quote), number))
