"""Rule-based entity extractor: jurisdictions, platforms and relationships from bot's patterns.

The patterns are the triage engine's own (bot/patterns/*.yml, bot/knowledge/jurisdictions.yml),
so the conversation and the CLI agree on what "Tampa" or "my ex" means.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.triage.entities import find_entities
from rasa_addons.stateless import StatelessComponent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class PatternEntityExtractor(StatelessComponent, EntityExtractorMixin):
    """Adds `jurisdiction`, `platform` and `relationship` entities found by spaCy patterns."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            found = [
                {
                    "entity": e.entity,
                    "value": e.value,
                    "start": e.start,
                    "end": e.end,
                    "confidence_entity": 1.0,
                    "extractor": self.__class__.__name__,
                }
                for e in find_entities(text)
            ]
            if found:
                message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages
