"""Another language gets its own intent, `other_language`, so the bot says kindly that it reads English.

Placed before the safety override, which still wins when the engine sees danger in the words.
The decision is plain Python (`bot.conversation.language`); unsure means English, so a short
or misspelt English message is never turned away. Button payloads never reach the NLU.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.conversation.language import english_words, other_language
from rasa_addons.stateless import StatelessComponent

log = logging.getLogger(__name__)

OTHER_LANGUAGE = "other_language"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageGuard(StatelessComponent):
    """Sets the intent to `other_language` when a message is clearly not in English."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageGuard:
        english_words()  # built at start (about 3 s), not on the first person's first message
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if other_language(message.get(TEXT) or ""):
                intent = (message.get(INTENT) or {}).get("name")
                log.info("another language: %s -> %s", intent, OTHER_LANGUAGE)
                chosen = {"name": OTHER_LANGUAGE, "confidence": 1.0}
                message.set(INTENT, chosen, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [chosen, *(message.get(INTENT_RANKING_KEY) or [])], add_to_output=True)
        return messages
