"""Plain, kind error answers. Every API error is JSON: {"error": "<a sentence a person can read>"}."""

from __future__ import annotations

from aiohttp import web

BAD_JSON = "Sorry, that message could not be read. Please try again."
BAD_FIELDS = 'Sorry, that message could not be read. Please send {"text": "your message"}.'
STALE_CHOICE = "That choice is no longer available. Please type your answer instead."
EMPTY = "Please type a message first."
NOT_JSON = "Please send the message as JSON (Content-Type: application/json)."
NO_SESSION = "This chat has ended or timed out. Please start a new chat."
ORIGIN = "This chat can't be used from this website."
TOO_BIG = "That request is too large."
TOO_FAST = "You're sending messages very fast. Please wait a moment, then try again."
BUSY = "cyberguide is very busy right now. Please try again in a few minutes."
NETWORK_BUSY = "Too many chats are open from your network right now. Please try again in a few minutes."
NOT_FORGOTTEN = (
    "Your chat is closed, but cyberguide could not yet confirm that it was erased. It will keep trying by itself."
)
COMPRESSED = "Please send the request without compression (no Content-Encoding)."
MALFORMED = "Sorry, that request could not be read."
NOT_FOUND = "There is nothing here."
NOT_ALLOWED = "That method is not allowed here."
# When Rasa is down or too slow the answer is bot.conversation.fallback.cannot_reply() (every
# country's emergency number first), the same as when the action server is down.


def too_long(limit: int) -> str:
    return f"That message is too long. Please keep each message under {limit} characters, or send it in parts."


def json_error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    """A JSON error response with a human sentence."""
    return web.json_response({"error": message}, status=status, headers=headers)
