"""Check the action server's answers against Rasa's schema with one validator, built once.

Rasa 3.6 checks every answer of the action server with `jsonschema.validate(result, schema)`,
which first checks the schema itself against the JSON Schema meta-schema and builds a new
validator: on every action call, several times per message. Profiling the Rasa server under
the conversation bench put about 40% of its busy time there. The schema never changes, so this
builds its validator once; an invalid answer is refused exactly as before, with Rasa's message.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@cache
def action_result_validator() -> Validator:
    """The validator for Rasa's action response schema, its schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """What RemoteAction._validate_action_result does, without rebuilding the validator."""
    try:
        action_result_validator().validate(result)
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


def validate_action_results_once() -> None:
    """Install the cached check in this (the Rasa server's) process; calling it again changes nothing."""
    RemoteAction._validate_action_result = _validate_action_result
