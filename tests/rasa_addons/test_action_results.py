"""The action server's answers are checked against Rasa's schema by one validator, built once."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from rasa_addons.action_results import action_result_validator, validate_action_results_once


@pytest.fixture
def action() -> RemoteAction:
    validate_action_results_once()
    return RemoteAction("action_take_account", EndpointConfig("http://127.0.0.1:5055/webhook"))


def test_a_valid_answer_passes_and_the_validator_is_built_once(action: RemoteAction) -> None:
    action_result_validator.cache_clear()
    answer = {
        "events": [{"event": "slot", "name": "account", "value": "he follows me"}],
        "responses": [{"text": "Thank you"}],
    }
    for _ in range(5):
        assert action._validate_action_result(answer) is True
    assert action_result_validator.cache_info().misses == 1


@pytest.mark.parametrize(
    "answer",
    [
        {"events": "not a list"},
        {"events": [{"no": "event key"}]},
        {"responses": {"text": "not a list"}},
    ],
)
def test_an_invalid_answer_is_refused_with_rasas_explanation(action: RemoteAction, answer: dict) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(answer)
