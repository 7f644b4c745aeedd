"""Keeps people's words out of the Rasa server's logs.

Rasa logs the message text itself in places: its REST channel when a turn times out or fails
(`rest.message.received.timeout` / `.failure`, with `text=`), its debug lines ("Received user
message ..."), and, when an action crashes, the action server's error answer (the whole
conversation) inside the exception it logs. :func:`guard_rasa_logs` is called by
:class:`rasa_addons.tracker_store.ForgetfulTrackerStore` when Rasa creates it (after Rasa set up
its logging, before any conversation), so it holds however Rasa was started with our endpoints.
"""

from __future__ import annotations

import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

from bot.logs import exception_without_messages, guard_process_logs

# Structured-log fields that can hold a person's words or the conversation: Rasa's own list of
# fields to anonymise (rasa/utils/log_utils.py) and a few more.
PRIVATE_FIELDS = frozenset(
    {
        "text",
        "response_text",
        "user_text",
        "slot_values",
        "parse_data_text",
        "parse_data_entities",
        "prediction_events",
        "tracker_latest_message",
        "prefilled_slots",
        "message",
        "response",
        "slot_candidates",
        "rasa_event",
        "rasa_events",
        "tracker_states",
        "current_states",
        "old_states",
        "successes",
        "current_entity",
        "next_entity",
        "states",
        "entity",
        "token_text",
        "user_message",
        "json_message",
        "metadata",
        "events",
        "tracker",
        "slots",
    }
)
REDACTED = "[redacted]"
# Loggers whose debug lines quote messages: kept at INFO or above.
QUIET_LOGGERS = ("rasa", "rasa_sdk", "sanic", "sanic.root", "sanic.error", "sanic.access")


def redact_event(logger: Any, method_name: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """A structlog processor: debug events are dropped, private fields redacted, and an exception
    kept as its traceback without messages."""
    if method_name == "debug":
        raise structlog.DropEvent
    for name in PRIVATE_FIELDS & event_dict.keys():
        event_dict[name] = REDACTED
    exc_info = event_dict.pop("exc_info", method_name == "exception")
    if exc_info:
        if exc_info is True:
            exc_info = sys.exc_info()
        elif isinstance(exc_info, BaseException):
            exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
        if exc_info[1] is not None:
            event_dict["exception"] = exception_without_messages(exc_info)
    return event_dict


def guard_rasa_logs() -> None:
    """Install the guards in this (the Rasa server's) process; calling it again changes nothing."""
    guard_process_logs(QUIET_LOGGERS)
    # Rasa configured structlog once at start-up; its loggers share this very list.
    processors = structlog.get_config()["processors"]
    if redact_event not in processors:
        processors.insert(0, redact_event)
