"""Which country an account is written from, from its words: money, police, everyday words.

A place name can stay ambiguous on its own ("Portsmouth": England or Virginia; "Waterford":
Ireland or Michigan). People reading such an account settle it from the rest: "£300", "the
Garda", "my mum". These cues (``country_cues`` in ``patterns/lexicon.yml``) settle such a name
only when they point to exactly one of its readings, and never outweigh a place the person
names. A few cues name one jurisdiction on their own (``jurisdiction_cues``: the Garda is
Ireland's police) and are read only when no place is named at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from bot.triage.extract.place import PlaceMention
from bot.triage.lexicon import text_map


@lru_cache(maxsize=4)
def _matcher(nlp: Language) -> PhraseMatcher:
    """Every cue of both lists, matched on lower-cased words, labelled by its own text."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for cue in {**text_map("country_cues"), **text_map("jurisdiction_cues")}:
        matcher.add(cue, [nlp.make_doc(cue)])
    return matcher


def cues_in(doc: Doc, nlp: Language) -> list[tuple[str, str]]:
    """The cues in the account: (the cue as listed, the words as written), in order."""
    strings = nlp.vocab.strings
    return [(strings[key], doc[start:end].text) for key, start, end in _matcher(nlp)(doc)]


def country_votes(cues: list[tuple[str, str]]) -> Counter[str]:
    """How many cues point to each country."""
    countries: Mapping[str, str] = text_map("country_cues")
    return Counter(country for cue, _ in cues for country in countries.get(cue, "").split())


def settle_by_country(mentions: list[PlaceMention], votes: Counter[str]) -> list[PlaceMention]:
    """An ambiguous name takes its one reading in the country the cues point to most, when they
    point to one country more than to any other of its readings' countries."""
    settled = []
    for mention in mentions:
        if mention.code is None and len(mention.candidates) > 1 and votes:
            by_country = {code.split("-", 1)[0] for code in mention.candidates}
            ranked = sorted(by_country, key=lambda country: -votes[country])
            top = ranked[0]
            if votes[top] > 0 and all(votes[top] > votes[other] for other in ranked[1:]):
                fitting = [code for code in mention.candidates if code.split("-", 1)[0] == top]
                if len(fitting) == 1:
                    mention = replace(mention, code=fitting[0])
        settled.append(mention)
    return settled


def jurisdiction_named_by(cues: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The one jurisdiction the cues name on their own, with the words; None when none or several."""
    named: Mapping[str, str] = text_map("jurisdiction_cues")
    found = {named[cue]: words for cue, words in cues if cue in named}
    if len(found) != 1:
        return None
    return next(iter(found.items()))
