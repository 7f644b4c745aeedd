"""The NLU pipeline's last word: danger in any message becomes the `emergency` (or `self_harm`) intent."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_addons.safety_override import SafetyOverride


def classified(text: str, intent: str, ranking: list[dict] | None = None) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": 0.9})
    message.set(INTENT_RANKING_KEY, ranking or [{"name": intent, "confidence": 0.9}])
    return message


@pytest.mark.parametrize(
    ("text", "nlu_intent", "expected"),
    [
        ("he is outside my door right now", "faq", "emergency"),
        ("hi, he is outside my house right now", "greet", "emergency"),
        ("I want to kill myself tonight", "describe_situation", "self_harm"),
        ("is this private?", "faq", "faq"),
        ("my ex keeps messaging me", "describe_situation", "describe_situation"),
        ("he is outside my door right now", "emergency", "emergency"),
    ],
)
def test_the_engine_overrides_the_intent_when_it_sees_danger(text: str, nlu_intent: str, expected: str) -> None:
    (message,) = SafetyOverride().process([classified(text, nlu_intent)])
    assert message.get(INTENT)["name"] == expected
    if expected != nlu_intent:
        assert message.get(INTENT_RANKING_KEY)[0] == {"name": expected, "confidence": 1.0}


def test_a_hunch_of_the_nlu_alone_does_not_override_the_intent() -> None:
    # (it leads to "Are you safe right now?" instead: see the take_account tests)
    ranking = [{"name": "describe_situation", "confidence": 0.55}, {"name": "emergency", "confidence": 0.4}]
    (message,) = SafetyOverride().process([classified("I found a tracker on my car", "describe_situation", ranking)])
    assert message.get(INTENT)["name"] == "describe_situation"
