"""The short, safe answer a person gets when cyberguide cannot answer properly: never silence.

Used wherever an answer would otherwise be missing: by the Rasa server when the action server
cannot be reached or fails (rasa_addons/action_faults.py), and by the gateway when Rasa gives no
reply, is down or is too slow. Nobody can tell then whether the person is in danger, so the answer
starts with every country's emergency number, read once from the knowledge base in the background
(reading it takes a few seconds; until then, and if it cannot be read, "your local emergency number").
"""

from __future__ import annotations

import logging
import threading

from bot.conversation.replies import reply

log = logging.getLogger(__name__)

_numbers: str | None = None
_loading: threading.Thread | None = None
_lock = threading.Lock()


def load_numbers() -> threading.Thread:
    """Start reading the emergency numbers in a background thread (once per process); the thread."""
    global _loading
    with _lock:
        if _loading is None:
            _loading = threading.Thread(target=_read_numbers, name="emergency-numbers", daemon=True)
            _loading.start()
        return _loading


def _read_numbers() -> None:
    global _numbers
    try:
        from bot.knowledge.queries import all_emergency_numbers
        from bot.knowledge.service import get_knowledge_base

        _numbers = all_emergency_numbers(get_knowledge_base()) or None
    except Exception as error:  # an unreadable knowledge base must not stop the answer
        log.error("could not read the emergency numbers (%s)", type(error).__name__)


def emergency_numbers() -> str:
    """'000 in Australia, 911 in Canada, ...', or the general words while they are not (yet) read."""
    return _numbers or reply("local_emergency_number")


def cannot_reply() -> str:
    """The safe answer: the emergency numbers first, then that cyberguide can't answer right now."""
    return reply("cannot_reply").format(numbers=emergency_numbers())
