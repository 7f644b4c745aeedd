"""Buttons whose taps never depend on a guess.

A question's button stands for one answer, the slot value in `templates/questions.yml`. Its
payload is a Rasa intent message (`/describe_situation{"choice": "threats=yes"}`) that Rasa reads without
the NLU, so "United States" tapped is `US` whatever a classifier would make of the words.

People never send these payloads themselves: the web gateway strips a leading "/" from typed
text and hands the widget opaque ids for the buttons it offered (see bot.channels.web), and
:func:`read_choice` accepts only a question's own slots and values, so a forged payload cannot
set anything a button could not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

CHOICE_INTENT = "describe_situation"
CHOICE_ENTITY = "choice"
_SEPARATOR = "="


def intent_payload(intent: str, entities: Mapping[str, str] | None = None) -> str:
    """The message Rasa reads as `intent` (with `entities`) without asking the NLU."""
    return f"/{intent}" + (json.dumps(dict(entities), separators=(",", ":")) if entities else "")


def choice_payload(slot: str, value: str) -> str:
    """The payload of a question's button: this slot gets exactly this value."""
    return intent_payload(CHOICE_INTENT, {CHOICE_ENTITY: f"{slot}{_SEPARATOR}{value}"})


def read_choice(entities: Iterable[Mapping[str, Any]], allowed: Mapping[str, Iterable[str]]) -> tuple[str, str] | None:
    """The (slot, value) a tapped button stands for, if the message carries one that is allowed.

    `allowed` maps each question slot to the values its buttons may set; anything else (another
    slot, a made-up value, a malformed entity) is ignored, so the reply is read like typed text.
    """
    for entity in entities:
        if entity.get("entity") != CHOICE_ENTITY or not isinstance(entity.get("value"), str):
            continue
        slot, separator, value = entity["value"].partition(_SEPARATOR)
        if separator and value in set(allowed.get(slot, ())):
            return slot, value
    return None
