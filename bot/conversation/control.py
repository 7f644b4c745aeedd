"""Control messages between the gateway and the bot: defined once so both sides agree on the spelling."""

from __future__ import annotations

# The gateway sends this when a session ends (quick exit, expiry, Telegram's /exit); it maps to
# the forget action. A summary the person agreed to share with the helpline is kept.
SESSION_END = "/session_end"
# The same, when the person asked to delete their data (the widget's "Delete chat", Telegram's
# /delete): the summary they shared goes too. The `choice` entity is declared in the domain.
SESSION_END_DELETING_SHARED = '/session_end{"choice": "delete_shared"}'


def from_gateway(text: str) -> bool:
    """True for the gateway's own session-end message, which is not a person typing and gets no reply."""
    return text.startswith(SESSION_END)


def deletes_shared(text: str) -> bool:
    """Whether this session end is a request to delete everything, the shared summary included."""
    return text == SESSION_END_DELETING_SHARED
