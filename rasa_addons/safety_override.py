"""Safety before anything else: the triage engine reads every message, and danger wins the intent.

Placed last in the NLU pipeline. When the engine sees danger now or self-harm in a message,
the message's intent becomes `emergency` (or `self_harm`), so the emergency number comes first
whatever the dialogue was doing: a greeting, a question about privacy, a story the classifier
filed under another intent. Button payloads never reach the NLU, so a tap is never overridden.
The decision itself is plain Python in bot.conversation.turns.
"""

from __future__ import annotations

import logging

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.conversation.turns import safety_intent
from rasa_addons.stateless import StatelessComponent

log = logging.getLogger(__name__)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafetyOverride(StatelessComponent):
    """Sets the intent to `emergency` or `self_harm` when the engine sees danger in the words."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            ranking = message.get(INTENT_RANKING_KEY) or []
            override = safety_intent(message.get(TEXT) or "", intent)
            if override:
                log.info("safety override: %s -> %s", intent, override)
                chosen = {"name": override, "confidence": 1.0}
                message.set(INTENT, chosen, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)
        return messages
