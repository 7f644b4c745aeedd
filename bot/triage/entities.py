"""Entities for the conversation layer: where the user lives, platforms, who the person is."""

from __future__ import annotations

from dataclasses import dataclass

from bot.triage.extract import clean_text
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
    found: list[Entity] = []
    for matcher, kind, shift in (
        (pipeline.places, "jurisdiction", 0),
        (pipeline.place_abbreviations, "jurisdiction", 1),
        (pipeline.relationships, "relationship", 0),
        (pipeline.platforms, "platform", 0),
    ):
        for match_id, start, end in matcher(doc):
            span = doc[start + shift : end]
            found.append(Entity(kind, strings[match_id], span.start_char, span.end_char))
    # Overlapping mentions of one kind ("my ex" / "ex keeps") keep the earliest, longest one.
    kept: list[Entity] = []
    for mention in sorted(set(found), key=lambda e: (e.start, -e.end)):
        if not any(k.entity == mention.entity and k.start < mention.end and mention.start < k.end for k in kept):
            kept.append(mention)
    return kept
