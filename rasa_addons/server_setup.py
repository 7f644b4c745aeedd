"""What cyberguide changes in the Rasa server's process, installed in one call.

Rasa creates the tracker store once it has set up its logging, in every Rasa server process, so
each of cyberguide's tracker stores calls `prepare_rasa_server()` from its constructor: people's
words kept out of Rasa's logs (`private_logs`), a safe answer with the emergency numbers when an
action cannot run (`action_faults`), the action server's answers checked by one validator
built once (`action_results`), and nothing kept nor quoted when the tracker database fails
(`fail_safe`). Calling it again changes nothing.
"""

from __future__ import annotations

from rasa_addons.action_faults import tell_when_actions_fail
from rasa_addons.action_results import validate_action_results_once
from rasa_addons.fail_safe import fail_safe_keeps_nothing
from rasa_addons.private_logs import guard_rasa_logs


def prepare_rasa_server() -> None:
    """Install every change above in this (the Rasa server's) process."""
    guard_rasa_logs()
    tell_when_actions_fail()
    validate_action_results_once()
    fail_safe_keeps_nothing()
