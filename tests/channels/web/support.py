"""The gateway as it is served in production, on a loopback port, in front of a stand-in for Rasa.

The stand-in is a real HTTP server that records every message it receives, so tests can check
exactly what reached "Rasa" (and make it fail). The gateway runs under
:class:`bot.channels.web.connections.GatewayRunner`, as ``python -m bot.channels.web`` runs it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from aiohttp.web_runner import BaseRunner

from bot.channels.web.app import create_app
from bot.channels.web.connections import GatewayRunner
from bot.channels.web.ratelimit import RateLimits
from bot.channels.web.sessions import SessionPolicy
from bot.settings import Settings

SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"
PARTNER = "https://helpline.example"
SECURITY_HEADERS = ("Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options")
SESSION_END = "/session_end"


class FakeRasa:
    """A stand-in for Rasa's REST channel that records every message it is sent."""

    def __init__(self, echo: bool = True) -> None:
        self.received: list[dict[str, Any]] = []
        self.status = 200
        self.failing_ends = 0  # answer this many /session_end calls with a 500
        self.extra: dict[str, Any] = {}  # more fields for the first reply (e.g. a custom payload)
        self.echo = echo
        self.silent = False  # answer every message with no replies at all
        self.app = web.Application()
        self.app.router.add_post("/webhooks/rest/webhook", self._webhook)

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body)
        if self.status != 200:
            return web.Response(status=self.status, text="boom")
        if body["message"].startswith(SESSION_END):
            if self.failing_ends > 0:
                self.failing_ends -= 1
                return web.Response(status=500, text="boom")
            return web.json_response([])
        if self.silent:
            return web.json_response([])
        first = f"You said: {body['message']}" if self.echo else "I'm listening."
        return web.json_response(
            [
                {"recipient_id": body["sender"], "text": first, **self.extra},
                {
                    "recipient_id": body["sender"],
                    "text": "Where do you live?",
                    "buttons": [{"title": "Texas", "payload": "I live in Texas"}],
                    "image": "https://tracker.example/pixel.gif",
                },
            ]
        )

    def senders(self) -> list[str]:
        return [item["sender"] for item in self.received]

    def ends(self) -> list[str]:
        return [item["sender"] for item in self.received if item["message"].startswith(SESSION_END)]


class GatewayTestServer(TestServer):
    """aiohttp's test server, serving the app with the gateway's own runner."""

    async def _make_runner(self, **kwargs: Any) -> BaseRunner:
        return GatewayRunner(self.app, **kwargs)


def settings_for(rasa_url: str = "http://127.0.0.1:9", **overrides: Any) -> Settings:
    return dataclasses.replace(
        Settings(),
        rasa_url=rasa_url,
        secret_key=SECRET,
        allowed_origins=(PARTNER,),
        max_message_chars=2000,
        **overrides,
    )


@contextlib.asynccontextmanager
async def gateway(
    limits: RateLimits = RateLimits(),
    rasa_up: bool = True,
    policy: SessionPolicy | None = None,
    sweep_interval: float = 30.0,
    fake: FakeRasa | None = None,
    **overrides: Any,
) -> AsyncIterator[tuple[TestClient, FakeRasa]]:
    """A gateway on a loopback port in front of a FakeRasa (or in front of nothing)."""
    fake = fake or FakeRasa()
    rasa_server = TestServer(fake.app, host="127.0.0.1")
    await rasa_server.start_server(access_log=None)
    rasa_url = str(rasa_server.make_url("")).rstrip("/")
    if not rasa_up:
        await rasa_server.close()  # the port is now closed: "Rasa is down"
    app = create_app(settings_for(rasa_url, **overrides), limits=limits, policy=policy, sweep_interval=sweep_interval)
    server = GatewayTestServer(app, host="127.0.0.1")
    # access_log=None, as in production (python -m bot.channels.web): no address or path logging.
    await server.start_server(access_log=None)
    client = TestClient(server)
    await client.start_server()
    try:
        yield client, fake
    finally:
        await client.close()
        if rasa_up:
            await rasa_server.close()


def run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    asyncio.run(scenario())


async def new_token(client: TestClient, **kwargs: Any) -> str:
    response = await client.post("/api/session", **kwargs)
    assert response.status == 201, await response.text()
    return str((await response.json())["token"])


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def say(client: TestClient, token: str, text: Any, **kwargs: Any) -> aiohttp.ClientResponse:
    return await client.post("/api/message", json={"text": text}, headers=bearer(token), **kwargs)


async def error_of(response: aiohttp.ClientResponse) -> str:
    body = await response.json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"], str) and body["error"].endswith("."), body
    return str(body["error"])
