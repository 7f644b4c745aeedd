"""Talks to the Rasa server on localhost through its REST input channel.

Only this module knows Rasa's URL. Replies are reduced to the few fields the widget renders
(text, buttons, custom), so nothing else Rasa may add reaches the browser.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, TypedDict

import aiohttp

from bot.conversation.control import SESSION_END

log = logging.getLogger("cyberguide.gateway")

MAX_BUTTONS = 20


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

    def __init__(self, base_url: str, http: aiohttp.ClientSession, timeout: float, channel: str = "web") -> None:
        self._url = base_url.rstrip("/") + "/webhooks/rest/webhook"
        self._http = http
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        # Rasa's REST channel passes `input_channel` on to the tracker: a shared case says where it came from.
        self.channel = channel

    def for_channel(self, channel: str) -> RasaClient:
        """The same client (one HTTP session) speaking for another channel."""
        return RasaClient(
            self._url.removesuffix("/webhooks/rest/webhook"), self._http, self._timeout.total or 0, channel
        )

    async def send(self, conversation_id: str, text: str) -> list[BotMessage]:
        """Send one user message; return the bot's replies. Raises :class:`RasaUnavailable`."""
        payload = {"sender": conversation_id, "message": text, "input_channel": self.channel}
        try:
            async with self._http.post(self._url, json=payload, timeout=self._timeout) as response:
                if response.status != 200:
                    raise RasaUnavailable(502, f"rasa answered {response.status}")
                body = await response.json(content_type=None)
        except asyncio.TimeoutError:
            raise RasaUnavailable(504, "rasa timed out") from None
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
