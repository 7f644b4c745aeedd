"""How a simulated person reaches cyberguide: through the public gateway, Rasa's REST channel, or Telegram.

All return the bot's replies as dicts with `text`, `buttons` and `custom`. A button is tapped
with :meth:`Transport.tap`: through the gateway that sends the button's opaque id (as the widget
does); over REST it sends the button's payload (as the terminal client does); over Telegram it
taps the inline keyboard's button (a callback query with its opaque data, as the Telegram app does).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import secrets
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from tests.channels.telegram.fake_api import FakeTelegram, Sent

Reply = dict[str, Any]


def _post(url: str, body: dict[str, Any], token: str | None = None, timeout: float = 120) -> tuple[int, Any]:
    """POST JSON; a 429 is waited out as a polite client would (Retry-After), up to a few times."""
    for _ in range(5):
        status, answer, wait = _post_once(url, body, token, timeout)
        if status != 429:
            return status, answer
        time.sleep(wait)
    return status, answer


def _post_once(url: str, body: dict[str, Any], token: str | None, timeout: float) -> tuple[int, Any, float]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null"), 0.0
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), float(error.headers.get("Retry-After") or 1)


class Transport(Protocol):
    name: str

    def say(self, text: str) -> list[Reply]: ...

    def tap(self, button: Reply) -> list[Reply]: ...


class RestTransport:
    """Rasa's REST channel on loopback (never exposed): the sender id is ours to choose."""

    name = "rest"

    def __init__(self, rasa_url: str) -> None:
        self.url = f"{rasa_url}/webhooks/rest/webhook"
        self.sender = secrets.token_hex(12)

    def _send(self, message: str) -> list[Reply]:
        status, body = _post(self.url, {"sender": self.sender, "message": message})
        assert status == 200, f"rasa answered {status}"
        return list(body or [])

    def say(self, text: str) -> list[Reply]:
        return self._send(text)

    def tap(self, button: Reply) -> list[Reply]:
        return self._send(button["payload"])


class GatewayTransport:
    """The public gateway, exactly as the widget uses it: a session token, text or a button id."""

    name = "gateway"

    def __init__(self, gateway_url: str) -> None:
        self.url = gateway_url.rstrip("/")
        status, body = _post(f"{self.url}/api/session", {})
        assert status == 201, f"gateway answered {status} to a new session"
        self.token = body["token"]

    def _send(self, body: dict[str, Any]) -> list[Reply]:
        status, answer = _post(f"{self.url}/api/message", body, self.token)
        assert status == 200, f"gateway answered {status}: {answer}"
        return list(answer.get("messages") or [])

    def say(self, text: str) -> list[Reply]:
        return self._send({"text": text})

    def tap(self, button: Reply) -> list[Reply]:
        return self._send({"button": button["id"]})


class TelegramTransport:
    """A person in a private Telegram chat with the bot: the real python-telegram-bot channel polling the
    fake Bot API (tests/channels/telegram/fake_api.py) in ``loop``, driven from another thread.

    A reply is every message the bot sent after the person's, once it has gone quiet; a message's
    buttons are its inline keyboard (title and callback data). Only text and buttons arrive, as in
    the Telegram app, so the assessment is known by its "Who can help" section.
    """

    name = "telegram"
    _users = itertools.count(8_100_000_001)

    def __init__(self, telegram: FakeTelegram, loop: asyncio.AbstractEventLoop, timeout: float = 120) -> None:
        self.telegram = telegram
        self.loop = loop
        self.timeout = timeout
        self.user = next(self._users)

    def _exchange(self, act: Any) -> list[Reply]:
        async def go() -> list[Sent]:
            chat = self.telegram.chat(self.user)
            before = len([m for m in chat.messages if m.from_bot])
            act()
            return await self.telegram.replies_after(self.user, before, timeout=self.timeout, settle=0.6)

        sent = asyncio.run_coroutine_threadsafe(go(), self.loop).result(self.timeout + 10)
        return [
            {
                "text": message.text,
                "buttons": [
                    {"title": b["text"], "id": b["callback_data"], "message": message} for b in message.buttons
                ],
            }
            for message in sent
        ]

    def say(self, text: str) -> list[Reply]:
        return self._exchange(lambda: self.telegram.user_says(self.user, text))

    def tap(self, button: Reply) -> list[Reply]:
        return self._exchange(lambda: self.telegram.user_taps(self.user, button["message"], button["id"]))
