"""Control messages between the gateway and the bot: defined once so both sides agree on the spelling."""

from __future__ import annotations

# The web gateway sends this when a session ends (quick exit, expiry); it maps to the forget action.
SESSION_END = "/session_end"


def from_gateway(text: str) -> bool:
    """True for the gateway's own session-end message, which is not a person typing and gets no reply."""
    return text.startswith(SESSION_END)
