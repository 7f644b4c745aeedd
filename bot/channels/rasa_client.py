"""Talks to the Rasa server on localhost through its REST input channel.

Only this module knows Rasa's URLs. With several Rasa instances (the production profile) each
conversation stays on one of them, chosen by a stable hash of its id (rendezvous hashing, so an
instance that goes away moves only its own conversations), and moves to the next in its order only
when its instance cannot be reached at all. Keeping a conversation on one instance is what keeps
Rasa's Redis lock store, which is not atomic across instances, from letting two instances handle
one conversation at once (rasa_addons/lock_store.py). A timeout or a dropped connection is not
retried elsewhere: that instance may still be handling the message.

Replies are reduced to the few fields the widget renders
(text, buttons, custom), so nothing else Rasa may add reaches the browser.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence
from typing import Any, TypedDict

import aiohttp

from bot.conversation.control import SESSION_END

log = logging.getLogger("cyberguide.gateway")

MAX_BUTTONS = 20
WEBHOOK = "/webhooks/rest/webhook"


class Button(TypedDict):
    title: str
    payload: str


class BotMessage(TypedDict, total=False):
    text: str
    buttons: list[Button]
    custom: dict[str, Any]


class RasaUnavailable(Exception):
    """Rasa could not answer; ``status`` is the HTTP status the gateway should return."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


class RasaClient:
    """Sends user messages to Rasa with one shared :class:`aiohttp.ClientSession`."""

    def __init__(
        self, base_url: str | Sequence[str], http: aiohttp.ClientSession, timeout: float, channel: str = "web"
    ) -> None:
        self._bases = tuple(url.rstrip("/") for url in ([base_url] if isinstance(base_url, str) else base_url))
        self._http = http
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        # Rasa's REST channel passes `input_channel` on to the tracker: a shared case says where it came from.
        self.channel = channel

    def for_channel(self, channel: str) -> RasaClient:
        """The same client (one HTTP session) speaking for another channel."""
        return RasaClient(self._bases, self._http, self._timeout.total or 0, channel)

    async def send(self, conversation_id: str, text: str) -> list[BotMessage]:
        """Send one user message; return the bot's replies. Raises :class:`RasaUnavailable`."""
        payload = {"sender": conversation_id, "message": text, "input_channel": self.channel}
        for base in route(conversation_id, self._bases):
            try:
                return await self._send_to(base, payload)
            except aiohttp.ClientConnectorError:  # nothing reached it: the next instance may take the message
                log.warning("a rasa instance is not reachable")
        raise RasaUnavailable(503, "rasa is not reachable")

    async def _send_to(self, base: str, payload: dict[str, str]) -> list[BotMessage]:
        """Send to one instance; ClientConnectorError when it could not be reached (for failover)."""
        try:
            async with self._http.post(base + WEBHOOK, json=payload, timeout=self._timeout) as response:
                if response.status != 200:
                    raise RasaUnavailable(502, f"rasa answered {response.status}")
                body = await response.json(content_type=None)
        except asyncio.TimeoutError:
            raise RasaUnavailable(504, "rasa timed out") from None
        except aiohttp.ClientConnectorError:
            raise  # for send() to try the next instance
        except aiohttp.ClientConnectionError:
            raise RasaUnavailable(503, "rasa is not reachable") from None
        except (aiohttp.ClientError, ValueError):
            raise RasaUnavailable(502, "rasa sent an unreadable answer") from None
        if not isinstance(body, list):
            raise RasaUnavailable(502, "rasa sent an unexpected answer")
        return [message for item in body if (message := clean_message(item))]

    async def end(self, conversation_id: str) -> None:
        """Tell Rasa to forget a conversation. Best effort: never raises."""
        try:
            await self.send(conversation_id, SESSION_END)
        except RasaUnavailable as error:
            log.warning("could not end a conversation in rasa: %s", error)


def route(conversation_id: str, bases: Sequence[str]) -> list[str]:
    """The instances in the order `conversation_id` tries them: the same order every time, in every
    gateway process, and removing one instance changes the first choice only of its own conversations."""
    return sorted(
        bases,
        key=lambda base: hashlib.blake2b(f"{base}\n{conversation_id}".encode(), digest_size=8).digest(),
        reverse=True,
    )


def clean_message(item: object) -> BotMessage | None:
    """Keep only the fields the widget understands, with the right types; None if empty."""
    if not isinstance(item, dict):
        return None
    message: BotMessage = {}
    text = item.get("text")
    if isinstance(text, str) and text.strip():
        message["text"] = text
    buttons = [
        Button(title=button["title"], payload=button["payload"])
        for button in item.get("buttons") or []
        if isinstance(button, dict) and isinstance(button.get("title"), str) and isinstance(button.get("payload"), str)
    ][:MAX_BUTTONS]
    if buttons:
        message["buttons"] = buttons
    custom = item.get("custom")
    if isinstance(custom, dict) and custom:
        message["custom"] = custom
    return message or None
