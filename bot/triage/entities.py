"""Entities for the conversation layer: where the user lives, platforms, who the person is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.triage.extract import clean_text
from bot.triage.extract.people import bare_ex_mid_sentence
from bot.triage.extract.place import place_mentions
from bot.triage.nlp import get_pipeline


@dataclass(frozen=True)
class Entity:
    entity: str
    value: str
    start: int
    end: int


def find_entities(text: str) -> list[Entity]:
    """Every jurisdiction, platform and relationship mention, with character offsets."""
    pipeline = get_pipeline()
    cleaned, _ = clean_text(text)
    doc = pipeline.nlp(cleaned)
    strings = pipeline.nlp.vocab.strings

    def labelled(matcher: Any) -> list[tuple[str, int, int]]:
        return [(strings[match_id], start, end) for match_id, start, end in matcher(doc)]

    found: list[Entity] = []
    # A place that stays ambiguous ("Birmingham") or is abroad gives no entity: the form asks.
    names, short_forms = pipeline.place_matches(doc)
    for place in place_mentions(doc, names, short_forms, pipeline.place_vocabulary):
        if place.code:
            span = doc[place.start : place.end]
            found.append(Entity("jurisdiction", place.code, span.start_char, span.end_char))
    for matcher, kind in ((pipeline.relationships, "relationship"), (pipeline.platforms, "platform")):
        for label, start, end in labelled(matcher):
            if kind == "relationship" and bare_ex_mid_sentence(doc, start, end):
                continue  # someone's ex ("mi ex me sigue"), as the triage reads it
            span = doc[start:end]
            found.append(Entity(kind, label, span.start_char, span.end_char))
    # Overlapping mentions of one kind ("my ex" / "ex keeps") keep the earliest, longest one.
    kept: list[Entity] = []
    for mention in sorted(set(found), key=lambda e: (e.start, -e.end)):
        if not any(k.entity == mention.entity and k.start < mention.end and mention.start < k.end for k in kept):
            kept.append(mention)
    return kept
