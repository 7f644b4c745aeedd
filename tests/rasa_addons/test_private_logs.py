"""The Rasa server's structured logs: no person's words, however Rasa logs them."""

from __future__ import annotations

import pytest
import structlog

from rasa_addons.private_logs import REDACTED, redact_event

WORDS = "he said he knows where I live"


def test_fields_that_hold_words_are_redacted() -> None:
    event = redact_event(None, "error", {"event": "rest.message.received.timeout", "text": WORDS, "sender": 3})
    assert event == {"event": "rest.message.received.timeout", "text": REDACTED, "sender": 3}


def test_an_exception_keeps_its_traceback_not_its_message() -> None:
    try:
        raise ValueError(WORDS)
    except ValueError:
        event = redact_event(None, "exception", {"event": "rest.message.received.failure", "text": WORDS})
    assert "exc_info" not in event and WORDS not in str(event)
    assert "builtins.ValueError" in event["exception"] and "test_private_logs.py" in event["exception"]


def test_debug_events_are_dropped() -> None:
    with pytest.raises(structlog.DropEvent):
        redact_event(None, "debug", {"event": "processor.actions.log", "rasa_events": [WORDS]})
