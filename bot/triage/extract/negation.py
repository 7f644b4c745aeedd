"""Whether a match is negated ("no threats so far", "he never threatened me").

One check shared by signals, relationships and ages, so "not" means the same everywhere. The
cues, exceptions and clause breaks are data in patterns/signals.yml (`negation:`); the words
for conditions ("if I don't unblock him he'll ...") are in patterns/lexicon.yml.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from bot.triage.extract.text import token_words
from bot.triage.lexicon import words
from bot.triage.nlp import lemma_of

CONDITION_WORDS = words("condition_words")
CONSEQUENCE_STARTS = words("consequence_starts")


@dataclass(frozen=True)
class Negation:
    """The negation settings of signals.yml, ready to check a match against."""

    cues: frozenset[str]
    exceptions: frozenset[str]
    breaks: frozenset[str]
    window: int

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Negation:
        """Cues are compared as written and as lemmas; exceptions as lemmas; breaks as written.

        A cue's lemma is a cue only when it is itself a negation: "dont" is lemmatised to "do", and
        "do" must not negate what follows it ("i do get messages from him")."""
        written = set(config["cues"])
        return cls(
            cues=frozenset(written | {lemma_of(c) for c in written if lemma_of(c) in written | {"not"}}),
            exceptions=frozenset(lemma_of(c) for c in config["exceptions"]),
            breaks=frozenset(config["clause_breaks"]),
            window=int(config["window"]),
        )

    def negates(self, doc: Doc, start: int) -> bool:
        """A negation cue shortly before `start`, in the same clause, with no exception between."""
        read = token_words(doc)
        lowers, texts, lemmas = read.lowers, read.texts, read.lemmas
        between: list[str] = []
        i, last = start - 1, start - 1 - self.window  # (`last`: the first place not looked at)
        while i > max(-1, last):
            if _list_goes_on(lowers, i):
                last = i - 1 - self.window  # a negated list: its cue is read from this item on
                between.append(lemmas[i])
                i -= 1
                continue
            if lowers[i] in self.breaks or texts[i] in self.breaks:
                return False
            if lowers[i] in self.cues or lemmas[i] in self.cues:
                if any(word in self.exceptions for word in between):
                    return False  # "he never stopped texting": the exception undoes the cue
                # "if I don't unblock him he'll send them": the cue negates the condition, and a
                # new subject starts the consequence, which stays asserted.
                before = set(lowers[max(0, i - 3) : i])
                return not (before & CONDITION_WORDS and set(between) & CONSEQUENCE_STARTS)
            between.append(lemmas[i])
            i -= 1
        return False


LIST_CONTINUERS = frozenset({"or", "nor"})


def _list_goes_on(lowers: list[str], i: int) -> bool:
    """A comma before "or" / "nor" goes on with a negated list ("I didn't see anything cruel about him, or
    threatening"), where a comma otherwise ends the clause."""
    return lowers[i] == "," and i + 1 < len(lowers) and lowers[i + 1] in LIST_CONTINUERS
