"""What the Telegram tests share: a stand-in for Rasa's REST channel, and a running channel.

The stand-in is a real HTTP server (for the tests that need no trained model: long replies,
Rasa coming back after a fault); the tests marked ``rasa`` use the real Rasa instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
from aiohttp import web

from bot.channels.rasa_client import RasaClient
from bot.channels.telegram.adapter import TelegramChannel, conversation_id
from bot.conversation.control import SESSION_END, SESSION_END_DELETING_SHARED
from bot.settings import Settings
from tests.channels.telegram.fake_api import TOKEN, FakeTelegram

ID_KEY = "telegram-id-key-for-the-tests"
__all__ = ["SESSION_END", "SESSION_END_DELETING_SHARED"]  # the control messages, for the tests

Replier = Callable[[str, str], list[dict[str, Any]]]


def echo(sender: str, message: str) -> list[dict[str, Any]]:
    return [{"recipient_id": sender, "text": f"I read: {message}"}]


class StandInRasa:
    """Rasa's REST webhook on loopback, answering with ``replier(sender, message)``; records every call."""

    def __init__(self, replier: Replier = echo, delay: float = 0.0, port: int = 0) -> None:
        self.replier = replier
        self.delay = delay
        self.port = port
        self.received: list[dict[str, Any]] = []
        self._runner: web.AppRunner | None = None

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body)
        if self.delay:
            await asyncio.sleep(self.delay)
        if body["message"].startswith(SESSION_END):
            return web.json_response([])
        return web.json_response(self.replier(body["sender"], body["message"]))

    async def start(self) -> StandInRasa:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self._webhook)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def messages(self) -> list[str]:
        return [item["message"] for item in self.received]


def settings_for(fake: FakeTelegram, rasa_url: str, **more: Any) -> Settings:
    return dataclasses.replace(
        Settings(),
        telegram_bot_token=TOKEN,
        telegram_api_url=fake.url,
        telegram_id_key=ID_KEY,
        rasa_url=rasa_url,
        **more,
    )


def conversation_of(user_id: int) -> str:
    return conversation_id(user_id, ID_KEY)


@contextlib.asynccontextmanager
async def polling_channel(settings: Settings, **options: Any) -> AsyncIterator[TelegramChannel]:
    """The real channel, polling the fake Bot API, until the block ends."""
    options.setdefault("poll_timeout", 1)
    async with aiohttp.ClientSession() as http:
        channel = TelegramChannel(settings, RasaClient(settings.rasa_url, http, settings.rasa_timeout), **options)
        await channel.start_polling()
        try:
            yield channel
        finally:
            await channel.stop()


@contextlib.asynccontextmanager
async def telegram_in_front_of(rasa_url: str) -> AsyncIterator[tuple[FakeTelegram, TelegramChannel]]:
    """The fake Bot API and the real channel polling it, in front of the Rasa at ``rasa_url``.

    No "taking longer than usual" notice (a loaded test machine is slow): tests read the replies
    Rasa gives, and the notice is tested on its own.
    """
    fake = await FakeTelegram().start()
    try:
        async with polling_channel(settings_for(fake, rasa_url, telegram_slow_reply=600.0)) as channel:
            yield fake, channel
    finally:
        await fake.stop()
