"""How a simulated person reaches cyberguide: through the public gateway, or Rasa's REST channel.

Both return the bot's replies as dicts with `text`, `buttons` and `custom`. A button is tapped
with :meth:`Transport.tap`: through the gateway that sends the button's opaque id (as the widget
does); over REST it sends the button's payload (as the terminal client does).
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.request
from typing import Any, Protocol

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
